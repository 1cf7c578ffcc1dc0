import pytest

from federkiel.accounts.tests.people import member


@pytest.mark.django_db
def test_profile_needs_sign_in(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/profile/")


@pytest.mark.django_db
def test_edit_profile(client, outsider):
    client.force_login(outsider)
    response = client.post(
        "/accounts/profile/",
        {"display_name": "Otto K.", "website": "https://otto.example/", "bio": "Schreibt."},
        follow=True,
    )
    assert "Dein Profil wurde gespeichert." in response.content.decode()
    outsider.refresh_from_db()
    assert (outsider.display_name, outsider.website, outsider.bio) == (
        "Otto K.",
        "https://otto.example/",
        "Schreibt.",
    )


@pytest.mark.django_db
def test_web_site_without_scheme_becomes_https(client, outsider):
    client.force_login(outsider)
    client.post("/accounts/profile/", {"website": "otto.example"})
    outsider.refresh_from_db()
    assert outsider.website == "https://otto.example"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "ftp://otto.example/", "http://", "nicht eine adresse"]
)
def test_bad_web_site_is_refused_and_input_kept(client, website):
    user = member(display_name="Vorher", website="")
    client.force_login(user)
    response = client.post(
        "/accounts/profile/", {"display_name": "Nachher", "website": website, "bio": "Hallo"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gib eine Webadresse ein, die mit http:// oder https:// beginnt." in html
    assert 'value="Nachher"' in html
    assert ">\nHallo</textarea>" in html
    user.refresh_from_db()
    assert (user.display_name, user.website) == ("Vorher", "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Gib eine Webadresse ein, die mit http:// oder https:// beginnt."),
        ("en", "Enter a web address starting with http:// or https://."),
    ],
)
def test_javascript_web_site_shows_one_error_and_saves_nothing(client, language, message):
    user = member(display_name="Vorher", website="https://vorher.example/", bio="Alt")
    client.force_login(user)
    response = client.post(
        "/accounts/profile/",
        {"display_name": "Nachher", "website": "javascript:alert(1)", "bio": "Neu"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    assert response.content.decode().count(message) == 1
    assert response.context["form"].errors == {"website": [message]}
    user.refresh_from_db()
    assert (user.display_name, user.website, user.bio) == (
        "Vorher",
        "https://vorher.example/",
        "Alt",
    )


@pytest.mark.django_db
def test_bio_longer_than_1000_characters_is_refused(client, outsider):
    client.force_login(outsider)
    response = client.post("/accounts/profile/", {"bio": "x" * 1001})
    assert response.status_code == 200
    assert "(Er besteht aus 1001 Zeichen.)" in response.content.decode()


@pytest.mark.django_db
def test_profile_page_is_accessible(client, outsider):
    client.force_login(outsider)
    html = client.get("/accounts/profile/").content.decode()
    assert '<label for="id_display_name">' in html
    assert 'autocomplete="url"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Bitte bestätige" not in html  # confirmed members see no notice
