"""The mail tasks, imported here because the worker loads each app's `tasks` module."""

from federkiel.mail.outbox import resend_stuck_mail, send_queued_mail

__all__ = ["resend_stuck_mail", "send_queued_mail"]
