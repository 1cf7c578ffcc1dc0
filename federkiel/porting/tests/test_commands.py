"""`federkiel import` and `federkiel export` on the command line."""

from __future__ import annotations

import io
import zipfile
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog, Role
from federkiel.factories import StoryFactory, UserFactory
from federkiel.porting import detect
from federkiel.porting.tests.core_helpers import (
    ListSource,
    blog_record,
    media_root,  # noqa: F401 (autouse fixture)
    story,
)
from federkiel.stories.models import Story

pytestmark = pytest.mark.django_db
NAIVE = datetime(2009, 1, 8, 20, 59)
WXR = Path(__file__).parent / "fixtures" / "wxr" / "wordpress-6.x.xml"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_creates_the_blog_with_a_progress_bar():
    owner: Any = UserFactory(username="wpowner")
    out, err = run(
        "import", str(WXR), "--blog", "Notizen", "--owner", "WPOWNER", "--language", "de"
    )
    blog = Blog.objects.get(name="notizen")
    assert blog.role_of(owner) == Role.OWNER and blog.language == "de"
    assert Story.objects.filter(blog=blog).exists()
    assert "Blog notizen created: " in out
    assert "\r[" in err and "100.0 %" in err and err.endswith("\n")
    # Accounts of the file's authors exist now, without a usable password.
    created = User.objects.exclude(pk=owner.pk)
    assert created.exists() and not any(u.has_usable_password() for u in created)


def test_import_into_an_existing_blog_defaults_to_its_owner(blog, owner):
    out, _ = run("import", str(WXR), "--blog", "kiel", "--timezone", "Europe/Berlin")
    assert "Blog kiel updated" in out
    assert Story.objects.filter(blog=blog).exists()
    assert blog.role_of(owner) == Role.OWNER


@pytest.fixture
def wpowner():
    return UserFactory(username="wpowner")


def import_wxr(blog_name, *options):
    """The WordPress fixture (German, Berlin dates) into a new blog of `wpowner`."""
    return run("import", str(WXR), "--blog", blog_name, "--owner", "wpowner", *options)


def test_language_overrides_the_files_language(wpowner):
    import_wxr("notes", "--language", "en")
    assert Blog.objects.get(name="notes").language == "en"  # the file says de-DE
    import_wxr("notizen")
    assert Blog.objects.get(name="notizen").language == "de"


def test_timezone_reads_local_dates_and_becomes_the_blogs(wpowner):
    import_wxr("newyork", "--timezone", "America/New_York")
    import_wxr("kiel2")
    assert Blog.objects.get(name="newyork").time_zone == "America/New_York"
    assert Blog.objects.get(name="kiel2").time_zone == "Europe/Berlin"
    # The draft has only its local date, 2024-11-20 21:05.
    draft = {s.blog.name: s for s in Story.objects.filter(title="Winter an der Förde")}
    assert draft["newyork"].published_at == datetime(2024, 11, 21, 2, 5, tzinfo=UTC)
    assert draft["kiel2"].published_at == datetime(2024, 11, 20, 20, 5, tzinfo=UTC)
    # A post with post_date_gmt keeps its moment whatever the time zone.
    hello = {s.blog.name: s for s in Story.objects.filter(title="Hallo Welt!")}
    assert hello["newyork"].published_at == hello["kiel2"].published_at


def test_an_existing_blogs_time_zone_reads_local_dates(blog, owner):
    blog.time_zone = "America/New_York"
    blog.save()
    run("import", str(WXR), "--blog", "kiel")
    draft = Story.objects.get(blog=blog, title="Winter an der Förde")
    assert draft.published_at == datetime(2024, 11, 21, 2, 5, tzinfo=UTC)  # 21:05 in New York
    blog.refresh_from_db()
    assert blog.time_zone == "America/New_York"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--blog", "neu"], "name its --owner"),
        (["--blog", "neu", "--owner", "niemand"], "There is no user 'niemand'"),
        (["--blog", "admin", "--owner", "olga"], "reserviert"),
        (["--blog", "Kiel!", "--owner", "olga"], "3 bis 30"),
        (["--blog", "neu", "--owner", "olga", "--timezone", "Mars/Base"], "Mars/Base"),
    ],
)
def test_bad_arguments_stop_with_a_clear_message(owner, args, message):
    with pytest.raises(CommandError) as error:
        run("import", str(WXR), *args)
    assert message in str(error.value)
    assert not Blog.objects.filter(name="neu").exists()


def test_an_unreadable_file_fails_cleanly(tmp_path, owner):
    path = tmp_path / "notes.txt"
    path.write_text("nothing to import")
    with pytest.raises(CommandError, match="in keinem Format"):
        run("import", str(path), "--blog", "neu", "--owner", "olga")
    with pytest.raises(CommandError, match="nicht öffnen"):
        run("import", str(tmp_path / "missing.xml"), "--blog", "neu", "--owner", "olga")


def test_a_bad_record_names_the_item_and_imports_nothing(owner, monkeypatch):
    records = [blog_record(), story("1"), story("12", "Titel", published_at=NAIVE)]

    @contextmanager
    def fake_opened(*args, **kwargs):
        yield detect.FORMATS[1], ListSource(records)

    monkeypatch.setattr(detect, "opened", fake_opened)
    with pytest.raises(CommandError) as error:
        run("import", str(WXR), "--blog", "neu", "--owner", "olga")
    assert (
        str(error.value) == "Geschichte 12 „Titel“: Das Veröffentlichungsdatum hat keine Zeitzone."
    )
    assert not Blog.objects.filter(name="neu").exists()


def test_the_command_exits_non_zero_on_errors(tmp_path, owner):
    path = tmp_path / "notes.txt"
    path.write_text("nothing")
    with pytest.raises(SystemExit) as stop:
        from django.core.management import ManagementUtility

        ManagementUtility(["federkiel", "import", str(path), "--blog", "neu"]).execute()
    assert stop.value.code != 0


def test_export_writes_a_zip(tmp_path, blog, owner):
    StoryFactory(blog=blog, author=owner, title="Ausgeführt")
    target = tmp_path / "kiel.zip"
    out, err = run("export", "--blog", "kiel", str(target))
    assert "exported to" in out and "\r[" in err
    with zipfile.ZipFile(target) as archive:
        assert "manifest.json" in archive.namelist()
        assert "Ausgeführt" in archive.read("stories.jsonl").decode()
    assert not list(tmp_path.glob(".*.part"))


def test_export_refuses_a_missing_blog_or_an_existing_file(tmp_path, blog):
    with pytest.raises(CommandError, match="no blog"):
        run("export", "--blog", "nirgendwo", str(tmp_path / "x.zip"))
    existing = tmp_path / "da.zip"
    existing.write_bytes(b"keep")
    with pytest.raises(CommandError, match="exists already"):
        run("export", "--blog", "kiel", str(existing))
    assert existing.read_bytes() == b"keep"


def test_export_and_import_round_trip(tmp_path, blog, owner):
    StoryFactory(blog=blog, author=owner, title="Hin und zurück")
    target = tmp_path / "kiel.zip"
    run("export", "--blog", "kiel", str(target))
    other = UserFactory(username="zweite")
    run("import", str(target), "--blog", "kopie", "--owner", other.username)
    copy = Story.objects.get(blog__name="kopie")
    assert copy.title == "Hin und zurück"
    assert copy.author == owner  # matched by e-mail address


def test_import_reports_what_it_left_out(tmp_path, owner):
    from federkiel.porting.tests.portzip_helpers import write_antville_zip

    path = write_antville_zip(tmp_path, {"static/kiel/images/moewe.png": None})
    out, _err = run("import", str(path), "--blog", "neu", "--owner", "olga")
    lines = out.splitlines()
    assert lines[0].startswith("Blog neu created: ")
    assert lines[1].startswith("- ") and "moewe.png" in lines[1]
    assert lines[2:] == [
        "- Ausgelassen, da Federkiel sie nicht importieren kann: 1 Umfrage, 2 Stimmen, "
        "1 Layoutvorlage (Skin), 1 Schlagwort an Bildern, 1 Layoutbild."
    ]
