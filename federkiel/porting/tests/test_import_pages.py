"""The owner's import pages, the background job and its progress page."""

from __future__ import annotations

import io
import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from federkiel.blogs.models import Blog, Role
from federkiel.factories import BlogFactory, MembershipFactory, StoryFactory, UserFactory
from federkiel.porting import detect, jobs, ourzip
from federkiel.porting.models import ImportJob
from federkiel.porting.tests.core_helpers import (
    ListSource,
    blog_record,
    comment,
    media_root,  # noqa: F401 (autouse fixture)
    story,
)
from federkiel.stories.models import Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def export_bytes(tmp_path):
    """A Federkiel export with one story ("Aus der Quelle") and one comment."""
    author: Any = UserFactory(username="quellenautor")
    blog: Any = BlogFactory(name="quelle")
    MembershipFactory(blog=blog, user=author)
    StoryFactory(blog=blog, author=author, title="Aus der Quelle")
    out = io.BytesIO()
    ourzip.write_export(blog, out)
    return out.getvalue()


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def upload(data, name="export.zip"):
    return SimpleUploadedFile(name, data, content_type="application/zip")


def uploads_left(settings):
    folder = Path(settings.DATA_DIR) / jobs.UPLOAD_FOLDER
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_owner_imports_into_their_blog(client, blog, owner, export_bytes, run_tasks, settings):
    client.force_login(owner)
    page = client.get("/kiel/import/")
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content
    with run_tasks():
        response = client.post("/kiel/import/", {"file": upload(export_bytes), "time_zone": ""})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/blogs/import/{job.pk}/"
    assert (job.state, job.format, job.blog_name, job.owner) == ("done", "ourzip", "kiel", owner)
    assert job.counts["stories"] == 1
    assert Story.objects.get(blog=blog, title="Aus der Quelle").author == owner
    assert uploads_left(settings) == []  # the upload is deleted after the job
    assert job.upload_path == ""
    status = client.get(f"/blogs/import/{job.pk}/status/").json()
    assert status["state"] == "done" and status["finished"] and status["progress"] == 1.0
    html = client.get(f"/blogs/import/{job.pk}/").content.decode()
    assert "Importiert: 1 Geschichten" in html or "1 stories" in html
    assert 'href="/kiel/"' in html


def test_a_signed_in_user_creates_a_new_blog_from_an_export(client, export_bytes, run_tasks):
    user: Any = UserFactory(username="neu")
    client.force_login(user)
    assert client.get("/blogs/import/").status_code == 200
    with run_tasks():
        response = client.post(
            "/blogs/import/",
            {"name": " Umzug ", "file": upload(export_bytes), "language": "en"},
        )
    assert response.status_code == 302
    blog = Blog.objects.get(name="umzug")
    assert blog.role_of(user) == Role.OWNER and blog.language == "en"
    assert Story.objects.filter(blog=blog).count() == 1


def test_new_blog_needs_a_confirmed_address(client, export_bytes):
    user: Any = UserFactory(username="neu", email_confirmed=False)
    client.force_login(user)
    response = client.post("/blogs/import/", {"name": "umzug", "file": upload(export_bytes)})
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    assert not ImportJob.objects.exists()


def test_new_blog_name_taken_by_another_is_refused(client, blog, outsider, export_bytes):
    client.force_login(outsider)
    response = client.post("/blogs/import/", {"name": "kiel", "file": upload(export_bytes)})
    assert response.status_code == 200
    assert "kiel" in Blog.objects.values_list("name", flat=True)
    assert response.context["form"].errors["name"]
    assert not ImportJob.objects.exists()


def test_unknown_format_fails_the_job_with_a_message(client, blog, owner, run_tasks, settings):
    client.force_login(owner)
    with run_tasks():
        client.post("/kiel/import/", {"file": upload(b"just some text\n", "notes.txt")})
    job = ImportJob.objects.get()
    assert job.state == "failed"
    assert "in keinem Format" in job.error_message  # in the owner's language (German here)
    assert uploads_left(settings) == []
    page = client.get(f"/blogs/import/{job.pk}/").content.decode()
    assert job.error_message in page


@contextmanager
def _fake_opened(records):
    yield detect.FORMATS[0], ListSource(records)


def test_a_failing_record_is_named_and_the_blog_stays_as_it_was(
    client, blog, owner, run_tasks, monkeypatch
):
    kept: Any = StoryFactory(blog=blog, author=owner, title="Bleibt")
    records = [
        blog_record(),
        story("1"),
        story("12", "Titel", status="future"),
        comment("c", "1"),
    ]
    monkeypatch.setattr(jobs.detect, "opened", lambda *a, **k: _fake_opened(records))
    client.force_login(owner)
    with run_tasks():
        client.post("/kiel/import/", {"file": upload(b"PK whatever")})
    job = ImportJob.objects.get()
    assert job.state == "failed"
    assert job.error_item == "Geschichte 12 „Titel“"
    assert "unbekannter Wert „future“" in job.error_message
    assert list(Story.objects.filter(blog=blog)) == [kept]
    status = client.get(f"/blogs/import/{job.pk}/status/").json()
    assert status["item"] == job.error_item and status["error"] == job.error_message
    assert job.error_item in client.get(f"/blogs/import/{job.pk}/").content.decode()


def test_the_job_page_shows_live_progress_while_running(client, owner):
    job = ImportJob.objects.create(blog_name="kiel", owner=owner, state="running")
    from django.core.cache import cache

    cache.set(jobs._progress_key(job.pk), {"fraction": 0.25, "label": "5 stories, 9 comments"})
    client.force_login(owner)
    status = client.get(f"/blogs/import/{job.pk}/status/").json()
    assert (status["progress"], status["label"], status["finished"]) == (
        0.25,
        "5 stories, 9 comments",
        False,
    )
    page = client.get(f"/blogs/import/{job.pk}/").content.decode()
    assert '<progress max="1" value="0.250000">' in page
    assert '<meta http-equiv="refresh" content="3">' in page  # reloads without JavaScript
    assert "porting/job.js" in page


def test_running_a_job_twice_imports_once(owner, blog, export_bytes, run_tasks):
    job = ImportJob.objects.create(blog_name="kiel", owner=owner)
    path = jobs.uploads_folder()
    path.mkdir(parents=True)
    (path / "x.upload").write_bytes(export_bytes)
    job.upload_path = f"{jobs.UPLOAD_FOLDER}/x.upload"
    job.save()
    jobs.run_job(job.pk)
    jobs.run_job(job.pk)
    assert Story.objects.filter(blog=blog).count() == 1
    assert jobs.claim(job.pk) is None


@pytest.mark.parametrize("url", ["/blogs/import/{pk}/", "/blogs/import/{pk}/status/"])
def test_others_cannot_see_an_import_job(client, owner, outsider, admin_user, url):
    job = ImportJob.objects.create(
        blog_name="kiel", owner=owner, state="failed", error_message="geheim"
    )
    for someone in (outsider, admin_user):
        client.force_login(someone)
        assert client.get(url.format(pk=job.pk)).status_code == 404
    client.logout()
    assert client.get(url.format(pk=job.pk)).status_code == 302


def test_managers_may_not_import(client, blog, manager, export_bytes):
    client.force_login(manager)
    assert client.get("/kiel/import/").status_code == 403
    assert client.post("/kiel/import/", {"file": upload(export_bytes)}).status_code == 403
    assert not ImportJob.objects.exists()


@override_settings(IMPORT_MAX_BYTES=1000)
def test_an_announced_size_over_the_limit_is_refused_before_reading(client, blog, owner):
    client.force_login(owner)
    body = b"--x\r\n"  # a reader would fail: the test payload has only these bytes
    response = client.generic(
        "POST",
        "/kiel/import/",
        body,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(5 * 1024**3),
    )
    assert response.status_code == 413
    assert (
        "larger than 1000" in response.content.decode()
        or "größer als 1000" in response.content.decode()
    )
    assert not ImportJob.objects.exists()


@override_settings(IMPORT_MAX_BYTES=1000)
def test_a_file_over_the_limit_is_refused_while_streaming(client, blog, owner, settings):
    client.force_login(owner)
    response = client.post("/kiel/import/", {"file": upload(b"x" * 5000)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Die Datei ist größer als 1000\xa0Bytes, mehr darf ein Import nicht haben."
    ]
    assert not ImportJob.objects.exists()
    assert uploads_left(settings) == []


@override_settings(IMPORT_MAX_BYTES=1000)
def test_the_new_blog_form_refuses_an_announced_size_too(client):
    client.force_login(UserFactory())
    response = client.generic(
        "POST",
        "/blogs/import/",
        b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(10**9),
    )
    assert response.status_code == 413
    assert not ImportJob.objects.exists()


def test_settings_page_offers_import_and_export(client, blog, owner):
    client.force_login(owner)
    html = client.get("/kiel/settings/").content.decode()
    assert 'href="/kiel/import/"' in html
    assert 'action="/kiel/export/"' in html


def test_export_downloads_the_blog_as_a_zip(client, blog, owner):
    StoryFactory(blog=blog, author=owner, title="Exportiert")
    client.force_login(owner)
    assert client.get("/kiel/export/").status_code == 200
    response = client.post("/kiel/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="kiel-')
    data = b"".join(response.streaming_content)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        stories = archive.read("stories.jsonl").decode()
    assert manifest["format"] == "federkiel-export"
    assert "Exportiert" in stories


def test_the_export_is_named_by_the_date_in_the_blogs_time_zone(client, blog, owner):
    # 25 hours apart: at any moment at least one of them is not the server's date.
    client.force_login(owner)
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        blog.time_zone = zone
        blog.save()
        response = client.post("/kiel/export/")
        day = timezone.localdate(timezone=ZoneInfo(zone))
        assert response["Content-Disposition"].endswith(f'filename="kiel-{day:%Y-%m-%d}.zip"')
        b"".join(response.streaming_content)


@pytest.mark.parametrize("persona", ["manager", "contributor", "outsider"])
def test_only_owners_export(client, blog, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.post("/kiel/export/").status_code == 403


def test_a_closed_blog_cannot_be_exported_by_outsiders(client, blog, outsider):
    blog.visibility = "closed"
    blog.save()
    client.force_login(outsider)
    assert client.post("/kiel/export/").status_code == 404


def test_jobs_left_running_by_a_stopped_worker_are_failed(owner, settings):
    from datetime import timedelta

    from django.utils import timezone

    folder = jobs.uploads_folder()
    folder.mkdir(parents=True)
    (folder / "old.upload").write_bytes(b"x")
    long_ago = timezone.now() - timedelta(hours=7)
    stuck = ImportJob.objects.create(
        blog_name="kiel",
        owner=owner,
        state="running",
        started_at=long_ago,
        upload_path=f"{jobs.UPLOAD_FOLDER}/old.upload",
        interface_language="en",
    )
    busy = ImportJob.objects.create(
        blog_name="kiel", owner=owner, state="running", started_at=timezone.now()
    )
    assert jobs.fail_interrupted() == 1
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.state == "failed" and "interrupted" in stuck.error_message
    assert busy.state == "running"
    assert uploads_left(settings) == []


def test_the_job_page_tells_what_the_import_left_out(client, blog, owner, run_tasks, tmp_path):
    from federkiel.porting.tests.portzip_helpers import write_antville_zip

    path = write_antville_zip(tmp_path, {"static/kiel/images/moewe.png": None})
    client.force_login(owner)
    with run_tasks():
        client.post("/kiel/import/", {"file": upload(path.read_bytes(), path.name)})
    job = ImportJob.objects.get()
    assert job.state == "done" and job.format == "antville"
    assert job.skipped == {
        "polls": 1, "votes": 2, "skins": 1, "layout images": 1, "image tags": 1,
        "missing files": 1,
    }  # fmt: skip
    assert len(job.warnings) == 1 and "moewe.png" in job.warnings[0]
    html = client.get(f"/blogs/import/{job.pk}/").content.decode()
    assert job.warnings[0] in html
    assert (
        "Ausgelassen, da Federkiel sie nicht importieren kann: 1 Umfrage, 2 Stimmen, "
        "1 Layoutvorlage (Skin), 1 Schlagwort an Bildern, 1 Layoutbild." in html
    )
    status = client.get(f"/blogs/import/{job.pk}/status/").json()
    assert status["notes"][0] == job.warnings[0] and len(status["notes"]) == 2


def test_local_dates_are_read_in_the_blogs_time_zone(client, blog, owner, run_tasks):
    from datetime import UTC, datetime

    from federkiel.porting.tests.wxr_helpers import FIXTURES

    blog.time_zone = "Asia/Tokyo"
    blog.save()
    wxr_bytes = (FIXTURES / "wordpress-6.x.xml").read_bytes()
    client.force_login(owner)
    with run_tasks():
        client.post("/kiel/import/", {"file": upload(wxr_bytes, "export.xml"), "time_zone": ""})
    assert ImportJob.objects.get().state == "done"
    # The draft's only date is 2024-11-20 21:05, here in Tokyo.
    draft = Story.objects.get(blog=blog, title="Winter an der Förde")
    assert draft.published_at == datetime(2024, 11, 20, 12, 5, tzinfo=UTC)


class ProgressSpy:
    """The cache, recording the progress the job writes and what its page would show."""

    def __init__(self, real: Any, job_id: Any) -> None:
        self.real = real
        self.job_id = job_id
        self.written: list[dict[str, Any]] = []
        self.shown: list[float] = []

    def set(self, key: str, value: Any, timeout: Any = None) -> None:
        self.real.set(key, value, timeout)
        if key.endswith(":progress"):
            self.written.append(value)
            self.shown.append(jobs.status(ImportJob.objects.get(pk=self.job_id()))["progress"])

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_a_running_import_writes_rising_progress(client, blog, owner, run_tasks, monkeypatch):
    from django.core.cache import cache

    from federkiel.porting.tests.wxr_helpers import comment, item, wxr

    posts = "".join(
        item(n, title=f"Beitrag {n}", comments=comment(n, content="Danke!")) for n in range(1, 301)
    )
    spy = ProgressSpy(cache, lambda: ImportJob.objects.get().pk)
    monkeypatch.setattr(jobs, "cache", spy)
    client.force_login(owner)
    with run_tasks():
        client.post("/kiel/import/", {"file": upload(wxr(posts).encode(), "export.xml")})
    job = ImportJob.objects.get()
    assert job.state == "done" and job.counts["stories"] == 300

    # The share of the file read rises along the way (in the reader's chunks)...
    fractions = [value["fraction"] for value in spy.written]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert len({f for f in fractions if 0 < f < 1}) >= 3
    # ... and so do the counts, up to all of them in the last value.
    stories = [int(value["label"].split()[0]) for value in spy.written]
    assert stories == sorted(stories) and stories[0] < 100
    assert spy.written[-1]["label"] == "300 Geschichten, 300 Kommentare"
    # While it ran, the job's page showed each value; afterwards the done job's.
    assert spy.shown == [round(f, 4) for f in fractions]
    assert cache.get(jobs._progress_key(job.pk)) is None
    assert client.get(f"/blogs/import/{job.pk}/status/").json()["progress"] == 1.0


def test_the_empty_time_zone_choice_says_where_dates_fall_back_to(client, blog, owner):
    client.force_login(owner)
    existing = client.get("/kiel/import/", headers={"Accept-Language": "en"}).content.decode()
    assert '<option value="" selected>as in the file, else the blog&#x27;s</option>' in existing
    new = client.get("/blogs/import/", headers={"Accept-Language": "en"}).content.decode()
    assert '<option value="" selected>as in the file</option>' in new
    assert "else the blog" not in new
