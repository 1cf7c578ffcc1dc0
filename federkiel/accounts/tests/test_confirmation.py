import time

import pytest
from django.core import signing
from django.http import HttpResponse
from django.test import RequestFactory

from federkiel.accounts.confirmation import confirmation_url, make_token
from federkiel.accounts.decorators import confirmed_email_required
from federkiel.accounts.tests.people import member


def path_of(url):
    return url.removeprefix("http://127.0.0.1:8000")


@pytest.mark.django_db
def test_confirmation_link_works_without_sign_in_and_twice(client):
    user = member(email_confirmed=False)
    url = path_of(confirmation_url(user))
    response = client.get(url)
    assert response["Location"] == "/accounts/login/"
    user.refresh_from_db()
    assert user.email_confirmed
    assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_expired_link_is_refused(client, monkeypatch):
    user = member(email_confirmed=False)
    four_days_ago = int(time.time()) - 4 * 24 * 3600
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(four_days_ago)
    )
    url = path_of(confirmation_url(user))
    monkeypatch.undo()
    response = client.get(url)
    assert response.status_code == 400
    assert "Dieser Bestätigungslink ist abgelaufen." in response.content.decode()
    user.refresh_from_db()
    assert not user.email_confirmed


def tampered(kind, user, other):
    if kind == "garbage":
        return "abc"
    if kind == "appended":
        return make_token(user) + "x"
    if kind == "swapped-payload":
        parts = make_token(user).split(":")
        parts[0] = make_token(other).split(":")[0]
        return ":".join(parts)
    return signing.dumps({"user": other.pk, "email": other.email}, salt="another-purpose")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["garbage", "appended", "swapped-payload", "other-salt"])
def test_invalid_link_is_refused(client, kind):
    user = member(email_confirmed=False)
    other = member(email_confirmed=False)
    response = client.get(f"/accounts/confirm/{tampered(kind, user, other)}/")
    assert response.status_code == 400
    assert "Dieser Bestätigungslink ist ungültig." in response.content.decode()
    user.refresh_from_db()
    other.refresh_from_db()
    assert not user.email_confirmed
    assert not other.email_confirmed


@pytest.mark.django_db
def test_link_sent_to_an_old_address_stops_working(client):
    user = member(email="old@example.org", email_confirmed=False)
    url = path_of(confirmation_url(user))
    user.email = "new@example.org"
    user.save()
    response = client.get(url)
    assert response.status_code == 400
    assert "ungültig" in response.content.decode()
    user.refresh_from_db()
    assert not user.email_confirmed


@pytest.mark.django_db
def test_resend_from_profile(client, mail):
    user = member(username="neu", email_confirmed=False)
    client.force_login(user)
    profile = client.get("/accounts/profile/").content.decode()
    assert 'action="/accounts/confirm/resend/"' in profile
    with mail():
        response = client.post("/accounts/confirm/resend/", follow=True)
    assert "Wir haben einen neuen Bestätigungslink an neu@example.org geschickt." in (
        response.content.decode()
    )
    [message] = mail.outbox
    assert message.to == ["neu@example.org"]
    assert "/accounts/confirm/" in message.body


@pytest.mark.django_db
def test_resend_is_post_only_and_rate_limited(client, mail):
    user = member(email_confirmed=False)
    client.force_login(user)
    assert client.get("/accounts/confirm/resend/").status_code == 405
    with mail():
        for _ in range(3):
            assert client.post("/accounts/confirm/resend/").status_code == 302
        assert client.post("/accounts/confirm/resend/").status_code == 429
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_no_resend_when_already_confirmed(client, outsider, mail):
    client.force_login(outsider)
    with mail():
        response = client.post("/accounts/confirm/resend/", follow=True)
    assert "schon bestätigt" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_confirmed_email_required_guard():
    @confirmed_email_required
    def view(request):
        return HttpResponse("ok")

    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    def request_for(user):
        request = RequestFactory().get("/x/")
        request.user = user
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        return request

    assert view(request_for(member(email_confirmed=True))).content == b"ok"
    refused = view(request_for(member(email_confirmed=False)))
    assert refused.status_code == 302
    assert refused["Location"] == "/accounts/profile/"


@pytest.mark.django_db
def test_creating_a_blog_needs_a_confirmed_address(client):
    client.force_login(member(email_confirmed=False))
    response = client.get("/blogs/new/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/profile/"
    assert "Bitte bestätige zuerst deine E-Mail-Adresse" in response.content.decode()
    client.force_login(member(email_confirmed=True))
    assert client.get("/blogs/new/").status_code == 200
