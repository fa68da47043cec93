# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Buttons and wizards that stay within the write rules.

Tryton 8.0 lets a user click a button, or run a wizard, on any record they
may read: both check the read rules, then run without access checks. Where
the sharing policy opens records for reading only, a clinic could then post
another clinic's invoice, credit it, mark its treatment done or confirm its
appointment. ``ButtonsWithinWriteRules`` checks the write rules of the
records first when a user clicks a button (with access checks on);
``check_active_records_writable`` does the same for the records a wizard
runs on, for every wizard that does not declare that it leaves them alone
(``closed.changes_active_records``).
"""
import functools

from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import (
    Transaction, check_access, without_check_access)


class ButtonsWithinWriteRules:
    "Mixin for models whose read rules open more than their write rules"
    __slots__ = ()

    @classmethod
    def __post_setup__(cls):
        super().__post_setup__()
        for name in getattr(cls, '_buttons', {}):
            guard_button(cls, name)

    @classmethod
    def check_write_rules(cls, records, action):
        """Refuse on records the user may not write the action, a function
        that returns its label"""
        pool = Pool()
        Rule = pool.get('ir.rule')
        domain = Rule.domain_get(cls.__name__, mode='write')
        ids = {r.id for r in records if r.id is not None and r.id >= 0}
        if not domain or not ids:
            return
        with without_check_access():
            writable = {r.id for r in cls.search(
                        [('id', 'in', list(ids)), domain])}
            refused = sorted(ids - writable)
            if refused:
                raise AccessError(gettext(
                        'clinic_base.msg_shared_read_only_action',
                        action=action(), record=cls(refused[0]).rec_name,
                        model=cls.__names__()['model']))

    @classmethod
    def button_string(cls, button):
        "The label of the button as the user sees it"
        return label('ir.model.button', [
                ('model', '=', cls.__name__),
                ('name', '=', button),
                ], 'string', button)


def check_active_records_writable(Wizard):
    """Refuse to run Wizard on active records of a model whose read rules
    open more than its write rules, where the user may not write them"""
    transaction = Transaction()
    context = transaction.context
    model = context.get('active_model')
    if not transaction.user or not model or model == 'ir.ui.menu':
        return
    try:
        Model = Pool().get(model)
    except KeyError:
        return  # no such model: Tryton's own check refuses it
    if not issubclass(Model, ButtonsWithinWriteRules):
        return
    ids = set(context.get('active_ids') or [])
    if context.get('active_id') is not None:
        ids.add(context['active_id'])
    with check_access():
        Model.check_write_rules(
            Model.browse(ids), lambda: action_string(Wizard))


def action_string(Wizard):
    "The name of the wizard's action as the user sees it"
    return label('ir.action.wizard', [('wiz_name', '=', Wizard.__name__)],
        'name', Wizard.__name__)


def label(model, domain, field, default):
    """The field of the first record of model in domain (a label the user
    sees), or default"""
    with without_check_access():
        records = Pool().get(model).search(domain, limit=1)
    return (getattr(records[0], field) if records else None) or default


def guard_button(cls, name):
    "Check the write rules before the button name of cls runs"
    method = getattr(cls, name, None)
    func = getattr(method, '__func__', None)
    if func is None or getattr(func, 'within_write_rules', False):
        return

    @functools.wraps(func)
    def guarded(cls, records, *args, **kwargs):
        transaction = Transaction()
        if transaction.user and transaction.check_access:
            cls.check_write_rules(
                records, lambda: cls.button_string(name))
        return func(cls, records, *args, **kwargs)
    guarded.within_write_rules = True
    setattr(cls, name, classmethod(guarded))
