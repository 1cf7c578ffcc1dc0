"""Antville/twoday site exports become canonical records."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from federkiel.porting.antville import AntvilleSource, sniff, username_for
from federkiel.porting.canonical import (
    BlogRecord,
    CommentRecord,
    MediaRecord,
    MemberRecord,
    StoryRecord,
    TopicRecord,
    UserRecord,
)
from federkiel.porting.tests.portzip_helpers import (
    ANTVILLE_FIXTURE,
    antville_rows,
    english_messages,  # noqa: F401
    json_bytes,
    write_antville_zip,
    write_zip,
)

pytestmark = pytest.mark.usefixtures("english_messages")

BERLIN = ZoneInfo("Europe/Berlin")


def read_all(path, **kwargs):
    source = AntvilleSource(path, **kwargs)
    records = list(source.records())
    return source, records


def of(records, kind):
    return [r for r in records if isinstance(r, kind)]


@pytest.fixture
def imported(tmp_path):
    return read_all(write_antville_zip(tmp_path))


def test_sniff(tmp_path):
    path = write_antville_zip(tmp_path)
    assert path.name.startswith("antville-site-") and sniff(path)
    assert not sniff(write_zip(tmp_path / "other.zip", {"manifest.json": b"{}"}))
    text = tmp_path / "x.json"
    text.write_text("[]")
    assert not sniff(text)


def test_the_site_becomes_the_blog(imported):
    _, records = imported
    assert isinstance(records[0], BlogRecord)
    blog = records[0]
    assert blog.name == "kiel"
    assert blog.title == "Kieler Woche – Grüße von der Förde"
    assert blog.tagline == "Möwen, Segel und Fischbrötchen"
    assert blog.language == "de"
    assert blog.time_zone == "Europe/Berlin"
    assert blog.page_size == 15
    assert blog.visibility == "public"
    assert blog.comment_mode == "anyone"
    assert blog.created_at == datetime(2004, 3, 1, 10, 0, tzinfo=BERLIN)


def test_members_and_authors_become_users(imported):
    _, records = imported
    users = {u.display_name: u for u in of(records, UserRecord)}
    assert set(users) == {"Jörg", "schlafmütze", "PeZwo", "Gästin Ärger"}
    assert users["Jörg"].username == "Joerg"
    assert users["Gästin Ärger"].username == "Gaestin_Aerger"
    # Addresses come from the authors in export.xml.
    assert users["Jörg"].email == "joerg@example.org"
    assert users["Jörg"].website == "https://joerg.example.org/"
    assert users["schlafmütze"].email == "schlaf@example.org"
    assert users["PeZwo"].email == ""
    roles = {m.user_ref: m.role for m in of(records, MemberRecord)}
    assert roles == {
        users["Jörg"].ref: "owner",
        users["schlafmütze"].ref: "contributor",
        users["PeZwo"].ref: "subscriber",
    }


def test_usernames_are_made_valid_and_unique():
    taken: set[str] = set()
    assert username_for("Jörg", taken) == "Joerg"
    assert username_for("jörg", taken) == "joerg-2"
    assert username_for("a", taken) == "a__"
    assert username_for("日本", taken) == "user"
    assert len(username_for("x" * 50, taken)) == 30


def test_stories(imported):
    _, records = imported
    stories = {s.ref: s for s in of(records, StoryRecord)}
    first = stories["5001"]
    assert first.title == "Über Möwen"
    assert first.text.startswith("<p>Die <i>Möwe</i> fliegt über’s Meer.")  # the rendered HTML
    assert first.text_format == "html"
    assert first.status == "published"
    assert first.published_at == datetime(2009, 1, 8, 21, 59, tzinfo=BERLIN)
    assert first.published_at.utcoffset().total_seconds() == 3600
    assert first.modified_at == datetime(2009, 1, 8, 22, 5, tzinfo=BERLIN)
    assert first.comments_open is True
    assert first.old_paths == ["/stories/5001/"]
    draft = stories["5003"]
    assert draft.status == "draft" and draft.comments_open is False
    shared = stories["5002"]
    assert shared.status == "published"
    # No rendered HTML: the text itself; no title: the text's beginning.
    assert shared.text == "Die Regatta fällt aus – zu viel Wind."
    assert shared.title == "Die Regatta fällt aus – zu viel Wind."
    assert shared.published_at == datetime(2009, 1, 9, 10, 0, tzinfo=BERLIN)
    assert shared.old_paths == ["/stories/5002/", "/stories/regatta/"]
    assert shared.author_ref == next(
        u.ref for u in of(records, UserRecord) if u.display_name == "Jörg"
    )


def test_tags_become_topics_that_stay_reachable(imported):
    _, records = imported
    topics = {t.ref: t for t in of(records, TopicRecord)}
    assert {t.name for t in topics.values()} == {"Kieler Woche", "Vögel"}
    assert topics["90"].old_paths[0] == "/topics/Kieler+Woche/"
    stories = {s.ref: s for s in of(records, StoryRecord)}
    assert sorted(topics[ref].name for ref in stories["5001"].topic_refs) == [
        "Kieler Woche",
        "Vögel",
    ]
    assert stories["5003"].topic_refs == []


def test_comments_and_replies(imported):
    _, records = imported
    comments = {c.ref: c for c in of(records, CommentRecord)}
    assert set(comments) == {"6001", "6002", "6003", "6004"}
    position = {r.ref: i for i, r in enumerate(records) if isinstance(r, CommentRecord)}
    assert position["6001"] < position["6002"] and position["6001"] < position["6004"]
    assert comments["6002"].parent_ref == "6001"
    assert comments["6004"].parent_ref == "6001"
    assert comments["6001"].state == "published"
    assert comments["6003"].state == "pending"
    assert comments["6004"].state == "deleted"
    assert comments["6003"].text.startswith("<p><strong>Frage</strong></p>")
    assert comments["6001"].text_format == "html"
    assert comments["6001"].created_at == datetime(2009, 1, 8, 22, 30, tzinfo=BERLIN)
    assert comments["6001"].edited_at == datetime(2009, 1, 8, 22, 45, tzinfo=BERLIN)
    assert comments["6002"].edited_at is None
    users = {u.ref: u.display_name for u in of(records, UserRecord)}
    assert users[comments["6003"].author_ref] == "Gästin Ärger"


def test_images_and_files_by_content(imported):
    _, records = imported
    media = {m.ref: m for m in of(records, MediaRecord)}
    assert set(media) == {"images-7001", "files-8001"}
    image = media["images-7001"]
    assert image.name == "moewe.png"
    assert image.alt_text == "Eine Möwe über der Förde"
    assert image.old_paths == ["/images/moewe"]
    with image.open() as handle:
        data = handle.read()
    assert data == (ANTVILLE_FIXTURE / "static/kiel/images/moewe.png").read_bytes()
    with media["files-8001"].open() as handle:
        assert "Fischbrötchen" in handle.read().decode()


def test_what_cannot_be_imported_is_counted(imported):
    source, _ = imported
    assert source.skipped == {
        "polls": 1, "votes": 2, "skins": 1, "layout images": 1, "image tags": 1,
    }  # fmt: skip
    assert source.warnings == []
    assert source.fraction_done() == 1.0


def test_a_missing_static_file_is_left_out_with_a_warning(tmp_path):
    path = write_antville_zip(tmp_path, {"static/kiel/images/moewe.png": None})
    source, records = read_all(path)
    assert [m.ref for m in of(records, MediaRecord)] == ["files-8001"]
    assert source.skipped["missing files"] == 1
    assert "moewe.png" in source.warnings[0]


def test_the_time_zone_given_wins_for_naive_dates(tmp_path):
    _, records = read_all(write_antville_zip(tmp_path), time_zone="America/New_York")
    assert records[0].time_zone == "America/New_York"
    first = next(s for s in of(records, StoryRecord) if s.ref == "5001")
    assert first.published_at == datetime(2009, 1, 8, 21, 59, tzinfo=ZoneInfo("America/New_York"))
    # A date with an offset keeps it.
    shared = next(s for s in of(records, StoryRecord) if s.ref == "5002")
    assert shared.published_at == datetime(2009, 1, 9, 10, 0, tzinfo=BERLIN)


def test_without_a_zone_of_its_own_the_blogs_zone_reads_naive_dates(tmp_path):
    site = antville_rows("index.json")
    site[0]["metadata"] = {k: v for k, v in site[0]["metadata"].items() if k != "timeZone"}
    path = write_antville_zip(tmp_path, {"index.json": json_bytes(site)})
    _, records = read_all(path, default_time_zone="America/New_York")
    first = next(s for s in of(records, StoryRecord) if s.ref == "5001")
    assert first.published_at == datetime(2009, 1, 8, 21, 59, tzinfo=ZoneInfo("America/New_York"))
    # The site's own zone comes first.
    _, records = read_all(write_antville_zip(tmp_path), default_time_zone="America/New_York")
    assert records[0].time_zone == "Europe/Berlin"


def test_json_files_inside_a_folder(tmp_path):
    _, records = read_all(write_antville_zip(tmp_path, prefix="kiel-export/"))
    assert len(of(records, StoryRecord)) == 3 and len(of(records, CommentRecord)) == 4


def test_english_site_metadata_kept_as_json_text(tmp_path):
    site = antville_rows("index.json")
    metadata = dict(
        site[0]["metadata"], locale="en_US", commentMode="disabled", timeZone="Europe/London"
    )
    site[0]["metadata"] = json.dumps(metadata)
    site[0]["mode"] = "restricted"
    _, records = read_all(write_antville_zip(tmp_path, {"index.json": json_bytes(site)}))
    blog = records[0]
    assert blog.language == "en" and blog.comment_mode == "nobody"
    assert blog.visibility == "restricted" and blog.time_zone == "Europe/London"


def test_reply_to_a_reply_goes_under_the_top_level_comment(tmp_path):
    comments = antville_rows("comments.json")
    comments.insert(0, dict(comments[2], id=6005, parent_id=6002, created="2009-01-09 01:00:00.0"))
    _, records = read_all(write_antville_zip(tmp_path, {"comments.json": json_bytes(comments)}))
    reply = next(c for c in of(records, CommentRecord) if c.ref == "6005")
    assert reply.parent_ref == "6001"
