# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Tryton's pool, kept per set of activated modules for the test run.

Each test case restores its database from Tryton's DB_CACHE, and Tryton
then loads its pool again (``Pool.init``): the classes of every module set
up anew, 4 to 5 s, although the modules are those of a database restored
before (a scenario loads it twice: once restored, once for proteus). The
pool loaded for a set of activated modules is kept and given back to the
next database of the same modules, with Tryton's caches of the database
dropped, as a new pool starts without them. An update (an activation)
loads the pool as Tryton does, and forgets the pools kept.
"""
from trytond.cache import Cache
from trytond.pool import Pool
from trytond.transaction import Transaction

_KEPT = {}
_tryton_init = Pool.init


def init(pool, update=None, lang=None, activatedeps=False, indexes=None):
    "Pool.init, giving back the pool kept for the database's modules"
    if update or lang or activatedeps or indexes:
        _KEPT.clear()
        return _tryton_init(pool, update=update, lang=lang,
            activatedeps=activatedeps, indexes=indexes)
    modules = activated_modules(pool.database_name)
    if modules not in _KEPT:
        _tryton_init(pool)
        _KEPT[modules] = (pool._pool, pool._modules)
        return
    with Pool._lock:
        pool._pool, pool._modules = _KEPT[modules]
        Pool._pools[pool.database_name] = pool._pool
        Pool._pool_modules[pool.database_name] = pool._modules
        Pool._pool_instances.clear()
        Pool._pool_instances.add(pool)
        pool.ready = True
    Cache.drop(pool.database_name)


def activated_modules(database_name):
    "The names of the modules activated in the database, as a tuple"
    def names():
        cursor = Transaction().connection.cursor()
        cursor.execute("SELECT name FROM ir_module "
            "WHERE state IN ('activated', 'to upgrade', 'to remove') "
            "ORDER BY name")
        return tuple(name for name, in cursor)
    if not Transaction().connection:
        with Transaction().start(database_name, 0, readonly=True):
            return names()
    with Transaction().new_transaction(readonly=True):
        return names()


Pool.init = init
