import re

import pytest
from django.test import Client

from federkiel.accounts.models import User
from federkiel.accounts.tests.people import member

GOOD = {
    "username": "hanna_k",
    "email": "Hanna@Example.org",
    "password1": "a long and unusual passphrase",
    "password2": "a long and unusual passphrase",
}


@pytest.mark.django_db
def test_signup_creates_unconfirmed_user_signs_in_and_mails_a_link(client, mail):
    with mail():
        response = client.post("/accounts/signup/", GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    user = User.objects.get(username="hanna_k")
    assert user.email == "Hanna@example.org"
    assert not user.email_confirmed
    assert user.check_password(GOOD["password1"])
    assert user.password.startswith("md5$")  # settings_test; production uses Argon2

    profile = client.get("/accounts/profile/")
    html = profile.content.decode()
    assert "Bitte bestätige deine E-Mail-Adresse" in html
    assert "Hanna@example.org" in html

    [message] = mail.outbox
    assert message.to == ["Hanna@example.org"]
    assert message.subject == "Bestätige deine E-Mail-Adresse bei Federkiel"
    assert "Hallo hanna_k," in message.body
    assert "3 Tage" in message.body
    link = re.search(r"http://\S+/accounts/confirm/\S+/", message.body).group(0)
    assert link.startswith("http://127.0.0.1:8000/accounts/confirm/")

    confirmed = client.get(link.removeprefix("http://127.0.0.1:8000"))
    assert confirmed.status_code == 302
    user.refresh_from_db()
    assert user.email_confirmed


@pytest.mark.django_db
def test_signup_rejects_an_e_mail_address_taken_in_other_case_and_keeps_input(client, mail):
    member(username="hanna", email="hanna@example.org")
    with mail():
        response = client.post("/accounts/signup/", {**GOOD, "email": "HANNA@EXAMPLE.ORG"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Es gibt schon ein Konto mit dieser E-Mail-Adresse." in html
    assert 'value="hanna_k"' in html
    assert 'value="HANNA@EXAMPLE.ORG"' in html
    assert not User.objects.filter(username="hanna_k").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_signup_rejects_a_username_taken_in_other_case(client):
    member(username="Hanna_K")
    response = client.post("/accounts/signup/", GOOD)
    assert "Dieser Benutzername ist schon vergeben." in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("hk", "3 bis 30 Zeichen"),
        ("x" * 31, "3 bis 30 Zeichen"),
        ("hanna k", "3 bis 30 Zeichen"),
        ("hänna", "3 bis 30 Zeichen"),
        ("hanna@home", "3 bis 30 Zeichen"),
        ("Admin", "Dieser Benutzername ist reserviert."),
    ],
)
def test_signup_username_rules(client, username, message):
    response = client.post("/accounts/signup/", {**GOOD, "username": username})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_accepts_digits_hyphens_and_underscores(client):
    client.post("/accounts/signup/", {**GOOD, "username": "A-b_9"})
    assert User.objects.filter(username="A-b_9").exists()


@pytest.mark.django_db
def test_signup_rejects_differing_and_weak_passwords(client):
    response = client.post("/accounts/signup/", {**GOOD, "password2": "something else entirely"})
    assert "Die beiden Passwörter sind verschieden." in response.content.decode()
    response = client.post(
        "/accounts/signup/", {**GOOD, "password1": "12345678", "password2": "12345678"}
    )
    assert "Dieses Passwort ist zu üblich." in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_form_is_accessible_and_in_english_when_asked(client):
    html = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<label for="id_username">Username:</label>' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="new-password"' in html
    assert "csrfmiddlewaretoken" in html


@pytest.mark.django_db
def test_signup_needs_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/accounts/signup/", GOOD).status_code == 403
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_is_rate_limited_per_ip(client):
    for _ in range(10):
        client.post("/accounts/signup/", {**GOOD, "password2": "wrong"})
    response = client.post("/accounts/signup/", GOOD)
    assert response.status_code == 429
    assert "Zu viele Versuche" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signed_in_member_is_sent_from_signup_to_profile(client, outsider):
    client.force_login(outsider)
    assert client.get("/accounts/signup/")["Location"] == "/accounts/profile/"


@pytest.mark.django_db
def test_signup_losing_a_race_for_the_name_shows_an_error(client, monkeypatch):
    # As if another sign-up saved "Hanna_K" after this form's checks ran.
    monkeypatch.setattr(User, "validate_constraints", lambda self, exclude=None: None)
    monkeypatch.setattr(
        "federkiel.accounts.forms.SignupForm.clean_username", lambda self: "hanna_k"
    )
    member(username="Hanna_K")
    response = client.post("/accounts/signup/", GOOD)
    assert response.status_code == 200
    assert "Dieser Benutzername oder diese E-Mail-Adresse wurde gerade vergeben." in (
        response.content.decode()
    )
    assert User.objects.count() == 1
