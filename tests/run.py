"""Run the whole suite on one database backend and print the tally.

The backend comes from the environment, as Tryton's own test tools expect:
TRYTOND_DATABASE_URI (sqlite:// or postgresql://...), DB_NAME and DB_CACHE.
Usage: python -m tests.run [--tally FILE] [--part addons|root]
    [--addons-only NAMES | --addons-except NAMES] [-k PATTERN]

--part runs the addons' tests only, or the cross-module tests of tests/
only: the two use different module sets (hence different DB_CACHE
templates), so they may run side by side, each on a database of its own.
--addons-only and --addons-except split the addons' tests the same way (the
addons' module sets differ from each other).
"""
import argparse
import glob
import importlib
import json
import os
import sys
import time
import unittest
from fnmatch import fnmatchcase

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def module_suites(loader, parts=('addons', 'root'), addons=None):
    """Yield the test modules of every clinic addon (of those addons keeps,
    a function of the addon's name), then the root tests.

    A test module whose name matches a pattern (-k clinic_dental) is loaded
    whole: Tryton matches its scenarios by their file name alone."""
    if 'addons' in parts:
        yield from addon_suites(loader, addons)
    if 'root' in parts:
        yield loader.discover(os.path.join(ROOT, 'tests'),
            pattern='test_*.py', top_level_dir=ROOT)


def addon_suites(loader, addons=None):
    "Yield the test modules of every clinic addon (that addons keeps)"
    whole = unittest.TestLoader()
    for tests_dir in sorted(glob.glob(os.path.join(
                    ROOT, 'addons', 'clinic_*', 'tests'))):
        module = os.path.basename(os.path.dirname(tests_dir))
        if addons and not addons(module):
            continue
        for path in sorted(glob.glob(os.path.join(tests_dir, 'test_*.py'))):
            name = f'{module}.tests.' + os.path.splitext(
                os.path.basename(path))[0]
            chosen = whole if any(fnmatchcase(name, p)
                for p in loader.testNamePatterns or []) else loader
            yield chosen.loadTestsFromModule(importlib.import_module(name))


def failed_tests(result):
    """Return the ids of the tests that failed: a test whose subtests fail
    is one failed test, however many of its subtests failed"""
    def test_id(test):
        return getattr(test, 'test_case', test).id()
    return {test_id(t) for t, _ in result.failures + result.errors} | {
        test_id(t) for t in result.unexpectedSuccesses}


class TimedResult(unittest.TextTestResult):
    """A text result that also times each test, and the gap before it (its
    class's setUpClass: the module activation, the franchise build)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timings = []
        self._last = time.monotonic()

    def startTest(self, test):
        now = time.monotonic()
        self._setup = now - self._last
        self._start = now
        super().startTest(test)

    def stopTest(self, test):
        super().stopTest(test)
        now = time.monotonic()
        self.timings.append((now - self._start, self._setup, test.id()))
        self._last = now

    def print_slowest(self, count=25):
        "Print the slowest setups and tests, and the time of each module"
        def seconds(entries):
            return sum(t for t, _ in entries)
        setups = sorted(((s, i) for _, s, i in self.timings), reverse=True)
        tests = sorted(((t, i) for t, _, i in self.timings), reverse=True)
        self.stream.writeln("Slowest setups (before the test named):")
        for spent, test_id in setups[:count]:
            self.stream.writeln("  %7.1f s  %s" % (spent, test_id))
        self.stream.writeln("Slowest tests:")
        for spent, test_id in tests[:count]:
            self.stream.writeln("  %7.1f s  %s" % (spent, test_id))
        self.stream.writeln("Time per test module (setups and tests):")
        for module, spent in sorted(self.module_times().items(),
                key=lambda item: -item[1]):
            self.stream.writeln("  %7.1f s  %s" % (spent, module))
        self.stream.writeln("Setups %.0f s, tests %.0f s" % (
                seconds(setups), seconds(tests)))

    def module_times(self):
        """Return the seconds spent in each test module (a scenario counts
        as its own)"""
        times = {}
        for spent, setup, test_id in self.timings:
            module = test_id.rsplit('.', 2)[0] if '.' in test_id else test_id
            times[module] = times.get(module, 0) + spent + setup
        return times


def addons_kept(args):
    """The function that keeps an addon's tests by its name, as the options
    say, or None for all"""
    if args.addons_only:
        return set(args.addons_only.split(',')).__contains__
    if args.addons_except:
        excepted = set(args.addons_except.split(','))
        return lambda name: name not in excepted


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--tally', help="write the counts as JSON here")
    parser.add_argument('-k', dest='patterns', action='append',
        help="only the tests whose name matches (unittest -k)")
    parser.add_argument('--part', choices=['addons', 'root'],
        help="only the addons' tests, or only the tests of tests/")
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument('--addons-only', metavar='NAME[,NAME]',
        help="of the addons' tests, only those of these addons")
    chosen.add_argument('--addons-except', metavar='NAME[,NAME]',
        help="of the addons' tests, all but those of these addons")
    args = parser.parse_args()
    addons = addons_kept(args)
    sys.path.insert(0, ROOT)
    loader = unittest.TestLoader()
    if args.patterns:
        loader.testNamePatterns = [
            p if '*' in p else f'*{p}*' for p in args.patterns]
    suite = unittest.TestSuite(module_suites(
            loader, [args.part] if args.part else ['addons', 'root'],
            addons))
    result = unittest.TextTestRunner(
        verbosity=2, buffer=False, resultclass=TimedResult).run(suite)
    result.print_slowest()
    failed = len(failed_tests(result))
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    backend = os.environ.get('TRYTOND_DATABASE_URI', 'sqlite://').split(':')[0]
    if args.part:
        backend += f' ({args.part})'
    if args.addons_only or args.addons_except:
        backend += ' [%s%s]' % (
            '' if args.addons_only else 'all but ',
            args.addons_only or args.addons_except)
    print(f"{backend}: {passed} passed, {failed} failed, {skipped} skipped")
    if args.tally:
        with open(args.tally, 'w') as fp:
            json.dump({'passed': passed, 'failed': failed,
                    'skipped': skipped}, fp)
    # a part may hold no test that a pattern names (scripts/test.sh checks
    # that some part ran one)
    return 1 if failed or not (result.testsRun or args.part) else 0


if __name__ == '__main__':
    sys.exit(main())
