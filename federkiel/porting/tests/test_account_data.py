"""A member's data download holds everything about them and nothing of anyone else;
deleting the account takes their files and waiting imports along."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from federkiel.accounts.deletion import delete_account
from federkiel.blogs.models import Invitation, Role
from federkiel.comments.models import BlockedCommenter
from federkiel.factories import (
    BlogFactory,
    CommentFactory,
    MembershipFactory,
    StoryFactory,
    UserFactory,
)
from federkiel.media.models import MediaFile
from federkiel.media.tests.pictures import png
from federkiel.media.uploading import upload
from federkiel.porting import jobs
from federkiel.porting.models import ImportJob
from federkiel.porting.tests.core_helpers import media_root  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db


def make_user(**fields: Any) -> Any:
    return UserFactory(**fields)


@pytest.fixture
def world(blog, owner):
    """The owner olga and a commenter paula, with writing and uploads of both."""
    paula = make_user(
        username="paula", email="paula@example.org", display_name="Paula P.", bio="Aus Kiel"
    )
    MembershipFactory(blog=blog, user=paula, role=Role.CONTRIBUTOR)
    other_blog = BlogFactory(name="andere")
    MembershipFactory(blog=other_blog, user=paula, role=Role.SUBSCRIBER)
    mine = StoryFactory(blog=blog, author=paula, title="Paulas Geschichte", text="Mein *Text*")
    theirs = StoryFactory(blog=blog, author=owner, title="Olgas Geschichte")
    CommentFactory(story=theirs, author=paula, text="Paulas Kommentar")
    CommentFactory(
        story=mine,
        author=None,
        guest_name="Fremder Gast",
        guest_email="gast@fremd.example",
        text="Gast-Kommentar",
    )
    CommentFactory(story=mine, author=owner, text="Olgas Antwort")
    Invitation.objects.create(blog=other_blog, email=paula.email, user=paula, role=Role.MANAGER)
    Invitation.objects.create(blog=blog, email="fremd@invited.example", role=Role.SUBSCRIBER)
    BlockedCommenter.objects.create(blog=other_blog, user=paula, blocked_by=owner)
    upload(blog, paula, SimpleUploadedFile("paula.png", png()), alt_text="Paulas Bild")
    upload(blog, owner, SimpleUploadedFile("olga.png", png()), alt_text="Olgas Bild")
    ImportJob.objects.create(blog_name="kiel", owner=paula, original_name="paula-alt.xml")
    return paula


def download(client, user):
    client.force_login(user)
    response = client.get("/accounts/data/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="federkiel-paula-')
    assert response["Cache-Control"] == "no-store"
    return response.content.decode(), json.loads(response.content)


def test_the_download_holds_everything_about_the_member(client, world):
    _, data = download(client, world)
    assert data["format"] == "federkiel-account-data"
    account = data["account"]
    assert (account["username"], account["email"], account["bio"]) == (
        "paula",
        "paula@example.org",
        "Aus Kiel",
    )
    assert "password" not in account
    assert {(m["blog"], m["role"]) for m in data["memberships"]} == {
        ("kiel", "contributor"),
        ("andere", "subscriber"),
    }
    assert [(i["blog"], i["role"]) for i in data["invitations"]] == [("andere", "manager")]
    assert [s["title"] for s in data["stories"]] == ["Paulas Geschichte"]
    assert data["stories"][0]["text"] == "Mein *Text*"
    assert [c["text"] for c in data["comments"]] == ["Paulas Kommentar"]
    assert [m["name"] for m in data["media"]] == ["paula.png"]
    assert data["media"][0]["alt_text"] == "Paulas Bild"
    assert [b["blog"] for b in data["blocked_from_commenting"]] == ["andere"]
    assert [j["file"] for j in data["imports"]] == ["paula-alt.xml"]


def test_the_download_holds_nothing_of_anyone_else(client, world, owner):
    text, _ = download(client, world)
    for foreign in (
        owner.email,
        owner.username,
        "gast@fremd.example",
        "Fremder Gast",
        "Gast-Kommentar",
        "Olgas Antwort",
        "Olgas Bild",
        "olga.png",
        "fremd@invited.example",
        owner.password,
        world.password,
    ):
        assert foreign not in text, foreign


def test_the_download_needs_a_signed_in_member(client):
    response = client.get("/accounts/data/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_profile_page_links_the_download(client, world):
    client.force_login(world)
    assert 'href="/accounts/data/"' in client.get("/accounts/profile/").content.decode()


def test_deleting_an_account_takes_its_waiting_import_uploads(
    world, django_capture_on_commit_callbacks, settings
):
    folder = jobs.uploads_folder()
    folder.mkdir(parents=True)
    waiting = folder / "w.upload"
    waiting.write_bytes(b"data")
    ImportJob.objects.filter(owner=world).update(upload_path=f"{jobs.UPLOAD_FOLDER}/w.upload")
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(world, keep_writing=True)
    assert not waiting.exists()
    assert not ImportJob.objects.exists()


def test_deleting_an_account_removes_files_of_blogs_that_go_and_keeps_the_rest(
    blog, owner, django_capture_on_commit_callbacks, settings
):
    root = Path(settings.MEDIA_ROOT)
    solo: Any = BlogFactory(name="solo")
    MembershipFactory(blog=solo, user=owner, role=Role.OWNER)
    gone = upload(solo, owner, SimpleUploadedFile("solo.png", png()))
    co_owner = make_user(username="co")
    MembershipFactory(blog=blog, user=co_owner, role=Role.OWNER)
    kept = upload(blog, owner, SimpleUploadedFile("kiel.png", png()))
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(owner, keep_writing=True)
    assert not (root / str(solo.pk)).exists()
    assert not MediaFile.objects.filter(pk=gone.pk).exists()
    kept.refresh_from_db()
    assert kept.uploaded_by is None
    assert (root / str(blog.pk) / kept.key / kept.stored_name).is_file()
