"""Queue mail inside a transaction; a task sends it after commit, at most once."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from federkiel.mail.models import OutgoingMail
from federkiel.queue import enqueue_on_commit

log = logging.getLogger(__name__)

# A claim older than this is taken to be from a run that died while sending; it is well
# above the SMTP timeout (settings.EMAIL_TIMEOUT).
CLAIM_TIMEOUT = timedelta(minutes=5)
# Mail whose task was lost (e.g. the queue was down at commit) is resent after this.
STUCK_AFTER = timedelta(minutes=10)


def queue_mail(
    to: str, subject: str, body: str, headers: Mapping[str, str] | None = None
) -> OutgoingMail:
    """Record a message and send it from a background task once the transaction commits."""
    mail = OutgoingMail.objects.create(
        to=to, subject=subject.replace("\n", " ")[:250], body=body, headers=dict(headers or {})
    )
    enqueue_on_commit(send_queued_mail, mail.pk)
    return mail


def _claim(mail_id: int) -> OutgoingMail | None:
    """Mark an unsent message as being sent by this run; None if sent or claimed elsewhere.

    One conditional UPDATE, so no lock is held while the mail server is talked to.
    """
    now = timezone.now()
    claimed = (
        OutgoingMail.objects.filter(pk=mail_id, sent_at=None)
        .filter(Q(claimed_at=None) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    return OutgoingMail.objects.get(pk=mail_id) if claimed else None


def deliver(mail_id: int) -> bool:
    """Send one queued message unless already sent. Raises on a mail server failure,
    after recording the error on the row (which stays unsent for the next try)."""
    mail = _claim(mail_id)
    if mail is None:
        return False
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
        OutgoingMail.objects.filter(pk=mail_id).update(
            claimed_at=None, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    OutgoingMail.objects.filter(pk=mail_id).update(
        sent_at=timezone.now(), claimed_at=None, last_error=""
    )
    return True


@db_task(retries=8, retry_delay=60)
def send_queued_mail(mail_id: int) -> bool:
    return deliver(mail_id)


@db_periodic_task(crontab(minute="*/15"))
def resend_stuck_mail() -> int:
    """Send what is still unsent a while after it was written."""
    cutoff = timezone.now() - STUCK_AFTER
    sent = 0
    for mail_id in OutgoingMail.objects.filter(sent_at=None, created_at__lt=cutoff).values_list(
        "pk", flat=True
    )[:500]:
        try:
            sent += deliver(mail_id)
        except Exception:
            log.warning("mail %s still failing", mail_id, exc_info=True)
    return sent
