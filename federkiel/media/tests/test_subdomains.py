"""Subdomain mode: the library, uploads and files live on the blog's own host."""

import pytest
from django.test import override_settings

from . import pictures
from .uploads import only_media

SUBDOMAINS = override_settings(
    URL_MODE="subdomain",
    BASE_URL="http://example.org",
    BASE_DOMAIN="example.org",
    ALLOWED_HOSTS=["example.org", ".example.org"],
)


@pytest.mark.django_db
@SUBDOMAINS
def test_uploads_and_files_on_the_blogs_host(client, blog, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(owner)
    host = {"HTTP_HOST": "kiel.example.org"}
    assert client.get("/media/", **host).status_code == 200
    response = client.post(
        "/media/upload/",
        {"file": SimpleUploadedFile("hafen.png", pictures.png())},
        headers={"Accept": "application/json"},
        **host,
    )
    assert response.status_code == 201
    media = only_media()
    url = f"http://kiel.example.org/media/files/{media.key}/1600/hafen.png"
    assert response.json()["markdown"] == f"![]({url})"
    file = client.get(f"/media/files/{media.key}/1600/hafen.png", **host)
    assert file.status_code == 200
    assert file["Content-Type"] == "image/png"
