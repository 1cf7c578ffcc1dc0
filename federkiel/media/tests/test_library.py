"""The media library: who uploads and manages what; alt text; deletion; constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from federkiel.blogs.models import Visibility
from federkiel.factories import BlogFactory
from federkiel.media.models import MediaFile

from . import pictures
from .uploads import only_media, post_file


def upload_as(client, user, name="photo.png"):
    client.force_login(user)
    response = post_file(client, name, pictures.png())
    assert response.status_code == 302, response.content
    return MediaFile.objects.filter(uploaded_by=user).latest("id")


@pytest.mark.django_db
def test_only_writers_upload(client, blog, subscriber, outsider):
    assert post_file(client, "a.png", pictures.png()).status_code == 302  # to sign in
    assert client.get("/kiel/media/").status_code == 302
    for user in (subscriber, outsider):
        client.force_login(user)
        assert post_file(client, "a.png", pictures.png()).status_code == 403
        assert client.get("/kiel/media/").status_code == 403
    assert not MediaFile.objects.exists()


@pytest.mark.django_db
def test_a_hidden_blog_is_not_found(client, outsider):
    BlogFactory(name="zu", visibility=Visibility.CLOSED)
    client.force_login(outsider)
    assert client.get("/zu/media/").status_code == 404
    assert post_file(client, "a.png", pictures.png(), blog="zu").status_code == 404


@pytest.mark.django_db
def test_contributors_manage_their_own_uploads_managers_all(
    client, blog, manager, contributor, owner
):
    mine = upload_as(client, contributor, "mine.png")
    theirs = upload_as(client, manager, "theirs.png")
    client.force_login(contributor)
    page = client.get("/kiel/media/").content.decode()
    assert mine.key in page and theirs.key not in page
    assert client.post(f"/kiel/media/{theirs.pk}/", {"alt_text": "x"}).status_code == 403
    assert client.post(f"/kiel/media/{theirs.pk}/delete/").status_code == 403
    assert client.post(f"/kiel/media/{mine.pk}/", {"alt_text": "Meine Förde"}).status_code == 302
    mine.refresh_from_db()
    assert mine.alt_text == "Meine Förde"
    client.force_login(manager)
    page = client.get("/kiel/media/").content.decode()
    assert mine.key in page and theirs.key in page
    assert client.post(f"/kiel/media/{mine.pk}/delete/").status_code == 302
    assert list(MediaFile.objects.all()) == [theirs]


@pytest.mark.django_db
def test_too_long_alt_text_keeps_what_was_typed(client, owner):
    media = upload_as(client, owner)
    response = client.post(f"/kiel/media/{media.pk}/", {"alt_text": "lang " * 200})
    assert response.status_code == 200
    assert "lang lang" in response.content.decode()
    media.refresh_from_db()
    assert media.alt_text == ""


@pytest.mark.django_db
def test_deleting_removes_the_files_after_commit(client, owner, committed, media_root):
    with committed():
        media = upload_as(client, owner)
    folder = media_root / str(media.blog_id) / media.key
    assert (folder / "original.png").exists()
    assert client.get(f"/kiel/media/{media.pk}/delete/").status_code == 200
    with committed():
        assert client.post(f"/kiel/media/{media.pk}/delete/").status_code == 302
    assert not folder.exists()
    assert client.get(f"/kiel/media/files/{media.key}/photo.png").status_code == 404


@pytest.mark.django_db
def test_the_library_shows_usage_snippets_and_thumbnails(client, owner, committed):
    with committed():
        media = upload_as(client, owner)
    page = client.get("/kiel/media/").content.decode()
    assert f"/kiel/media/files/{media.key}/thumb/photo.png" in page
    assert f"![](/kiel/media/files/{media.key}/1600/photo.png)" in page
    assert "Dieses Blog belegt" in page


@pytest.mark.django_db
def test_the_library_needs_the_same_queries_for_few_and_many_uploads(client, owner):
    for number in range(2):
        upload_as(client, owner, f"p{number}.png")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/kiel/media/").status_code == 200
    for number in range(2, 7):
        upload_as(client, owner, f"p{number}.png")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/kiel/media/").status_code == 200
    assert len(many) == len(few)


@pytest.mark.django_db
def test_the_story_editor_has_the_upload_widget(client, owner):
    client.force_login(owner)
    page = client.get("/kiel/stories/create/").content.decode()
    assert 'action="/kiel/media/upload/"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "media/upload.js" in page


@pytest.mark.django_db
def test_an_uploaded_image_shows_in_a_published_story(client, owner):
    client.force_login(owner)
    data = post_file(client, "photo.png", pictures.png(), alt="Die Förde", json=True).json()
    response = client.post(
        "/kiel/stories/create/",
        {
            "title": "Mit Bild",
            "text": "Hallo\n\n" + data["markdown"],
            "text_format": "markdown",
            "status": "published",
            "comments_open": "on",
            "save": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story_page = client.get(response["Location"]).content.decode()
    media = only_media()
    assert f'src="/kiel/media/files/{media.key}/1600/photo.png"' in story_page
    assert 'alt="Die Förde"' in story_page
