# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The DMFT index: decayed, missing and filled teeth, each tooth counted once
(in capitals for the permanent teeth, dmft in lower case for the deciduous
ones)."""
from . import tooth as fdi


def dmft(findings, dentition='permanent'):
    """Return the counts of decayed, missing and filled teeth of the
    dentition in the findings, each tooth counted once.

    Only what is in the mouth counts: existing findings and done treatments.
    A missing tooth counts as missing; else a tooth with caries counts as
    decayed, unless a filling was done on it since; else a filled tooth
    counts as filled."""
    deciduous = dentition == 'deciduous'
    kinds = {}
    for finding in findings:
        if (finding.status not in {'existing', 'done'}
                or fdi.is_deciduous(finding.tooth) != deciduous):
            continue
        kinds.setdefault(finding.tooth, set()).add(
            (finding.kind.dmft, finding.status))
    counts = {'decayed': 0, 'missing': 0, 'filled': 0}
    for tooth_kinds in kinds.values():
        letter = tooth_letter({k for k, _ in tooth_kinds},
            ('filled', 'done') in tooth_kinds)
        if letter:
            counts[letter] += 1
    return counts


def tooth_letter(kinds, filled_done):
    "Return how a tooth with the DMFT kinds counts: its letter or None"
    if 'missing' in kinds:
        return 'missing'
    if 'decayed' in kinds and not filled_done:
        return 'decayed'
    if 'filled' in kinds:
        return 'filled'
