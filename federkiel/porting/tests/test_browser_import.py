"""In a real browser: an owner uploads an export and watches the import finish."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.cache import cache

from federkiel.browser import sign_in
from federkiel.factories import BlogFactory, MembershipFactory, StoryFactory, UserFactory
from federkiel.porting import jobs, ourzip
from federkiel.porting.models import ImportJob
from federkiel.porting.tests.core_helpers import media_root  # noqa: F401 (autouse fixture)
from federkiel.stories.models import Story


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_owner_uploads_an_export_and_sees_the_result(page, live_server, blog, owner, tmp_path):
    source: Any = BlogFactory(name="quelle")
    MembershipFactory(blog=source, user=UserFactory(username="q"))
    StoryFactory(blog=source, title="Aus der Quelle")
    out = io.BytesIO()
    ourzip.write_export(source, out)
    sign_in(page.context, live_server, owner)
    page.goto("/kiel/settings/")
    page.click("text=Geschichten und Kommentare aus einem Export importieren")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "quelle.zip", "mimeType": "application/zip", "buffer": out.getvalue()}],
    )
    page.click("main form[enctype] button[type=submit]")
    page.wait_for_selector("text=Importiert: 1 Geschichten")
    assert Story.objects.filter(blog=blog, title="Aus der Quelle").exists()
    page.click("text=Zum Blog")
    page.wait_for_selector("text=Aus der Quelle")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_job_page_follows_the_progress_and_shows_the_end(page, live_server, owner):
    job = ImportJob.objects.create(blog_name="kiel", owner=owner, state="running")
    key = jobs._progress_key(job.pk)
    cache.set(key, {"fraction": 0.25, "label": "5 Geschichten, 9 Kommentare"})
    sign_in(page.context, live_server, owner)
    page.goto(f"/blogs/import/{job.pk}/")
    assert page.eval_on_selector("progress", "p => p.value") == 0.25
    cache.set(key, {"fraction": 0.75, "label": "15 Geschichten, 30 Kommentare"})
    page.wait_for_function("document.querySelector('progress').value === 0.75")
    page.wait_for_selector("text=15 Geschichten, 30 Kommentare")
    ImportJob.objects.filter(pk=job.pk).update(
        state="failed", error_item="Geschichte 12 „Titel“", error_message="Kaputt."
    )
    page.wait_for_selector("text=Der Import ist gescheitert")
    assert "Geschichte 12 „Titel“" in page.content()
