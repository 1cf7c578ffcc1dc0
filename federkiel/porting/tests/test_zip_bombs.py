"""Zip bombs given to the import by every way in: detection, `federkiel import`, and the
upload forms. Each is refused with a message naming the member, and nothing is imported.
(SafeZip itself is tested in test_safezip.py.)"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from federkiel.blogs.models import Blog
from federkiel.factories import BlogFactory, MembershipFactory, StoryFactory, UserFactory
from federkiel.porting import detect, ourzip
from federkiel.porting.canonical import PortingError
from federkiel.porting.models import ImportJob
from federkiel.porting.tests.core_helpers import media_root  # noqa: F401 (autouse fixture)
from federkiel.porting.tests.portzip_helpers import rewrite_zip, write_antville_zip
from federkiel.stories.models import Story

pytestmark = pytest.mark.django_db

# 4 MiB of zeros deflate to about 4 KiB: a ratio of 1000 to 1, beyond SafeZip's 200.
BOMB = b"\0" * (4 * 1024 * 1024)


def federkiel_bomb(folder: Path) -> tuple[Path, str]:
    """A real Federkiel export whose stories file is a bomb (checksums fitting)."""
    source: Any = BlogFactory(name="quelle")
    MembershipFactory(blog=source, user=UserFactory(username="quellenautor"))
    StoryFactory(blog=source, title="Aus der Quelle")
    export = folder / "quelle.zip"
    ourzip.write_export(source, export)
    return rewrite_zip(export, folder / "bomb.zip", {"stories.jsonl": BOMB}), "stories.jsonl"


def antville_bomb(folder: Path) -> tuple[Path, str]:
    """An Antville site export with a bomb among its images."""
    name = "static/kiel/images/bombe.png"
    return write_antville_zip(folder, {name: BOMB}), name


BOMBS = [pytest.param(federkiel_bomb, id="federkiel"), pytest.param(antville_bomb, id="antville")]


def story_titles() -> list[str]:
    return sorted(Story.objects.values_list("title", flat=True))


def stored_files() -> list[Path]:
    return list(Path(settings.MEDIA_ROOT).rglob("*"))


@pytest.mark.parametrize("make", BOMBS)
def test_detection_names_the_format_but_opening_refuses(tmp_path, make):
    path, member = make(tmp_path)
    fmt = detect.detect(path)  # sniffing reads names and the manifest only
    assert fmt.key in ("ourzip", "antville")
    with translation.override("en"), pytest.raises(PortingError) as refused, detect.opened(path):
        pytest.fail("a zip bomb was opened")
    assert "zip bomb" in refused.value.message and refused.value.item == member


@pytest.mark.parametrize("make", BOMBS)
def test_the_command_refuses_and_imports_nothing(tmp_path, owner, make):
    path, member = make(tmp_path)
    before = story_titles()
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), "--blog", "neu", "--owner", "olga", stderr=io.StringIO())
    assert str(refused.value).startswith(f"{member}: ")
    assert "Zip-Bombe" in str(refused.value)
    assert not Blog.objects.filter(name="neu").exists()
    assert story_titles() == before
    assert stored_files() == []


@pytest.mark.parametrize("make", BOMBS)
def test_the_upload_form_fails_the_job_and_imports_nothing(
    client, blog, owner, tmp_path, make, django_capture_on_commit_callbacks
):
    path, member = make(tmp_path)
    before = story_titles()
    client.force_login(owner)
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/zip")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/kiel/import/", {"file": upload, "time_zone": ""})
    job = ImportJob.objects.get()
    assert (job.state, job.error_item) == ("failed", member)
    assert "Zip-Bombe" in job.error_message
    assert story_titles() == before and stored_files() == []
    assert job.upload_path == ""  # the uploaded bomb is deleted too
    page = client.get(f"/blogs/import/{job.pk}/").content.decode()
    assert "Zip-Bombe" in page and member in page


def test_the_new_blog_form_creates_no_blog_from_a_bomb(
    client, tmp_path, django_capture_on_commit_callbacks
):
    path, _member = federkiel_bomb(tmp_path)
    user: Any = UserFactory(username="neu")
    client.force_login(user)
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/zip")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/blogs/import/", {"name": "umzug", "file": upload})
    job = ImportJob.objects.get()
    assert job.state == "failed" and "Zip-Bombe" in job.error_message
    assert not Blog.objects.filter(name="umzug").exists()
