"""WordPress exports (WXR 1.0 to 1.2) as canonical records: every mapping, every refusal."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

import pytest
from django.utils import translation

from federkiel.porting.canonical import (
    BlogRecord,
    CommentRecord,
    PortingError,
    StoryRecord,
    TopicRecord,
    UserRecord,
)
from federkiel.porting.tests.wxr_helpers import FIXTURES, comment, item, read, write, wxr
from federkiel.porting.wxr import WxrSource, sniff

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
WP6 = FIXTURES / "wordpress-6.x.xml"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def wp6():
    source = WxrSource(WP6)
    records = list(source.records())
    return source, records


def stories(records):
    return {r.ref: r for r in records if isinstance(r, StoryRecord)}


def stories_of(grouped):
    return {r.ref: r for r in grouped["StoryRecord"]}


def comments(records):
    return {r.ref: r for r in records if isinstance(r, CommentRecord)}


# -- WordPress 6.x, WXR 1.2 -----------------------------------------------------------------


def test_blog_record_comes_first_with_channel_data(wp6):
    _source, records = wp6
    blog = records[0]
    assert isinstance(blog, BlogRecord)
    assert blog.title == "Notizen aus Kiel"
    assert blog.tagline == "Über Fähren, Wetter & Fischbrötchen"
    assert blog.language == "de"
    assert blog.time_zone == "Europe/Berlin"
    assert blog.name == "notizen"
    assert sum(isinstance(r, BlogRecord) for r in records) == 1


def test_authors_become_users(wp6):
    users = {r.ref: r for r in wp6[1] if isinstance(r, UserRecord)}
    assert set(users) == {"anna", "bernd"}
    assert users["anna"].email == "anna@notizen.example.org"
    assert users["anna"].display_name == "Anna Albers"
    # No display name: first and last name.
    assert users["bernd"].display_name == "Bernd Brandt"


def test_categories_and_tags_become_topics_nav_menus_do_not(wp6):
    topics = {r.ref: r.name for r in wp6[1] if isinstance(r, TopicRecord)}
    assert topics == {
        "allgemein": "Allgemein",
        "reisen": "Reisen",
        "ostsee": "Ostsee",
        "kiel": "Kiel",
        "faehre": "Fähre",
        "essen-trinken": "Essen & Trinken",
        "seiten": "Seiten",
    }


def test_topics_carry_their_wordpress_addresses(wp6):
    paths = {r.ref: r.old_paths for r in wp6[1] if isinstance(r, TopicRecord)}
    assert paths == {
        "allgemein": ["/category/allgemein/"],
        "reisen": ["/category/reisen/"],
        # A child category: nested under its parent, and the flat form WordPress also serves.
        "ostsee": ["/category/reisen/ostsee/", "/category/ostsee/"],
        "kiel": ["/tag/kiel/"],
        "faehre": ["/tag/f%C3%A4hre/"],  # the file's "f%c3%a4hre", encoded once
        "essen-trinken": ["/tag/essen-trinken/"],
        "seiten": [],
    }


def test_item_categories_give_addresses_when_the_channel_lists_no_terms():
    source = WxrSource(FIXTURES / "wordpress-2.8-wxr-1.0.xml")
    paths = {r.ref: r.old_paths for r in source.records() if isinstance(r, TopicRecord)}
    assert paths == {"baeume": ["/category/baeume/"], "eiche": ["/tag/eiche/"]}


def test_odd_term_slugs_become_one_path_segment(tmp_path):
    channel = """
	<wp:category><wp:category_nicename>a/b</wp:category_nicename>
	<wp:cat_name>Schräg</wp:cat_name></wp:category>
	<wp:tag><wp:tag_slug>..</wp:tag_slug><wp:tag_name>Punkte</wp:tag_name></wp:tag>
	<wp:tag><wp:tag_slug>grüße</wp:tag_slug><wp:tag_name>Grüße</wp:tag_name></wp:tag>"""
    records = read(write(tmp_path, wxr(channel=channel)))["TopicRecord"]
    assert {r.name: r.old_paths for r in records} == {
        "Schräg": ["/category/a%2Fb/"],
        "Punkte": [],
        "Grüße": ["/tag/gr%C3%BC%C3%9Fe/"],
    }


def test_every_reference_points_backwards(wp6):
    seen: dict[str, set[str]] = {"user": set(), "topic": set(), "story": set(), "comment": set()}
    for record in wp6[1]:
        if isinstance(record, UserRecord):
            seen["user"].add(record.ref)
        elif isinstance(record, TopicRecord):
            seen["topic"].add(record.ref)
        elif isinstance(record, StoryRecord):
            assert record.author_ref is None or record.author_ref in seen["user"]
            assert set(record.topic_refs) <= seen["topic"]
            seen["story"].add(record.ref)
        elif isinstance(record, CommentRecord):
            assert record.story_ref in seen["story"]
            assert record.parent_ref is None or record.parent_ref in seen["comment"]
            assert record.author_ref is None or record.author_ref in seen["user"]
            seen["comment"].add(record.ref)


def test_published_post(wp6):
    story = stories(wp6[1])["10"]
    assert story.title == "Hallo Welt!"
    assert story.status == "published"
    assert story.published_at == datetime(2024, 3, 10, 13, 30, tzinfo=UTC)
    assert story.modified_at == datetime(2024, 3, 11, 7, 0, tzinfo=UTC)
    assert story.slug == "hallo-welt"
    assert story.author_ref == "anna"
    assert story.text_format == "html"
    assert story.comments_open is True
    # The post format is no topic.
    assert story.topic_refs == ["allgemein", "kiel"]
    assert story.old_paths == ["/2024/03/10/hallo-welt/", "/?p=10"]


def test_classic_text_gets_paragraphs_as_wordpress_shows_it(wp6):
    text = stories(wp6[1])["10"].text
    assert text.startswith("<p>Willkommen in meinem neuen Blog.")
    assert "<p>Zweiter Absatz,<br />\nmit einem Zeilenumbruch.</p>" in text
    assert "<ul>" in text and "<p><ul>" not in text and "<li>Fähren</li>" in text
    assert text.endswith("<strong>Betonung</strong>.</p>")


def test_block_editor_text_is_kept_as_it_is(wp6):
    story = stories(wp6[1])["11"]
    assert story.text.startswith("<!-- wp:paragraph -->\n<p>Um 14 Uhr")
    assert "<p><!--" not in story.text
    assert story.comments_open is False
    assert story.topic_refs == ["ostsee", "reisen", "faehre", "essen-trinken"]


def test_caption_shortcode_becomes_a_figure_and_more_a_paragraph_break(wp6):
    text = stories(wp6[1])["18"].text
    assert "[caption" not in text
    assert "<figcaption>Friedrichsort im Morgenlicht</figcaption></figure>" in text
    assert "<p>Früh aufgestanden, und es hat sich gelohnt.</p>" in text
    assert "<p>Danach gab es Kaffee.</p>" in text
    assert "<pre>\n  Zeile eins\n\n  Zeile zwei\n</pre>" in text


def test_draft_without_gmt_date_uses_local_time_in_the_blog_zone(wp6):
    story = stories(wp6[1])["12"]
    assert story.status == "draft"
    assert story.published_at == datetime(2024, 11, 20, 21, 5, tzinfo=BERLIN)
    assert story.published_at.astimezone(UTC) == datetime(2024, 11, 20, 20, 5, tzinfo=UTC)
    assert story.slug == ""  # made from the title by the loader
    assert story.old_paths == ["/?p=12"]


def test_pending_and_private_become_drafts(wp6):
    found = stories(wp6[1])
    assert found["13"].status == "draft"
    assert found["13"].author_ref == "bernd"
    assert found["14"].status == "draft"


def test_scheduled_post_is_published_in_the_future(wp6):
    story = stories(wp6[1])["15"]
    assert story.status == "published"
    assert story.published_at == datetime(2031, 6, 21, 8, 0, tzinfo=UTC)


def test_password_protected_post_becomes_a_draft_with_a_warning(wp6):
    source, records = wp6
    story = stories(records)["17"]
    assert story.status == "draft"
    assert story.title == "Geheimtipps & Fischbrötchen"
    assert any("Geheimtipps & Fischbrötchen" in w and "password" in w for w in source.warnings)


def test_page_becomes_a_story_with_the_pages_topic(wp6):
    story = stories(wp6[1])["20"]
    assert story.title == "Über mich"
    assert story.topic_refs == ["seiten"]
    assert story.old_paths == ["/ueber-mich/", "/?page_id=20"]


def test_trash_attachments_menus_and_custom_types_are_skipped_and_counted(wp6):
    source, records = wp6
    assert set(stories(records)) == {"10", "11", "12", "13", "14", "15", "17", "18", "20"}
    assert "109" not in comments(records)  # on the trashed post
    assert source.skipped_types == {"attachment": 1, "nav_menu_item": 1, "wp_navigation": 1}
    assert source.trashed == ["Alter Kram"]
    assert source.skipped_comments == 1
    warnings = "\n".join(source.warnings)
    assert "1 attachment was skipped" in warnings
    assert "“nav_menu_item”" in warnings and "“wp_navigation”" in warnings
    assert "“Alter Kram”" in warnings


def test_comment_states_and_kinds(wp6):
    found = comments(wp6[1])
    assert {ref: (c.state, c.kind) for ref, c in found.items()} == {
        "101": ("published", "comment"),
        "102": ("published", "comment"),
        "103": ("published", "comment"),
        "104": ("published", "pingback"),
        "105": ("published", "trackback"),
        "106": ("pending", "comment"),
        "107": ("spam", "comment"),
        "108": ("deleted", "comment"),
        "110": ("published", "comment"),
    }


def test_comment_threading_joins_deep_replies_to_the_top_level_comment(wp6):
    records = wp6[1]
    found = comments(records)
    assert found["101"].parent_ref is None
    assert found["102"].parent_ref == "101"
    # 103 answers 102, which answers 101: Federkiel threads one level deep.
    assert found["103"].parent_ref == "101"
    # 103 comes before 102 in the file; the parent is emitted first all the same.
    order = [r.ref for r in records if isinstance(r, CommentRecord)]
    assert order.index("101") < order.index("102") < order.index("103")


def test_comment_fields(wp6):
    found = comments(wp6[1])
    guest = found["101"]
    assert guest.story_ref == "10"
    assert guest.created_at == datetime(2024, 3, 10, 14, 2, 11, tzinfo=UTC)
    assert guest.guest_name == "Schlafmütze"
    assert guest.guest_email == "schlaf@example.com"
    assert guest.guest_website == "https://schlafmuetze.example.com/"
    assert guest.author_ref is None
    assert guest.text_format == "html"
    assert guest.text == "<p>Schön, dass du schreibst!</p>\n<p>Ich lese mit.</p>"
    # comment_user_id 1 is the author with wp:author_id 1.
    assert found["102"].author_ref == "anna"
    assert found["108"].author_ref == "bernd"
    assert found["104"].guest_name == "Fährblog » Neue Blogs aus Kiel"
    # Two CDATA sections in a row (how WordPress escapes "]]>") read as one text.
    assert "<code>]]></code>" in found["110"].text


def test_fraction_done_reaches_one(wp6):
    source = WxrSource(WP6)
    assert source.fraction_done() == 0.0
    seen = []
    for _record in source.records():
        seen.append(source.fraction_done())
    assert seen == sorted(seen)
    assert source.fraction_done() == 1.0


def test_sniff():
    assert sniff(WP6)
    assert sniff(FIXTURES / "wordpress-2.8-wxr-1.0.xml")
    assert sniff(FIXTURES / "wordpress-3.0-wxr-1.1.xml")


def test_sniff_refuses_other_files(tmp_path):
    rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    assert not sniff(write(tmp_path, rss, "feed.xml"))
    assert not sniff(write(tmp_path, b"PK\x03\x04" + bytes(100), "a.zip"))
    assert not sniff(tmp_path / "missing.xml")


# -- Older versions -------------------------------------------------------------------------


def test_wxr_1_0_in_iso_8859_1():
    source = WxrSource(FIXTURES / "wordpress-2.8-wxr-1.0.xml")
    records = list(source.records())
    assert source.wxr_version == "1.0"
    assert records[0].title == "Försters Tagebuch"
    # The blog lives under /blog: old paths are relative to it.
    story = stories(records)["7"]
    assert story.old_paths == ["/2009/09/die-alte-eiche/", "/?p=7"]
    assert story.text == "<p>Sie steht seit 300 Jahren.</p>\n<p>Größer als alle anderen.</p>"
    # WXR 1.0 lists no authors: the dc:creator becomes a user of its own.
    users = [r for r in records if isinstance(r, UserRecord)]
    assert [u.username for u in users] == ["foerster"]
    assert story.author_ref == "foerster"
    # Categories without domain, and tags with the old domain "tag".
    assert story.topic_refs == ["baeume", "eiche"]
    found = comments(records)
    assert found["3"].guest_website == ""  # "http://" is no address
    assert found["4"].parent_ref == "3"
    assert found["4"].created_at == datetime(2009, 9, 13, 9, 30, tzinfo=BERLIN)


def test_wxr_1_1():
    source = WxrSource(FIXTURES / "wordpress-3.0-wxr-1.1.xml")
    records = list(source.records())
    assert source.wxr_version == "1.1"
    assert records[0].language == "en"
    # WordPress's default category is not a topic.
    topics = [r.ref for r in records if isinstance(r, TopicRecord)]
    assert topics == ["ships"]
    story = stories(records)["5"]
    assert story.topic_refs == ["ships"]
    assert story.text == (
        "<p>Three of them arrived today.<br />\nThe <em>Sea Cloud</em> was the largest.</p>"
    )
    # WXR 1.1 authors have no id, so comment_user_id matches no one: a guest.
    assert comments(records)["2"].author_ref is None


# -- Time zones -----------------------------------------------------------------------------


def test_time_zone_given_interprets_local_dates(tmp_path):
    path = write(tmp_path, wxr(item(1, status="draft", date_gmt="0000-00-00 00:00:00")))
    grouped = read(path, time_zone="America/New_York")
    assert grouped["BlogRecord"][0].time_zone == "America/New_York"
    story = grouped["StoryRecord"][0]
    assert story.published_at == datetime(
        2024, 3, 10, 14, 30, tzinfo=zoneinfo.ZoneInfo("America/New_York")
    )


def test_time_zone_from_the_file(tmp_path):
    extension = (
        '<federkiel:time_zone xmlns:federkiel="urn:federkiel:wxr:1">'
        "Asia/Tokyo</federkiel:time_zone>"
    )
    path = write(tmp_path, wxr(item(1, date_gmt=""), channel=extension))
    grouped = read(path)
    assert grouped["BlogRecord"][0].time_zone == "Asia/Tokyo"
    assert grouped["StoryRecord"][0].published_at.utcoffset().total_seconds() == 9 * 3600
    # The person importing has the last word.
    assert read(path, time_zone="Europe/Vienna")["BlogRecord"][0].time_zone == "Europe/Vienna"
    # The file knows its own dates better than the blog they go into.
    assert read(path, default_time_zone="Europe/Vienna")["BlogRecord"][0].time_zone == (
        "Asia/Tokyo"
    )


DRAFT = item(9, status="draft", date="2024-11-20 21:05:00", date_gmt="0000-00-00 00:00:00")


def new_york_times():
    """A post and a comment whose local dates are 5 hours behind their UTC dates, and a
    draft with only a local date."""
    reply = comment(1, date="2024-07-01 07:00:00", date_gmt="2024-07-01 12:00:00")
    post = item(1, date="2024-03-10 08:30:00", date_gmt="2024-03-10 13:30:00", comments=reply)
    return wxr(post + DRAFT)


def test_the_blogs_time_zone_reads_local_dates(tmp_path):
    """Importing into an existing blog: its zone, not one guessed from the file."""
    path = write(tmp_path, new_york_times())
    grouped = read(path, default_time_zone="Asia/Tokyo")
    assert grouped["BlogRecord"][0].time_zone == "Asia/Tokyo"
    draft = stories_of(grouped)["9"]
    assert draft.published_at == datetime(
        2024, 11, 20, 21, 5, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo")
    )
    assert (
        read(path, time_zone="UTC", default_time_zone="Asia/Tokyo")["BlogRecord"][0].time_zone
        == "UTC"
    )


def test_a_new_blogs_time_zone_is_found_from_dates_given_twice(tmp_path):
    path = write(tmp_path, new_york_times())
    grouped = read(path)
    # Five hours behind UTC in March and in July: no summer time, so a fixed zone.
    assert grouped["BlogRecord"][0].time_zone == "Etc/GMT+5"
    draft = stories_of(grouped)["9"]
    assert draft.published_at.astimezone(UTC) == datetime(2024, 11, 21, 2, 5, tzinfo=UTC)
    # Dates given in UTC stay as they are.
    assert stories_of(grouped)["1"].published_at == datetime(2024, 3, 10, 13, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("local_dates", "zone"),
    [
        (["2024-01-10 13:00", "2024-07-10 14:00"], "Europe/Berlin"),  # winter and summer
        (["2024-01-10 13:00"], "Europe/Berlin"),  # rather than Etc/GMT-1
        (["2024-01-10 07:00", "2024-07-10 08:00"], "Europe/Berlin"),  # New York: unclear
        (["2024-01-10 12:00"], "Etc/UTC"),
        (["2024-01-10 21:00"], "Etc/GMT-9"),
        (["2024-01-10 17:30"], "Europe/Berlin"),  # India's half hour has no Etc zone
        (["2024-01-25 12:00", "2024-01-10 21:00"], "Etc/GMT-9"),  # nonsense is ignored
        ([], "Europe/Berlin"),
    ],
)
def test_the_guess_from_the_files_dates(tmp_path, local_dates, zone):
    """Each post's UTC date is noon of the 10th of its local date's month."""
    items = "".join(
        item(n, date=f"{local}:00", date_gmt=f"{local[:8]}10 12:00:00")
        for n, local in enumerate(local_dates, 1)
    )
    path = write(tmp_path, wxr(items + DRAFT))
    assert read(path)["BlogRecord"][0].time_zone == zone


def test_unknown_time_zone_is_refused(tmp_path):
    path = write(tmp_path, wxr(item(1)))
    with pytest.raises(PortingError, match="Mars/Olympus"):
        WxrSource(path, time_zone="Mars/Olympus")


def test_english_blog_names_its_pages_and_untitled_posts_in_english(tmp_path):
    path = write(tmp_path, wxr(item(1, title="", post_type="page"), language="en-US"))
    grouped = read(path)
    assert grouped["BlogRecord"][0].language == "en"
    assert [t.name for t in grouped["TopicRecord"]] == ["Pages"]
    assert grouped["StoryRecord"][0].title == "(untitled)"


def test_other_languages_fall_back_to_german(tmp_path):
    path = write(tmp_path, wxr(item(1, title=""), language="fr-FR"))
    grouped = read(path)
    assert grouped["BlogRecord"][0].language == "de"
    assert grouped["StoryRecord"][0].title == "(ohne Titel)"


# -- Refusals -------------------------------------------------------------------------------


def test_duplicate_post_ids_are_refused(tmp_path):
    path = write(tmp_path, wxr(item(5, title="Erster") + item(5, title="Zweiter")))
    with pytest.raises(PortingError) as raised:
        read(path)
    assert "5" in raised.value.message and "more than once" in raised.value.message
    assert raised.value.item == "post 5 “Zweiter”"


def test_messages_are_in_the_language_of_the_person_importing(tmp_path):
    path = write(tmp_path, wxr(item(5, title="Erster") + item(5, title="Zweiter")))
    with translation.override("de"), pytest.raises(PortingError) as raised:
        read(path)
    assert raised.value.message == "Die Beitrags-ID 5 kommt mehrfach in der Datei vor."
    assert raised.value.item == "Beitrag 5 „Zweiter“"


def test_duplicate_comment_ids_are_refused(tmp_path):
    text = wxr(item(1, comments=comment(7)) + item(2, comments=comment(7)))
    with pytest.raises(PortingError) as raised:
        read(write(tmp_path, text))
    assert "comment id 7" in raised.value.message
    assert raised.value.item == "post 2 “Ein Beitrag”"


def test_reply_to_a_missing_comment_names_the_item(tmp_path):
    text = wxr(item(3, title="Mit Lücke", comments=comment(8, parent=99)))
    with pytest.raises(PortingError) as raised:
        read(write(tmp_path, text))
    assert raised.value.item == "post 3 “Mit Lücke”"
    assert "8" in raised.value.message and "99" in raised.value.message


def test_circle_of_replies_is_refused(tmp_path):
    text = wxr(item(3, comments=comment(8, parent=9) + comment(9, parent=8)))
    with pytest.raises(PortingError, match="circle"):
        read(write(tmp_path, text))


def test_post_without_date_names_the_item(tmp_path):
    text = wxr(item(4, title="Zeitlos", date="", date_gmt=""))
    with pytest.raises(PortingError) as raised:
        read(write(tmp_path, text))
    assert raised.value.item == "post 4 “Zeitlos”"
    assert "date" in raised.value.message


def test_garbage_date_names_the_value(tmp_path):
    text = wxr(item(4, date="gestern", date_gmt=""))
    with pytest.raises(PortingError, match="gestern"):
        read(write(tmp_path, text))


def test_comment_without_date_names_the_comment(tmp_path):
    text = wxr(item(4, comments=comment(12, date="", date_gmt="")))
    with pytest.raises(PortingError) as raised:
        read(write(tmp_path, text))
    assert raised.value.item == "comment 12 on post 4 “Ein Beitrag”"


def test_item_without_post_id_is_refused(tmp_path):
    with pytest.raises(PortingError, match="wp:post_id"):
        read(write(tmp_path, wxr(item(""))))


def test_unknown_states_become_drafts_and_held_comments_with_a_warning(tmp_path):
    text = wxr(item(1, status="archived", comments=comment(2, approved="maybe")))
    path = write(tmp_path, text)
    source = WxrSource(path)
    records = list(source.records())
    assert stories(records)["1"].status == "draft"
    assert comments(records)["2"].state == "pending"
    assert source.unknown_states == {"archived": 1, "maybe": 1}
    assert any("“archived”" in w for w in source.warnings)


def test_webmention_comment_type_is_a_webmention(tmp_path):
    text = wxr(item(1, comments=comment(2, comment_type="webmention")))
    assert comments(read(write(tmp_path, text))["CommentRecord"])["2"].kind == "webmention"


def test_invalid_utf8_gives_a_clear_error_naming_the_line(tmp_path):
    text = wxr(item(1, content="Gr\x00SSE")).encode("utf-8").replace(b"\x00", b"\xff\xfe")
    with pytest.raises(PortingError) as raised:
        read(write(tmp_path, text))
    assert "UTF-8" in raised.value.message
    lines = text.split(b"\n")
    line = next(n for n, content in enumerate(lines, start=1) if b"\xff" in content)
    assert raised.value.item == f"export.xml line {line}"


def test_windows_1252_declared_file_works(tmp_path):
    text = wxr(item(1, title="„Anführung“ – Gedankenstrich"))
    text = text.replace('encoding="UTF-8"', 'encoding="windows-1252"')
    grouped = read(write(tmp_path, text.encode("cp1252")))
    assert grouped["StoryRecord"][0].title == "„Anführung“ – Gedankenstrich"


def test_unknown_encoding_is_refused(tmp_path):
    text = wxr(item(1)).replace('encoding="UTF-8"', 'encoding="x-klingon"')
    with pytest.raises(PortingError, match="x-klingon"):
        read(write(tmp_path, text))


def test_control_characters_are_removed_with_a_warning(tmp_path):
    path = write(tmp_path, wxr(item(1, title="Glocke\x07", content="Seiten\x0cumbruch")))
    source = WxrSource(path)
    story = stories(list(source.records()))["1"]
    assert story.title == "Glocke"
    assert story.text == "<p>Seitenumbruch</p>"
    assert any("2 control characters" in w for w in source.warnings)


def test_an_rss_feed_is_not_a_wordpress_export(tmp_path):
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
        "<item><title>y</title></item></channel></rss>"
    )
    with pytest.raises(PortingError, match="not a WordPress export"):
        read(write(tmp_path, feed))


def test_an_atom_feed_is_not_a_wordpress_export(tmp_path):
    feed = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'
    with pytest.raises(PortingError, match="not a WordPress export"):
        read(write(tmp_path, feed))


def test_long_titles_and_names_are_shortened_to_fit(tmp_path):
    text = wxr(item(1, title="T" * 400, comments=comment(2)))
    story = read(write(tmp_path, text))["StoryRecord"][0]
    assert len(story.title) == 250 and story.title.endswith("…")


def test_records_can_be_read_twice(tmp_path):
    path = write(tmp_path, wxr(item(1, comments=comment(2))))
    source = WxrSource(path)
    assert [type(r) for r in source.records()] == [type(r) for r in source.records()]


def test_ids_are_told_apart_as_numbers_and_as_text(tmp_path):
    # Large, small and non-numeric ids: each seen once is fine.
    text = wxr(
        item(7, comments=comment(1) + comment(9_000_000_000) + comment("x1"))
        + item(800_000, comments=comment(8))
        + item("p-7")
    )
    assert len(read(write(tmp_path, text))["StoryRecord"]) == 3
    for duplicate in ("9_000_000_000", "x1", "1"):
        value = duplicate.replace("_", "")
        again = wxr(item(7, comments=comment(value)) + item(8, comments=comment(value)))
        with pytest.raises(PortingError, match="more than once"):
            read(write(tmp_path, again))


def _peak_while_reading(path) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        for _record in WxrSource(path).records():
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_however_long_the_file(tmp_path):
    def export(count):
        body = "Ein Absatz mit einigen Wörtern darin. " * 40
        items = "".join(
            item(n, content=body, comments=comment(n * 10) + comment(n * 10 + 1, parent=n * 10))
            for n in range(1, count + 1)
        )
        return write(tmp_path, wxr(items), f"export-{count}.xml")

    small, large = export(100), export(2000)
    assert large.stat().st_size > 15 * small.stat().st_size
    _peak_while_reading(small)  # caches warm
    assert _peak_while_reading(large) < 2 * _peak_while_reading(small)
