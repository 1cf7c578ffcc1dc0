"""Subdomain mode: `kiel.example.org/…` serves blog kiel, and links point there."""

from __future__ import annotations

import pytest
from django.test import override_settings

from federkiel.blogs.links import blog_reverse
from federkiel.factories import StoryFactory

SUBDOMAINS = override_settings(
    URL_MODE="subdomain",
    BASE_URL="http://example.org",
    BASE_DOMAIN="example.org",
    ALLOWED_HOSTS=["example.org", ".example.org"],
)


@SUBDOMAINS
def test_blog_reverse_gives_absolute_subdomain_urls():
    assert blog_reverse("kiel", "blogs:front") == "http://kiel.example.org/"
    assert blog_reverse("kiel", "blogs:settings") == "http://kiel.example.org/settings/"
    assert (
        blog_reverse("kiel", "stories:detail", key="ueber-fuesse")
        == "http://kiel.example.org/stories/ueber-fuesse/"
    )


def test_blog_reverse_gives_paths_in_path_mode():
    assert blog_reverse("kiel", "blogs:front") == "/kiel/"
    assert blog_reverse("kiel", "blogs:members") == "/kiel/members/"


@pytest.mark.django_db
@SUBDOMAINS
def test_the_subdomain_serves_the_blog_with_subdomain_links(client, blog, owner):
    story = StoryFactory(blog=blog, author=owner, title="Hafen")
    response = client.get("/", HTTP_HOST="kiel.example.org")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kieler Nachrichten" in html
    assert 'href="http://kiel.example.org/"' in html
    assert f"http://kiel.example.org/stories/{story.slug}/" in html
    story_page = client.get(f"/stories/{story.slug}/", HTTP_HOST="kiel.example.org")
    assert story_page.status_code == 200
    assert "Hafen" in story_page.content.decode()


@pytest.mark.django_db
@SUBDOMAINS
def test_platform_hosts_and_unknown_blogs(client, blog):
    assert client.get("/", HTTP_HOST="example.org").status_code == 200
    assert client.get("/", HTTP_HOST="www.example.org").status_code == 200
    assert client.get("/", HTTP_HOST="nirgends.example.org").status_code == 404
    # Static files are not blog pages.
    assert client.get("/static/x.css", HTTP_HOST="kiel.example.org").status_code == 404


@pytest.mark.django_db
@SUBDOMAINS
def test_private_blogs_stay_404_on_their_subdomain(client, blog, outsider):
    blog.visibility = "restricted"
    blog.save()
    assert client.get("/", HTTP_HOST="kiel.example.org").status_code == 404
    client.force_login(outsider)
    assert client.get("/", HTTP_HOST="kiel.example.org").status_code == 404


@pytest.mark.django_db
@SUBDOMAINS
def test_sign_in_happens_on_the_platform_host_and_comes_back(client, blog):
    response = client.get("/subscribe/", HTTP_HOST="kiel.example.org")
    assert response.status_code == 302
    assert response["Location"] == (
        "http://example.org/accounts/login/?next=http%3A//kiel.example.org/subscribe/"
    )


@pytest.mark.django_db
@SUBDOMAINS
def test_owner_pages_work_on_the_subdomain(client, blog, owner, contributor):
    client.force_login(owner)
    page = client.get("/members/", HTTP_HOST="kiel.example.org")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'action="http://kiel.example.org/members/{contributor.pk}/role/"' in html
    response = client.post(
        f"/members/{contributor.pk}/role/", {"role": "manager"}, HTTP_HOST="kiel.example.org"
    )
    assert response["Location"] == "http://kiel.example.org/members/"
    assert blog.memberships.get(user=contributor).role == "manager"


@pytest.mark.django_db
@SUBDOMAINS
def test_a_new_blog_is_opened_at_its_subdomain(client, outsider):
    client.force_login(outsider)
    response = client.post(
        "/blogs/new/",
        {
            "name": "kompass",
            "title": "Kompass",
            "language": "de",
            "time_zone": "Europe/Berlin",
            "visibility": "public",
        },
        HTTP_HOST="example.org",
    )
    assert response["Location"] == "http://kompass.example.org/"
