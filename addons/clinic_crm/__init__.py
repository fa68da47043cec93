# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The CRM of the clinics, an add-on each clinic switches on (company.py).

A lead is a potential patient: a party of the clinic marked as its lead
(party.py), never a copy of one, with its phones and e-mails as Tryton's
contact mechanisms and what the clinic knows of how to reach them. Each
request of a lead (what they asked about, by which channel, in which
status) is a Tryton sale opportunity (request.py): lead, opportunity,
converted or lost. Activities (activity.py) are the calls, letters and
visits with a lead or a patient, private ones read only by their
responsible user and the CRM managers (ir.py gives the rules the user). The
leads follow the clinics' sharing policy of CRM leads (sharing.py): a shared
request shows its lead's name. The CRM's menus show only in a clinic that
has it on (menu.py). A lead is qualified into a patient (qualify.py), an
activity due rings its responsible's bell (bell.py), the activities are in
the calendar of dated events (calendar.py), and a patient's complaint is an
incident (incident.py), recorded too from an e-mail to the clinic's
incidents mailbox (inbound_email.py). A segment (segment.py) selects the
patients and leads a campaign (campaign.py, Tryton's marketing automation)
writes to; its recipients (recipient.py) are excluded without consent and
tracked as they open, click, ask and book.
"""
