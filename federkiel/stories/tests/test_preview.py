"""The preview: an endpoint for the live preview, and a button that works without JS."""

import pytest
from django.test import Client

from federkiel.blogs.models import Visibility
from federkiel.stories.models import Story


@pytest.mark.django_db
def test_preview_endpoint_returns_sanitised_html(client, blog, contributor):
    client.force_login(contributor)
    response = client.post(
        "/kiel/stories/preview/",
        {"text": "## Hi\n\n*du*<script>alert(1)</script>", "text_format": "markdown"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "<h2>Hi</h2>" in html and "<em>du</em>" in html
    assert "<script" not in html


@pytest.mark.django_db
def test_preview_endpoint_renders_html_format(client, blog, contributor):
    client.force_login(contributor)
    response = client.post(
        "/kiel/stories/preview/",
        {"text": '<p onclick="x()">*nicht kursiv*</p>', "text_format": "html"},
    )
    assert response.content.decode() == "<p>*nicht kursiv*</p>"


@pytest.mark.django_db
def test_preview_endpoint_checks_permission_and_method(client, blog, subscriber, contributor):
    data = {"text": "x", "text_format": "markdown"}
    guest = client.post("/kiel/stories/preview/", data)
    assert guest.status_code == 302 and guest["Location"].startswith("/accounts/login/")
    client.force_login(subscriber)
    assert client.post("/kiel/stories/preview/", data).status_code == 403
    client.force_login(contributor)
    assert client.get("/kiel/stories/preview/").status_code == 405
    assert client.post("/kiel/stories/preview/", {"text": "x"}).status_code == 400
    too_long = {"text": "x" * 200_001, "text_format": "markdown"}
    assert client.post("/kiel/stories/preview/", too_long).status_code == 400


@pytest.mark.django_db
def test_preview_endpoint_of_a_private_blog_is_a_404(client, blog, outsider):
    blog.visibility = Visibility.CLOSED
    blog.save()
    client.force_login(outsider)
    data = {"text": "x", "text_format": "markdown"}
    assert client.post("/kiel/stories/preview/", data).status_code == 404


@pytest.mark.django_db
def test_preview_endpoint_needs_csrf_token(blog, contributor):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(contributor)
    page = csrf_client.get("/kiel/stories/create/")
    token = page.context["csrf_token"]
    data = {"text": "*x*", "text_format": "markdown"}
    assert csrf_client.post("/kiel/stories/preview/", data).status_code == 403
    response = csrf_client.post(
        "/kiel/stories/preview/", {**data, "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_preview_button_without_javascript_keeps_input_and_saves_nothing(client, blog, contributor):
    client.force_login(contributor)
    response = client.post(
        "/kiel/stories/create/",
        {
            "title": "Entwurf",
            "text": "**fett** <img src=x onerror=alert(1)>",
            "text_format": "markdown",
            "topics": "Eins, Zwei",
            "status": "published",
            "preview": "1",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>fett</strong>" in html
    assert 'value="Entwurf"' in html and 'value="Eins, Zwei"' in html
    assert "onerror=alert(1)&gt;" in html  # in the textarea, escaped
    assert 'onerror="' not in html and "<img src=x onerror" not in html
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_form_page_loads_the_live_preview_script(client, blog, contributor):
    client.force_login(contributor)
    html = client.get("/kiel/stories/create/").content.decode()
    assert 'src="/static/stories/editor.js"' in html
    assert 'data-preview-url="/kiel/stories/preview/"' in html
    assert 'name="preview"' in html  # the no-JS fallback button
