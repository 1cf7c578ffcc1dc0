import pytest

from federkiel.accounts.tests.people import member
from federkiel.factories import PASSWORD


@pytest.mark.django_db
def test_change_e_mail_address(client, outsider, mail):
    client.force_login(outsider)
    with mail():
        response = client.post(
            "/accounts/email/", {"email": "Otto@Neu.example", "password": PASSWORD}, follow=True
        )
    assert "Deine Adresse ist jetzt Otto@neu.example." in response.content.decode()
    outsider.refresh_from_db()
    assert outsider.email == "Otto@neu.example"
    assert not outsider.email_confirmed
    confirmation, note = sorted(mail.outbox, key=lambda m: m.to[0] != "Otto@neu.example")
    assert confirmation.to == ["Otto@neu.example"]
    assert "/accounts/confirm/" in confirmation.body
    assert note.to == ["otto@example.org"]
    assert note.subject == "Deine E-Mail-Adresse bei Federkiel wurde geändert"
    assert "auf Otto@neu.example geändert" in note.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("OTTO@example.org", PASSWORD, "Das ist schon deine Adresse."),
        ("Anna@EXAMPLE.org", PASSWORD, "Es gibt schon ein Konto mit dieser E-Mail-Adresse."),
        ("neu@example.org", "falsch", "Das ist nicht dein Passwort."),
        ("keine-adresse", PASSWORD, "gültige E-Mail-Adresse"),
    ],
)
def test_bad_e_mail_change_changes_nothing(client, outsider, mail, email, password, message):
    member(username="anna", email="anna@example.org")
    client.force_login(outsider)
    with mail():
        response = client.post("/accounts/email/", {"email": email, "password": password})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'value="{email}"' in html
    outsider.refresh_from_db()
    assert outsider.email == "otto@example.org"
    assert outsider.email_confirmed
    assert mail.outbox == []


@pytest.mark.django_db
def test_e_mail_change_page_needs_sign_in(client):
    assert client.get("/accounts/email/")["Location"].startswith("/accounts/login/")
