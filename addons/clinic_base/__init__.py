# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The franchise, its clinics, the sharing policy and its record rules.

The three mixins that enforce the policy and the call boundary on every
class of the pool are registered here, as classes, not in tryton.cfg's
``[register_mixin]``: Tryton resolves a mixin given by name once for each
class of the pool and each mixin at every pool start, through a scan of the
installed entry points each time (``trytond.tools.resolve``). With three
mixins on some 1,900 classes that was 5,700 scans, about 0.7 s of a 2.4 s
start (and ``Pool.start`` appends a ``[register_mixin]`` section again at
each call).
"""
from trytond.model import ModelSQL
from trytond.pool import Pool, PoolBase
from trytond.wizard import Wizard

from .call_rules import CheckedCalls
from .closed import ClosedByDefault, ClosedWizard

for mixin, classinfo in [
        (ClosedByDefault, ModelSQL),
        (ClosedWizard, Wizard),
        (CheckedCalls, PoolBase),
        ]:
    Pool.register_mixin(mixin, classinfo, module='clinic_base')
