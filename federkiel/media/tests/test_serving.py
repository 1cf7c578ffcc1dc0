"""Who may read uploads, and how they are sent: inline only for images, never sniffed."""

import pytest

from federkiel.blogs.models import Visibility
from federkiel.factories import BlogFactory, MembershipFactory

from . import pictures
from .uploads import only_media, post_file

SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>"""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logo.svg", SVG),
        ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("feed.xml", b"<?xml version='1.0'?><rss></rss>"),
        ("mystery.dat", bytes(range(256))),
    ],
)
def test_markup_and_unknown_files_are_only_ever_downloads(client, owner, name, data):
    client.force_login(owner)
    assert post_file(client, name, data, content_type="image/svg+xml").status_code == 302
    media = only_media()
    assert media.kind == "file"
    assert media.stored_name == "original.bin"
    assert media.content_type == "application/octet-stream"
    client.logout()
    response = client.get(f"/kiel/media/files/{media.key}/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "sandbox" in csp
    assert b"".join(response.streaming_content) == data


@pytest.mark.django_db
def test_plain_text_is_a_download_too(client, owner):
    client.force_login(owner)
    post_file(client, "readme.txt", "Grüße aus Kiel\n".encode(), content_type="text/html")
    media = only_media()
    assert media.content_type == "text/plain; charset=utf-8"
    response = client.get(f"/kiel/media/files/{media.key}/readme.txt")
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.fixture
def image_on(client):
    def upload(blog_name, uploader):
        client.force_login(uploader)
        post_file(client, "photo.png", pictures.png(), blog=blog_name)
        client.logout()
        return only_media()

    return upload


@pytest.mark.django_db
def test_public_blog_files_are_public_and_cacheable(client, owner, image_on):
    media = image_on("kiel", owner)
    response = client.get(f"/kiel/media/files/{media.key}/photo.png")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"


@pytest.mark.django_db
def test_restricted_blog_files_are_for_members_only(
    client, blog, owner, subscriber, outsider, image_on
):
    blog.visibility = Visibility.RESTRICTED
    blog.save()
    media = image_on("kiel", owner)
    url = f"/kiel/media/files/{media.key}/photo.png"
    thumb = f"/kiel/media/files/{media.key}/thumb/photo.png"
    assert client.get(url).status_code == 404
    assert client.get(thumb).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(subscriber)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")


@pytest.mark.django_db
def test_closed_blog_files_are_for_owners_only(client, owner, contributor, image_on):
    closed = BlogFactory(name="geheim", visibility=Visibility.CLOSED)
    MembershipFactory(blog=closed, user=owner, role="owner")
    MembershipFactory(blog=closed, user=contributor, role="contributor")
    media = image_on("geheim", owner)
    url = f"/geheim/media/files/{media.key}/photo.png"
    client.force_login(contributor)
    assert client.get(url).status_code == 404
    client.force_login(owner)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_file_is_found_only_under_its_own_blog_key_and_name(client, owner, image_on):
    media = image_on("kiel", owner)
    other = BlogFactory(name="andere")
    assert client.get(f"/andere/media/files/{media.key}/photo.png").status_code == 404
    assert other.media_files.count() == 0
    assert client.get(f"/kiel/media/files/{media.key}/other.png").status_code == 404
    assert client.get(f"/kiel/media/files/{media.key}/huge/photo.png").status_code == 404
    assert client.get("/kiel/media/files/..%2f..%2fsecret_key/photo.png").status_code == 404
    assert client.get("/kiel/media/files/0000/photo.png").status_code == 404


@pytest.mark.django_db
def test_nginx_serves_the_file_when_configured(client, owner, image_on, settings):
    media = image_on("kiel", owner)
    settings.MEDIA_ACCEL = "nginx"
    response = client.get(f"/kiel/media/files/{media.key}/photo.png")
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == (
        f"/protected-media/{media.blog_id}/{media.key}/original.png"
    )
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_apache_serves_the_file_with_x_sendfile(client, owner, image_on, settings, media_root):
    media = image_on("kiel", owner)
    settings.MEDIA_ACCEL = "sendfile"
    response = client.get(f"/kiel/media/files/{media.key}/photo.png")
    original = media_root / str(media.blog_id) / media.key / "original.png"
    assert response["X-Sendfile"] == str(original)
    assert response.content == b""
    # Its own ETag per file: mod_xsendfile would give every proxied file the same one.
    stat = original.stat()
    assert response["ETag"] == f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'


@pytest.mark.django_db
def test_unchanged_files_are_not_sent_again(client, owner, image_on):
    media = image_on("kiel", owner)
    url = f"/kiel/media/files/{media.key}/photo.png"
    first = client.get(url)
    again = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304
