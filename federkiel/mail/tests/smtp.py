"""A real SMTP server on loopback for tests: aiosmtpd on 127.0.0.1 and a free port.

`loopback_smtp()` starts one and points Django's SMTP backend at it; the handler it
yields keeps what arrived and can be told to refuse mail."""

import email
import email.policy
import socket
from contextlib import contextmanager

from aiosmtpd.controller import Controller
from django.test import override_settings


class RecordingHandler:
    """Keeps every message received; while `refuse` is set, answers with a 4xx instead."""

    def __init__(self, refuse=False):
        self.refuse = refuse
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 Mailbox temporarily unavailable"
        self.received.append(envelope)
        return "250 OK"

    def messages(self):
        """The received messages, parsed (headers decoded, bodies as text)."""
        return [
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            for envelope in self.received
        ]

    def messages_to(self, address):
        return [
            message
            for envelope, message in zip(self.received, self.messages(), strict=True)
            if address in envelope.rcpt_tos
        ]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def loopback_smtp(refuse=False):
    handler = RecordingHandler(refuse=refuse)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=5,
        ):
            yield handler
    finally:
        controller.stop()
