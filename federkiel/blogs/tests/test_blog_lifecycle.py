"""Creating a blog, editing its settings, deleting it."""

from __future__ import annotations

import pytest
from django.test import Client

from federkiel.blogs.models import Blog, Membership, Role
from federkiel.factories import StoryFactory
from federkiel.stories.models import Story

NEW = "/blogs/new/"


def _create_data(**overrides):
    data = {
        "name": "kompass",
        "title": "Der Kompass",
        "tagline": "Richtung Norden",
        "language": "de",
        "time_zone": "Europe/Vienna",
        "visibility": "public",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_creating_a_blog_makes_the_creator_its_owner(client, outsider):
    client.force_login(outsider)
    response = client.post(NEW, _create_data(name="  Kompass "))
    assert response.status_code == 302
    assert response["Location"] == "/kompass/"
    blog = Blog.objects.get(name="kompass")
    assert (blog.title, blog.tagline, blog.language, blog.time_zone) == (
        "Der Kompass",
        "Richtung Norden",
        "de",
        "Europe/Vienna",
    )
    assert blog.role_of(outsider) == Role.OWNER
    assert client.get("/kompass/settings/").status_code == 200


@pytest.mark.django_db
def test_create_page_needs_an_account(client):
    response = client.get(NEW)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/blogs/new/")
    client.post(NEW, _create_data())
    assert not Blog.objects.filter(name="kompass").exists()


@pytest.mark.django_db
def test_dashboard_links_to_create_a_blog(client, outsider):
    client.force_login(outsider)
    assert 'href="/blogs/new/"' in client.get("/dashboard/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "ab", "Verwende 3 bis 30 Zeichen"),
        ("name", "a" * 31, "höchstens 30 Zeichen"),
        ("name", "-abc", "Verwende 3 bis 30 Zeichen"),
        ("name", "abc-", "Verwende 3 bis 30 Zeichen"),
        ("name", "über", "Verwende 3 bis 30 Zeichen"),
        ("name", "my_blog", "Verwende 3 bis 30 Zeichen"),
        ("name", "admin", "Der Name „admin“ ist reserviert."),
        ("name", "dashboard", "ist reserviert"),
        ("name", "protected-media", "ist reserviert"),  # FEDERKIEL_MEDIA_ACCEL_LOCATION
        ("name", "kiel", "Dieser Name ist schon vergeben."),
        ("name", "", "Dieses Feld ist zwingend erforderlich."),
        ("title", "   ", "Dieses Feld ist zwingend erforderlich."),
        ("language", "fr", "gültige Auswahl"),
        ("time_zone", "Mars/Olympus", "gültige Auswahl"),
        ("visibility", "secret", "gültige Auswahl"),
    ],
)
def test_create_rejects_bad_input_in_german_and_keeps_it(
    client, blog, outsider, field, value, message
):
    client.force_login(outsider)
    before = Blog.objects.count()
    data = _create_data(title="Mein Titel")
    data[field] = value
    response = client.post(NEW, data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert Blog.objects.count() == before
    assert not Membership.objects.filter(user=outsider).exists()
    if field != "title":
        assert 'value="Mein Titel"' in html  # what was typed stays
        assert 'value="Richtung Norden"' in html


@pytest.mark.django_db
def test_the_configured_media_location_is_no_blog_name(client, outsider, settings):
    settings.MEDIA_ACCEL_LOCATION = "/geschuetzt/"
    client.force_login(outsider)
    response = client.post(NEW, _create_data(name="geschuetzt"), HTTP_ACCEPT_LANGUAGE="de")
    assert "Der Name „geschuetzt“ ist reserviert." in response.content.decode()
    assert not Blog.objects.filter(name="geschuetzt").exists()


@pytest.mark.django_db
def test_create_errors_are_english_for_english_visitors(client, outsider):
    client.force_login(outsider)
    response = client.post(NEW, _create_data(name="x"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Use 3 to 30 characters" in response.content.decode()


@pytest.mark.django_db
def test_time_zone_is_a_select_of_zones(client, outsider):
    client.force_login(outsider)
    html = client.get(NEW).content.decode()
    assert '<select name="time_zone"' in html
    assert '<option value="America/Argentina/Buenos_Aires">' in html
    assert "posixrules" not in html


def _settings_data(**overrides):
    data = {
        "title": "Kieler Woche",
        "tagline": "Segeln",
        "language": "en",
        "time_zone": "Asia/Tokyo",
        "visibility": "restricted",
        "page_size": "5",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_owner_edits_settings(client, blog, owner):
    client.force_login(owner)
    response = client.post("/kiel/settings/", _settings_data())
    assert response.status_code == 302
    blog.refresh_from_db()
    assert (blog.title, blog.tagline, blog.language, blog.time_zone) == (
        "Kieler Woche",
        "Segeln",
        "en",
        "Asia/Tokyo",
    )
    assert (blog.visibility, blog.page_size, blog.name) == ("restricted", 5, "kiel")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("page_size", "0", "größer oder gleich 1"),
        ("page_size", "101", "kleiner oder gleich 100"),
        ("page_size", "viele", "ganze Zahl"),
        ("title", "", "Dieses Feld ist zwingend erforderlich."),
        ("title", "x" * 121, "höchstens 120 Zeichen"),
        ("time_zone", "Europe/Atlantis", "gültige Auswahl"),
        ("visibility", "", "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_settings_reject_bad_input_and_save_nothing(client, blog, owner, field, value, message):
    client.force_login(owner)
    response = client.post("/kiel/settings/", _settings_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Segeln"' in html
    # The page heading still shows the stored title, not the rejected one.
    assert "<h1>Weblog-Einstellungen: Kieler Nachrichten</h1>" in html
    blog.refresh_from_db()
    assert (blog.title, blog.tagline, blog.language) == ("Kieler Nachrichten", "A tagline", "de")


@pytest.mark.django_db
def test_settings_keep_an_unlisted_stored_time_zone(client, blog, owner):
    blog.time_zone = "Etc/GMT-2"
    blog.save()
    client.force_login(owner)
    assert client.post("/kiel/settings/", _settings_data(time_zone="Etc/GMT-2")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["manager", "contributor", "subscriber", "outsider"])
def test_forged_settings_post_by_non_owner_is_refused(client, blog, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.post("/kiel/settings/", _settings_data()).status_code == 403
    blog.refresh_from_db()
    assert blog.title == "Kieler Nachrichten"


@pytest.mark.django_db
def test_forged_settings_post_to_a_closed_blog_is_404(client, blog, owner, manager):
    blog.visibility = "closed"
    blog.save()
    client.force_login(manager)
    assert client.post("/kiel/settings/", _settings_data()).status_code == 404


@pytest.mark.django_db
def test_delete_needs_the_typed_name(client, blog, owner):
    StoryFactory(blog=blog, author=owner)
    client.force_login(owner)
    response = client.post("/kiel/delete/", {"confirm_name": "Kiel"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Das ist nicht der Name dieses Weblogs („kiel“)." in html
    assert 'value="Kiel"' in html
    assert Blog.objects.filter(name="kiel").exists()

    response = client.post("/kiel/delete/", {"confirm_name": "kiel"})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert not Blog.objects.filter(name="kiel").exists()
    assert not Story.objects.exists()
    assert not Membership.objects.exists()
    assert client.get("/kiel/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["manager", "contributor", "subscriber", "outsider"])
def test_only_owners_delete(client, blog, owner, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.post("/kiel/delete/", {"confirm_name": "kiel"}).status_code == 403
    assert Blog.objects.filter(name="kiel").exists()


@pytest.mark.django_db
def test_forms_need_the_csrf_token(blog, owner, outsider):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post("/kiel/settings/", _settings_data()).status_code == 403
    assert client.post("/kiel/delete/", {"confirm_name": "kiel"}).status_code == 403
    assert client.post(NEW, _create_data()).status_code == 403
    assert Blog.objects.filter(name="kiel", title="Kieler Nachrichten").exists()
    assert not Blog.objects.filter(name="kompass").exists()
    # With the token from the page, the same post goes through.
    page = client.get("/kiel/settings/")
    token = page.cookies["csrftoken"].value
    data = {**_settings_data(), "csrfmiddlewaretoken": token}
    assert client.post("/kiel/settings/", data).status_code == 302
