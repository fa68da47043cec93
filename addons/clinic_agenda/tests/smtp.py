# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), with Tryton's
e-mail settings pointed at it"""
import socket
from contextlib import contextmanager
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

import trytond.config as config


class Mailbox:
    """What the server received: the messages, parsed, and who each was
    delivered to; the addresses in refused are answered with a 550"""

    def __init__(self, refused=()):
        self.messages = []
        self.refused = set(refused)

    async def handle_RCPT(self, server, session, envelope, address,
            rcpt_options):
        if address in self.refused:
            return '550 No such mailbox here'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return '250 Message accepted for delivery'

    def to(self, address):
        "Return the messages delivered to address"
        return [m for rcpt_tos, m in self.messages if address in rcpt_tos]


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@contextmanager
def email_uri(uri):
    "Point Tryton's e-mail settings at uri for the block"
    previous = config.get('email', 'uri')
    config.set('email', 'uri', uri)
    try:
        yield
    finally:
        config.set('email', 'uri', previous)


@contextmanager
def smtp_server(refused=()):
    """Run an SMTP server on a free port of 127.0.0.1 that Tryton sends to;
    yield its mailbox"""
    mailbox = Mailbox(refused)
    port = free_port()
    controller = Controller(mailbox, hostname='127.0.0.1', port=port)
    controller.start()
    try:
        with email_uri('smtp://127.0.0.1:%s' % port):
            yield mailbox
    finally:
        controller.stop()


@contextmanager
def smtp_down():
    "Point Tryton at a port of 127.0.0.1 where no SMTP server listens"
    with email_uri('smtp://127.0.0.1:%s' % free_port()):
        yield
