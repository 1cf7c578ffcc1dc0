"""Queue mail inside a transaction; a task sends it after commit, at most once."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from federkiel.mail.models import OutgoingMail
from federkiel.queue import enqueue_on_commit

log = logging.getLogger(__name__)


def queue_mail(
    to: str, subject: str, body: str, headers: Mapping[str, str] | None = None
) -> OutgoingMail:
    """Record a message and send it from a background task once the transaction commits."""
    mail = OutgoingMail.objects.create(
        to=to, subject=subject.replace("\n", " ")[:250], body=body, headers=dict(headers or {})
    )
    enqueue_on_commit(send_queued_mail, mail.pk)
    return mail


def deliver(mail_id: int) -> bool:
    """Send one queued message unless already sent. Raises on a mail server failure."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.sent_at is not None:
            return False
        mail.attempts += 1
        message = EmailMessage(
            subject=mail.subject,
            body=mail.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[mail.to],
            headers=mail.headers,
        )
        try:
            message.send()
        except Exception as exc:
            OutgoingMail.objects.filter(pk=mail.pk).update(
                attempts=mail.attempts, last_error=str(exc)[:2000]
            )
            raise
        mail.sent_at = timezone.now()
        mail.last_error = ""
        mail.save(update_fields=["sent_at", "attempts", "last_error"])
    return True


@db_task(retries=8, retry_delay=60)
def send_queued_mail(mail_id: int) -> bool:
    return deliver(mail_id)


@db_periodic_task(crontab(minute="*/15"))
def resend_stuck_mail() -> int:
    """Catch messages whose task was lost (e.g. the queue was down at commit)."""
    cutoff = timezone.now() - timedelta(minutes=10)
    sent = 0
    for mail_id in OutgoingMail.objects.filter(sent_at=None, created_at__lt=cutoff).values_list(
        "pk", flat=True
    )[:500]:
        try:
            sent += deliver(mail_id)
        except Exception:
            log.warning("mail %s still failing", mail_id, exc_info=True)
    return sent
