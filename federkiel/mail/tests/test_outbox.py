import pytest
from django.core import mail as django_mail
from django.db import transaction

from federkiel.mail.models import OutgoingMail
from federkiel.mail.outbox import deliver, queue_mail, resend_stuck_mail, send_queued_mail
from federkiel.mail.tests.smtp import loopback_smtp


@pytest.fixture
def smtp_server():
    with loopback_smtp(refuse=True) as handler:
        yield handler


@pytest.mark.django_db
def test_mail_is_sent_after_commit_and_not_before(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        mail = queue_mail("leser@example.org", "Hallo", "Text")
        assert django_mail.outbox == []
    assert [m.to for m in django_mail.outbox] == [["leser@example.org"]]
    mail.refresh_from_db()
    assert mail.sent_at is not None
    assert mail.attempts == 1


@pytest.mark.django_db
def test_rolled_back_mail_is_neither_kept_nor_sent(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_mail("leser@example.org", "Hallo", "Text")
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert django_mail.outbox == []
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db
def test_delivering_twice_sends_once():
    mail = OutgoingMail.objects.create(to="leser@example.org", subject="Hallo", body="Text")
    assert deliver(mail.pk) is True
    assert deliver(mail.pk) is False
    send_queued_mail.call_local(mail.pk)
    assert len(django_mail.outbox) == 1


@pytest.mark.django_db
def test_mail_claimed_by_a_running_delivery_is_not_sent_again():
    mail = OutgoingMail.objects.create(to="leser@example.org", subject="Hallo", body="Text")
    from federkiel.mail.outbox import _claim

    assert _claim(mail.pk) is not None
    assert deliver(mail.pk) is False
    assert django_mail.outbox == []


@pytest.mark.django_db
def test_refusing_mail_server_loses_no_mail_and_retry_delivers(smtp_server):
    mail = OutgoingMail.objects.create(to="leser@example.org", subject="Hallo", body="Text")
    with pytest.raises(Exception, match="temporarily unavailable"):
        deliver(mail.pk)
    mail.refresh_from_db()
    assert mail.sent_at is None
    assert mail.claimed_at is None
    assert mail.attempts == 1
    assert "temporarily unavailable" in mail.last_error
    assert smtp_server.received == []

    smtp_server.refuse = False
    assert deliver(mail.pk) is True
    mail.refresh_from_db()
    assert mail.sent_at is not None
    assert mail.attempts == 2
    assert mail.last_error == ""
    assert [e.rcpt_tos for e in smtp_server.received] == [["leser@example.org"]]


@pytest.mark.django_db
def test_periodic_resend_picks_up_old_unsent_mail(smtp_server):
    from datetime import timedelta

    from django.utils import timezone

    old = OutgoingMail.objects.create(
        to="alt@example.org",
        subject="Alt",
        body="Text",
        created_at=timezone.now() - timedelta(hours=1),
    )
    OutgoingMail.objects.create(to="neu@example.org", subject="Neu", body="Text")
    assert resend_stuck_mail.call_local() == 0
    smtp_server.refuse = False
    assert resend_stuck_mail.call_local() == 1
    assert [e.rcpt_tos for e in smtp_server.received] == [["alt@example.org"]]
    old.refresh_from_db()
    assert old.attempts == 2
