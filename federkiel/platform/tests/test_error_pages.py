"""Error pages in the visitor's language, not Django's plain English ones."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"), [("de", "Seite nicht gefunden"), ("en", "Page not found")]
)
def test_an_unknown_address_gets_a_404_page_in_the_visitors_language(client, language, heading):
    response = client.get("/kein-blog/gibt-es/nicht/", headers={"Accept-Language": language})
    assert response.status_code == 404
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert 'href="/"' in page and 'class="site"' in page  # the platform's own frame


def test_a_forbidden_page_explains_itself(client, blog, subscriber):
    client.force_login(subscriber)
    response = client.get("/kiel/settings/", headers={"Accept-Language": "de"})
    assert response.status_code == 403
    assert "<h1>Nicht erlaubt</h1>" in response.content.decode()


def test_an_expired_form_says_what_to_do(blog, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post("/kiel/settings/", {"title": "x"}, headers={"Accept-Language": "de"})
    assert response.status_code == 403
    assert "<h1>Das Formular ist abgelaufen</h1>" in response.content.decode()


@pytest.mark.parametrize(("language", "heading"), [("de", "Serverfehler"), ("en", "Server error")])
def test_the_server_error_page_needs_no_database(language, heading, django_assert_num_queries):
    request = RequestFactory().get("/")
    with translation.override(language), django_assert_num_queries(0):
        response = defaults.server_error(request)
    assert response.status_code == 500
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_a_bad_request_page(rf):
    with translation.override("de"):
        response = defaults.bad_request(rf.get("/"), exception=ValueError("kaputt"))
    assert response.status_code == 400
    assert "<h1>Ungültige Anfrage</h1>" in response.content.decode()
