"""python -m demo build | serve: the demo franchise from the command line."""
import argparse
import os
import subprocess
import sys

from .franchise import CENTRAL_USERS, CLINIC_USERS, PASSWORD, Sizes
from .people import CENTRAL_STAFF, clinic_staff_name

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VAR = os.path.join(ROOT, 'var')
DATABASE = 'demo'
MODULES = [
    'clinic_central', 'clinic_agenda', 'clinic_dental', 'clinic_l10n_es',
    'clinic_billing', 'clinic_crm',
    'account_invoice', 'sale']
ADMIN_PASSWORD = 'admin-Demo-8'


def parse_args(argv):
    parser = argparse.ArgumentParser(prog='python -m demo')
    commands = parser.add_subparsers(dest='command', required=True)
    build = commands.add_parser('build', help="fill a database")
    build.add_argument('-c', '--config', help="trytond configuration file")
    build.add_argument('-d', '--database', required=True)
    build.add_argument('--name', default="Clínicas Sonríe")
    build.add_argument('--mode', choices=['configuring', 'dataless'],
        default='configuring')
    build.add_argument('--login-prefix', default='')
    build.add_argument('--no-users', action='store_true')
    for size, default in [('clinics', 3), ('patients', 20),
            ('appointments', 8), ('invoices', 10), ('budgets', 3),
            ('histories', 5)]:
        build.add_argument('--' + size, type=int, default=default,
            help="how many (per clinic, but for clinics); default %d"
            % default)
    build.add_argument('--no-post', action='store_true',
        help="leave the invoices in draft (faster for large sizes)")
    build.add_argument('--language', metavar='CODE',
        help="then load the language CODE (es) and make it the database's: "
        "the users work in it (trytond-admin does so for the language of "
        "the configuration)")
    serve = commands.add_parser('serve', help="prepare and serve the demo")
    serve.add_argument('--reset', action='store_true',
        help="drop the demo database and start over")
    serve.add_argument('--port', type=int, default=8000)
    return parser.parse_args(argv)


def command_build(args):
    from . import franchise
    sizes = Sizes(
        clinics=args.clinics, patients=args.patients,
        appointments=args.appointments, invoices=args.invoices,
        budgets=args.budgets, post_invoices=not args.no_post,
        histories=args.histories)
    # (the language first: what the demo writes for its users to read, as
    # the notifications of their bell, is in their language)
    if args.language:
        franchise.run_alone(
            args.database, lambda: franchise.use_language(args.language))
    built = franchise.run_alone(args.database, lambda: franchise.build(
            sizes, name=args.name, mode=args.mode, users=not args.no_users,
            login_prefix=args.login_prefix))
    print("Built franchise %r: a central and %d clinics" % (
            args.name, len(built.clinics)))
    if args.language:
        print("Every user of the database works in %s" % args.language)


def trytond_config(port):
    os.makedirs(VAR, exist_ok=True)
    path = os.path.join(VAR, 'trytond.conf')
    with open(os.path.join(ROOT, 'config', 'demo.conf')) as fp:
        text = fp.read().format(root=ROOT, port=port)
    with open(path, 'w') as fp:
        fp.write(text)
    return path


def venv_command(name):
    return os.path.join(os.path.dirname(sys.executable), name)


def create_database(config):
    "Create the SQLite demo database, activate the suite, load the franchise"
    open(os.path.join(VAR, DATABASE + '.sqlite'), 'a').close()
    passfile = os.path.join(VAR, 'admin-password')
    with open(passfile, 'w') as fp:
        fp.write(ADMIN_PASSWORD)
    env = dict(os.environ, TRYTONPASSFILE=passfile)
    try:
        print("Activating the clinic modules (a minute or two)...",
            flush=True)
        # (Spanish, the configuration's language, is loaded and the users';
        # -l en keeps English in the languages a user may choose)
        subprocess.run([venv_command('trytond-admin'), '-c', config,
                '-d', DATABASE, '--all', '--activate-dependencies',
                '-u', *MODULES, '-l', 'en', '--email', 'admin@localhost'],
            env=env, check=True)
        print("Loading the demo franchise...", flush=True)
        subprocess.run([sys.executable, '-m', 'demo', 'build', '-c', config,
                '-d', DATABASE], cwd=ROOT, check=True)
    except subprocess.CalledProcessError:
        # Leave no half-built demo behind: the next run starts over
        os.remove(os.path.join(VAR, DATABASE + '.sqlite'))
        raise


def print_logins(port):
    print("\nThe demo franchise is served at http://localhost:%d/" % port)
    print("Database: %s; every demo user's password: %s" % (
            DATABASE, PASSWORD))
    print("  %-20s %s" % ('admin', "Tryton administrator (password %s)"
            % ADMIN_PASSWORD))
    for login, role, _ in CENTRAL_USERS:
        print("  %-20s %s, %s at the central" % (
                login, CENTRAL_STAFF[login], role))
    for index, (clinic, prefix) in enumerate([('Madrid', 'mad'),
                ('Barcelona', 'bcn'), ('Valencia', 'vlc')]):
        for suffix, role, _ in CLINIC_USERS:
            print("  %-20s %s, %s in %s" % ('%s.%s' % (prefix, suffix),
                    clinic_staff_name(suffix, index), role, clinic))
    print("Every user works in Spanish; English is a preference away "
        "(Preferences > Language: English)")
    print(flush=True)


def command_serve(args):
    config = trytond_config(args.port)
    database = os.path.join(VAR, DATABASE + '.sqlite')
    if args.reset and os.path.exists(database):
        os.remove(database)
    if not os.path.exists(database) or not os.path.getsize(database):
        create_database(config)
    else:
        print("Reusing the demo database %s (make demo-reset starts over)"
            % database)
    print_logins(args.port)
    os.execv(venv_command('trytond'), [
            'trytond', '-c', config, '-d', DATABASE])


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    if args.command == 'build':
        if args.config:
            os.environ['TRYTOND_CONFIG'] = args.config
        from trytond import config as tryton_config
        tryton_config.update_etc(args.config)
        command_build(args)
    else:
        command_serve(args)


if __name__ == '__main__':
    main()
