import re

import pytest
from django.contrib.auth import get_user

from federkiel.accounts.tests.people import member
from federkiel.factories import PASSWORD

NEW = "ein neues und langes Passwort"


def reset_link(message):
    found = re.search(r"http://127\.0\.0\.1:8000(/accounts/password/reset/\S+/)", message.body)
    assert found
    return found[1]


@pytest.mark.django_db
def test_password_reset_by_mail(client, mail):
    user = member(username="hanna", email="hanna@example.org", email_confirmed=False)
    with mail():
        response = client.post("/accounts/password/reset/", {"email": "HANNA@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    [message] = mail.outbox
    assert message.to == ["hanna@example.org"]
    assert message.subject == "Setze dein Federkiel-Passwort zurück"
    assert "Hallo hanna," in message.body
    assert "Dein Benutzername: hanna" in message.body

    # Django swaps the token for a session marker and redirects to the form.
    form_page = client.get(reset_link(message), follow=True)
    assert form_page.status_code == 200
    assert 'autocomplete="new-password"' in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}
    )
    assert done["Location"] == "/accounts/password/reset/done/"
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert user.email_confirmed  # the link reached the address

    again = client.get(reset_link(message), follow=True).content.decode()
    assert "Dieser Link gilt nicht mehr" in again


@pytest.mark.django_db
def test_reset_mail_in_english_when_asked(client, outsider, mail):
    with mail():
        client.post(
            "/accounts/password/reset/", {"email": "otto@example.org"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    [message] = mail.outbox
    assert message.subject == "Reset your Federkiel password"
    assert "The link works only once." in message.body


@pytest.mark.django_db
def test_reset_for_unknown_address_looks_the_same_and_sends_nothing(client, mail):
    with mail():
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


@pytest.mark.django_db
def test_invalid_reset_link(client, outsider):
    html = client.get("/accounts/password/reset/MQ/abc-def/", follow=True).content.decode()
    assert "Dieser Link gilt nicht mehr" in html
    assert "<form" not in html.split("<main")[1]


@pytest.mark.django_db
def test_reset_requests_are_rate_limited(client, mail):
    with mail():
        for n in range(5):
            client.post("/accounts/password/reset/", {"email": f"n{n}@example.org"})
        response = client.post("/accounts/password/reset/", {"email": "x@example.org"})
    assert response.status_code == 429


@pytest.mark.django_db
def test_reset_mails_to_one_address_are_rate_limited(client, outsider, mail):
    with mail():
        for n in range(3):
            client.post(
                "/accounts/password/reset/",
                {"email": "otto@example.org"},
                REMOTE_ADDR=f"192.0.2.{n}",
            )
        response = client.post(
            "/accounts/password/reset/", {"email": "OTTO@example.org"}, REMOTE_ADDR="192.0.2.9"
        )
    assert response.status_code == 429
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_change_password(client, outsider):
    client.force_login(outsider)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Dein Passwort wurde geändert." in response.content.decode()
    assert get_user(client).is_authenticated  # the session survives the change
    outsider.refresh_from_db()
    assert outsider.check_password(NEW)


@pytest.mark.django_db
def test_change_password_with_wrong_old_password(client, outsider):
    client.force_login(outsider)
    response = client.post(
        "/accounts/password/",
        {"old_password": "falsch", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    assert "Das alte Passwort war falsch." in response.content.decode()
    outsider.refresh_from_db()
    assert outsider.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_checks_are_rate_limited_per_member(client, outsider):
    client.force_login(outsider)
    data = {"old_password": "falsch", "new_password1": NEW, "new_password2": NEW}
    for _ in range(10):
        assert client.post("/accounts/password/", data).status_code == 200
    assert client.post("/accounts/password/", data).status_code == 429
