import pytest
from django.contrib.auth import get_user

from federkiel.accounts.tests.people import member
from federkiel.factories import PASSWORD


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["hanna", "HANNA", "hanna@example.org", "Hanna@EXAMPLE.org"])
def test_sign_in_by_username_or_e_mail_in_any_case(client, typed):
    hanna = member(username="hanna", email="hanna@example.org")
    response = sign_in(client, typed)
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert get_user(client).pk == hanna.pk


@pytest.mark.django_db
def test_sign_in_follows_next_within_the_site_only(client, outsider):
    response = client.post(
        "/accounts/login/?next=/accounts/profile/",
        {"username": "otto", "password": PASSWORD, "next": "/accounts/profile/"},
    )
    assert response["Location"] == "/accounts/profile/"
    client.logout()
    response = client.post(
        "/accounts/login/",
        {"username": "otto", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/dashboard/"


@pytest.mark.django_db
def test_wrong_password_keeps_the_name_and_says_so(client, outsider):
    response = sign_in(client, "otto", "not the password")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Benutzername oder E-Mail-Adresse und Passwort passen nicht zusammen." in html
    assert 'value="otto"' in html
    assert 'autocomplete="current-password"' in html
    assert not get_user(client).is_authenticated


@pytest.mark.django_db
def test_disabled_account_cannot_sign_in(client):
    member(username="gone", is_active=False)
    assert sign_in(client, "gone").status_code == 200
    assert not get_user(client).is_authenticated


@pytest.mark.django_db
def test_unconfirmed_member_may_sign_in_and_is_reminded(client):
    member(username="neu", email_confirmed=False)
    response = sign_in(client, "neu", follow=True)
    assert get_user(client).is_authenticated
    assert "Bitte bestätige deine E-Mail-Adresse neu@example.org" in response.content.decode()


@pytest.mark.django_db
def test_sign_out_needs_post(client, outsider):
    client.force_login(outsider)
    assert client.get("/accounts/logout/").status_code == 405
    assert get_user(client).is_authenticated
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/"
    assert not get_user(client).is_authenticated


@pytest.mark.django_db
def test_five_attempts_per_account_then_429_however_it_is_spelled(client, outsider):
    for typed in ["otto", "OTTO", "otto@example.org", "Otto", "otto@EXAMPLE.org"]:
        assert sign_in(client, typed, "wrong").status_code == 200
    response = sign_in(client, "otto")  # even the right password waits now
    assert response.status_code == 429
    assert "Zu viele Versuche" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert not get_user(client).is_authenticated
    # Another account from the same address is still allowed.
    member(username="anna")
    assert sign_in(client, "anna").status_code == 302


@pytest.mark.django_db
def test_ten_attempts_per_ip_then_429_in_english_when_asked(client):
    for n in range(10):
        assert sign_in(client, f"nobody{n}", "wrong").status_code == 200
    response = sign_in(client, "nobody-else", "wrong", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    other_ip = sign_in(client, "nobody-else", "wrong", REMOTE_ADDR="192.0.2.7")
    assert other_ip.status_code == 200


@pytest.mark.django_db
def test_showing_the_form_does_not_count(client):
    for _ in range(20):
        assert client.get("/accounts/login/").status_code == 200


@pytest.mark.django_db
def test_a_nul_character_in_the_name_is_refused_with_a_message(client, outsider):
    # The rate limit looks the account up before the form checks the name; PostgreSQL
    # refuses NUL in a comparison, so the lookup must not reach it.
    response = sign_in(client, "ot\x00to", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert "Nullzeichen sind nicht erlaubt." in response.content.decode()
    assert not get_user(client).is_authenticated
