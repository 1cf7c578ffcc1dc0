"""The loader, fed hand-made record lists."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog, Membership, Role
from federkiel.comments.models import Comment, CommentSettings, ModerationRule
from federkiel.factories import BlogFactory, MembershipFactory, StoryFactory, UserFactory
from federkiel.media.models import MediaFile
from federkiel.media.tests.pictures import png
from federkiel.porting.canonical import (
    MemberRecord,
    ModerationRuleRecord,
    ModuleRecord,
    PortingError,
    TopicRecord,
)
from federkiel.porting.loader import load
from federkiel.porting.models import OldPath
from federkiel.porting.tests.core_helpers import (
    T0,
    ListSource,
    blog_record,
    comment,
    media,
    media_root,  # noqa: F401 (autouse fixture)
    stories_and_comments,
    story,
    user,
)
from federkiel.search.models import Entry
from federkiel.sidebar.kinds import DEFAULT_SET
from federkiel.sidebar.models import Module
from federkiel.sidebar.presenters import modules_of
from federkiel.stories.models import Story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def importer(db):
    return UserFactory(username="ida", email="ida@example.org")


def run(records, owner, **kwargs):
    kwargs.setdefault("blog_name", "altblog")
    return load(ListSource(records), owner=owner, **kwargs)


# --- a new blog ------------------------------------------------------------------------


def test_creates_the_blog_with_owner_settings_and_content(importer):
    records = [
        blog_record(
            tagline="Aus Kiel",
            language="en",
            time_zone="America/New_York",
            page_size=7,
            comment_mode="signed_in",
            moderation="all",
            created_at=T0 - timedelta(days=3000),
        ),
        TopicRecord(ref="t1", name="Über Füße"),
        story("1", "Erste Geschichte", topic_refs=["t1"], old_paths=["/stories/1234/"]),
        story("2", status="draft"),
        comment("c1", "1"),
    ]
    result = run(records, importer, language="de")

    blog = Blog.objects.get(name="altblog")
    assert result.created_blog and result.blog == blog
    assert (blog.title, blog.tagline, blog.language, blog.page_size) == (
        "Altes Blog",
        "Aus Kiel",
        "de",  # the command's language wins over the record's
        7,
    )
    assert blog.time_zone == "America/New_York"
    assert blog.created_at == T0 - timedelta(days=3000)
    assert blog.role_of(importer) == Role.OWNER
    settings = CommentSettings.objects.get(blog=blog)
    assert (settings.mode, settings.moderation) == ("signed_in", "all")
    first = Story.objects.get(blog=blog, title="Erste Geschichte")
    assert first.slug == "erste-geschichte"
    assert first.published_at == T0 + timedelta(days=1)
    assert first.author == importer
    assert first.rendered_html == "<p>Text 1</p>"
    assert [t.slug for t in first.topics.all()] == ["ueber-fuesse"]
    assert Story.objects.get(blog=blog, title="Geschichte 2").status == "draft"
    assert OldPath.objects.get(blog=blog, path="/stories/1234").story == first
    assert result.counts() == {
        "users_created": 0,
        "users_matched": 0,
        "members": 0,
        "topics": 1,
        "media": 0,
        "stories": 2,
        "comments": 1,
        "old_paths": 1,
        "moderation_rules": 0,
    }
    # The blog was last updated when its newest published story appeared.
    assert blog.updated_at == first.published_at


def test_sidebar_modules_replace_the_default_set(importer):
    records = [
        blog_record(),
        ModuleRecord(kind="text", title="Carpe Diem", settings={"text": "Nutze den Tag"}),
        ModuleRecord(kind="calendar", title="Rückblick", position=1),
    ]
    run(records, importer)
    modules = list(Module.objects.filter(blog__name="altblog").order_by("position"))
    assert [(m.kind, m.title) for m in modules] == [
        ("text", "Carpe Diem"),
        ("calendar", "Rückblick"),
    ]
    assert "Nutze den Tag" in modules[0].settings["text"]


def test_moderation_rules_are_restored_once_each(importer):
    when = T0 - timedelta(days=30)
    records = [
        blog_record(),
        ModerationRuleRecord("Viagra", action="reject", created_at=when),
        ModerationRuleRecord(r"casino\d+", is_regex=True),
        ModerationRuleRecord("Viagra", action="hold"),
    ]
    result = run(records, importer)
    rules = ModerationRule.objects.filter(blog__name="altblog").order_by("id")
    assert [(r.pattern, r.is_regex, r.action) for r in rules] == [
        ("Viagra", False, "reject"),
        (r"casino\d+", True, "hold"),
    ]
    assert rules[0].created_at == when and result.moderation_rules == 2


def test_an_existing_blog_keeps_its_moderation_rules(importer):
    blog: Any = BlogFactory(name="altblog")
    MembershipFactory(blog=blog, user=importer, role=Role.OWNER)
    run([blog_record(), ModerationRuleRecord("Viagra")], importer)
    assert not ModerationRule.objects.filter(blog=blog).exists()


def test_a_sidebar_given_without_modules_stays_empty(importer):
    run([blog_record(sidebar=True)], importer)
    blog = Blog.objects.get(name="altblog")
    assert not Module.objects.filter(blog=blog).exists()
    assert modules_of(blog) == []


def test_a_source_without_a_sidebar_keeps_the_default_one(importer):
    run([blog_record(), story("1")], importer)
    modules = Module.objects.filter(blog__name="altblog")
    assert modules.count() == len(DEFAULT_SET)


def test_comment_threads_states_kinds_and_one_level_of_replies(importer):
    records = [
        blog_record(),
        story("1"),
        comment("a", "1", text="*Hallo*"),
        comment("b", "1", parent_ref="a", state="pending"),
        comment("c", "1", parent_ref="b", state="spam"),  # a reply to a reply
        comment(
            "p",
            "1",
            kind="pingback",
            guest_name="Anderes Blog",
            guest_website="https://anders.example/post",
            text="<p>Link <script>alert(1)</script></p>",
            text_format="html",
        ),
        comment("d", "1", text="Zeile eins\nZeile zwei\n\nAbsatz", text_format="html"),
    ]
    run(records, importer)
    by_text = {c.text: c for c in Comment.objects.filter(story__blog__name="altblog")}
    top = by_text["*Hallo*"]
    assert top.rendered_html == "<p><em>Hallo</em></p>\n"
    assert top.parent is None and top.guest_name == "schlafmuetze"
    assert by_text["Kommentar b"].parent == top
    assert by_text["Kommentar b"].state == "pending"
    assert by_text["Kommentar c"].parent == top  # attached to the top-level comment
    assert by_text["Kommentar c"].state == "spam"
    pingback = next(c for c in by_text.values() if c.kind == "pingback")
    assert pingback.guest_website == "https://anders.example/post"
    assert "<script>" not in pingback.rendered_html and "Link" in pingback.rendered_html
    assert by_text["Zeile eins\nZeile zwei\n\nAbsatz"].rendered_html == (
        "<p>Zeile eins<br>Zeile zwei</p><p>Absatz</p>"
    )


def test_story_html_is_sanitised_and_markdown_rendered(importer):
    records = [
        blog_record(),
        story("1", text='<p onclick="x()">Hi<script>alert(1)</script></p>'),
        story("2", text="**fett**", text_format="markdown"),
    ]
    run(records, importer)
    stories = {s.title: s for s in Story.objects.filter(blog__name="altblog")}
    assert stories["Geschichte 1"].rendered_html == "<p>Hi</p>"
    assert stories["Geschichte 2"].rendered_html == "<p><strong>fett</strong></p>\n"


def test_published_stories_are_searchable_drafts_not(importer):
    run([blog_record(), story("1"), story("2", status="draft")], importer)
    indexed = Entry.objects.filter(blog__name="altblog", kind=Entry.Kind.STORY)
    assert [e.title for e in indexed] == ["Geschichte 1"]


def test_batches_keep_every_reference(importer, monkeypatch):
    monkeypatch.setattr("federkiel.porting.loader.STORY_BATCH", 3)
    monkeypatch.setattr("federkiel.porting.loader.COMMENT_BATCH", 4)
    records = stories_and_comments(7, 3)
    records.insert(5, comment("late", "1", parent_ref="1-0"))  # after later stories
    result = run(records, importer)
    assert (result.stories, result.comments) == (7, 22)
    late = Comment.objects.get(text="Kommentar late")
    assert late.parent.text == "Kommentar 1-0"
    assert late.story.title == "Geschichte 1"
    for s in Story.objects.filter(blog__name="altblog"):
        assert s.comments.count() == (4 if s.title == "Geschichte 1" else 3)


def test_progress_is_reported_rarely_and_ends_at_one(importer):
    calls = []
    run(stories_and_comments(50, 19), importer, progress=lambda f, label: calls.append((f, label)))
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert calls[-1][1] == "50 stories, 950 comments"
    # 1,001 records: about one report per 0.5 % of the input, not one per record.
    assert 50 < len(calls) <= 210


# --- users -----------------------------------------------------------------------------


def test_owner_upload_creates_no_accounts(importer):
    records = [
        blog_record(),
        user("u1", "ida-alt", "IDA@example.org"),
        user("u2", "paul", "paul@example.org", display_name="PeZwo", website="pezwo.example"),
        story("1", author_ref="u2"),
        comment("c1", "1", author_ref="u2"),
        comment("c2", "1", author_ref="u1"),
    ]
    before = User.objects.count()
    result = run(records, importer, match_users=False)
    assert User.objects.count() == before
    assert result.users_created == 0
    assert Story.objects.get(blog__name="altblog").author == importer
    guest = Comment.objects.get(text="Kommentar c1")
    assert guest.author is None
    assert (guest.guest_name, guest.guest_email, guest.guest_website) == (
        "PeZwo",
        "paul@example.org",
        "https://pezwo.example",
    )
    # The owner's own old account (same address) is the owner.
    assert Comment.objects.get(text="Kommentar c2").author == importer


def test_operator_import_matches_and_creates_accounts(importer):
    existing: Any = UserFactory(username="paula", email="Paula@Example.org")
    UserFactory(username="paul")
    records = [
        blog_record(),
        user("u1", "paula-alt", "paula@example.org"),
        user("u2", "paul", "paul2@example.org", display_name="Paul Zwei"),
        user("u3", "Jörg Müller!", "joerg@example.org"),
        user("u4", "admin", "admin-alt@example.org"),
        user("u5", "nomail"),
        MemberRecord(user_ref="u1", role="manager"),
        MemberRecord(user_ref="u2", role="contributor"),
        story("1", author_ref="u1"),
        story("2", author_ref="u5"),
        comment("c1", "1", author_ref="u2"),
        comment("c2", "1", author_ref="u5"),
    ]
    result = run(records, importer, match_users=True)
    assert (result.users_created, result.users_matched) == (3, 1)
    new = User.objects.get(email="paul2@example.org")
    assert new.username == "paul-2" and new.display_name == "Paul Zwei"
    assert not new.has_usable_password() and not new.email_confirmed
    assert User.objects.get(email="joerg@example.org").username == "Joerg-Mueller"
    assert User.objects.get(email="admin-alt@example.org").username == "admin-2"
    assert not User.objects.filter(username="nomail").exists()
    blog = Blog.objects.get(name="altblog")
    assert blog.role_of(existing) == Role.MANAGER
    assert blog.role_of(new) == Role.CONTRIBUTOR
    assert blog.role_of(importer) == Role.OWNER
    assert Story.objects.get(title="Geschichte 1").author == existing
    assert Story.objects.get(title="Geschichte 2").author == importer
    assert Comment.objects.get(text="Kommentar c1").author == new
    nomail = Comment.objects.get(text="Kommentar c2")
    assert nomail.author is None and nomail.guest_name == "nomail"


def test_members_never_demote_the_importing_owner_or_anyone(importer):
    blog: Any = BlogFactory(name="altblog")
    MembershipFactory(blog=blog, user=importer, role=Role.OWNER)
    boss = UserFactory(email="boss@example.org")
    MembershipFactory(blog=blog, user=boss, role=Role.OWNER)
    records = [
        blog_record(),
        user("me", "ida", "ida@example.org"),
        user("b", "boss", "boss@example.org"),
        MemberRecord(user_ref="me", role="subscriber"),
        MemberRecord(user_ref="b", role="contributor"),
    ]
    run(records, importer, match_users=True)
    assert blog.role_of(importer) == Role.OWNER
    assert Membership.objects.get(blog=blog, user=boss).role == Role.OWNER


# --- an existing blog ------------------------------------------------------------------


def test_adds_to_an_existing_blog_with_unique_slugs(importer):
    blog: Any = BlogFactory(name="altblog", title="Mein Blog", language="en")
    MembershipFactory(blog=blog, user=importer, role=Role.OWNER)
    StoryFactory(blog=blog, title="Hallo", author=importer)
    records = [
        blog_record(title="Anderer Titel", language="de"),
        story("1", "Hallo"),
        story("2", "Hallo"),
        story("3", "Edit"),
    ]
    result = run(records, importer)
    assert not result.created_blog
    blog.refresh_from_db()
    assert (blog.title, blog.language) == ("Mein Blog", "en")  # settings stay
    slugs = sorted(Story.objects.filter(blog=blog).values_list("slug", flat=True))
    assert slugs == ["edit-2", "hallo", "hallo-2", "hallo-3"]


def test_only_the_owner_may_import_into_an_existing_blog(importer):
    blog: Any = BlogFactory(name="altblog")
    MembershipFactory(blog=blog, user=importer, role=Role.MANAGER)
    with pytest.raises(PortingError) as error:
        run([blog_record(), story("1")], importer)
    assert "not its owner" in error.value.message
    assert not Story.objects.filter(blog=blog).exists()


# --- media -----------------------------------------------------------------------------


def test_media_are_stored_through_the_media_app(importer, settings):
    root = Path(settings.MEDIA_ROOT)
    data = png()
    records = [
        blog_record(),
        media(
            "m1",
            "bild.png",
            data,
            alt_text="Ein Bild",
            sha256=hashlib.sha256(data).hexdigest(),
            created_at=T0,
            old_paths=["/static/altblog/images/bild.png"],
        ),
        media("m2", "notiz.txt", b"Hallo Welt\n"),
    ]
    result = run(records, importer)
    assert result.media == 2
    image = MediaFile.objects.get(kind="image")
    assert (image.width, image.height, image.alt_text) == (300, 200, "Ein Bild")
    assert image.created_at == T0
    assert image.uploaded_by == importer
    assert (root / str(image.blog_id) / image.key / image.stored_name).is_file()
    assert OldPath.objects.get(path="/static/altblog/images/bild.png").media == image
    assert MediaFile.objects.get(kind="file").content_type == "text/plain; charset=utf-8"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (media("m1", "bild.png", b"not a picture"), "is not an image"),
        (media("m1", "x.txt", b"abc", sha256="0" * 64), "checksum"),
    ],
)
def test_bad_media_fail_the_import_and_leave_no_files(importer, settings, record, message):
    root = Path(settings.MEDIA_ROOT)
    records = [blog_record(), media("ok", "ok.txt", b"fine"), record]
    with pytest.raises(PortingError) as error:
        run(records, importer)
    assert message in error.value.message
    assert error.value.item == f"file m1 “{record.name}”"
    assert not Blog.objects.filter(name="altblog").exists()
    assert list(root.rglob("*")) == []


def test_media_over_the_quota_fail(importer, settings):
    settings.MEDIA_QUOTA_BYTES = 10
    with pytest.raises(PortingError) as error:
        run([blog_record(), media("m1", "gross.txt", b"x" * 11)], importer)
    assert "does not fit" in error.value.message


# --- failures --------------------------------------------------------------------------

NAIVE = datetime(2009, 1, 8, 20, 59)


@pytest.mark.parametrize(
    ("bad", "item", "message"),
    [
        (story("12", ""), "story 12 “”", "The title is missing."),
        (
            story("12", "Titel", status="future"),
            "story 12 “Titel”",
            "Status: unknown value “future”",
        ),
        (story("12", "Titel", published_at=NAIVE), "story 12 “Titel”", "has no time zone"),
        (story("12", "Titel", text="x" * 200_001), "story 12 “Titel”", "longer than 200000"),
        (story("12", "Titel", text_format="rtf"), "story 12 “Titel”", "Text format: unknown value"),
        (story("1", "Titel"), "story 1 “Titel”", "This reference occurs twice."),
        (story("12", "Titel", author_ref="nobody"), "story 12 “Titel”", "user “nobody”"),
        (story("12", "Titel", topic_refs=["t9"]), "story 12 “Titel”", "topic “t9”"),
        (comment("c9", "99"), "comment c9 on story 99", "story “99” is not in the import"),
        (comment("c9", "1", parent_ref="x"), "comment c9 on story 1", "comment “x”"),
        (comment("c9", "1", state="approved"), "comment c9 on story 1", "State: unknown value"),
        (comment("c9", "1", kind="like"), "comment c9 on story 1", "Kind: unknown value"),
        (comment("c9", "1", text=" "), "comment c9 on story 1", "The text is missing."),
        (comment("c9", "1", text="x" * 10_001), "comment c9 on story 1", "longer than 10000"),
        (comment("c9", "1", created_at=NAIVE), "comment c9 on story 1", "has no time zone"),
        (
            story("12", "Titel", published_at=datetime(1, 1, 1, tzinfo=UTC)),
            "story 12 “Titel”",
            "is not between the years 1000 and 9998",
        ),
        (
            comment("c9", "1", created_at=datetime(9999, 12, 31, 23, 59, tzinfo=UTC)),
            "comment c9 on story 1",
            "is not between the years 1000 and 9998",
        ),
        (comment("c1", "1"), "comment c1 on story 1", "occurs twice"),
        (MemberRecord(user_ref="u1", role="king"), "member u1", "Role: unknown value"),
        (ModuleRecord(kind="clock"), "sidebar module “clock”", "Module kind: unknown value"),
        (
            ModerationRuleRecord("(a+)+$", is_regex=True),
            "moderation rule “(a+)+$”",
            "repeated",
        ),
        (
            ModerationRuleRecord("[", is_regex=True),
            "moderation rule “[”",
            "not a valid regular expression",
        ),
        (ModerationRuleRecord("Viagra", action="ban"), "moderation rule “Viagra”", "Action:"),
    ],
)
def test_bad_records_name_the_item_and_write_nothing(importer, bad, item, message):
    records = [blog_record(), story("1"), comment("c1", "1"), story("2"), bad, story("3")]
    with pytest.raises(PortingError) as error:
        run(records, importer)
    assert error.value.item == item
    assert message in error.value.message
    assert not Blog.objects.filter(name="altblog").exists()
    assert not Story.objects.exists() and not Comment.objects.exists()


def test_reply_on_another_story_is_refused(importer):
    records = [
        blog_record(),
        story("1"),
        story("2"),
        comment("a", "1"),
        comment("b", "2", parent_ref="a"),
    ]
    with pytest.raises(PortingError) as error:
        run(records, importer)
    assert "belongs to another story" in error.value.message


def test_a_failure_leaves_an_existing_blog_exactly_as_it_was(importer):
    blog: Any = BlogFactory(name="altblog", title="Mein Blog")
    MembershipFactory(blog=blog, user=importer, role=Role.OWNER)
    kept: Any = StoryFactory(blog=blog, title="Hallo", author=importer, text="alt")
    before = (Story.objects.count(), Comment.objects.count(), Entry.objects.count())
    updated = Blog.objects.get(pk=blog.pk).updated_at
    records = [
        blog_record(),
        story("1", "Hallo"),
        *[story(str(n)) for n in range(2, 9)],
        comment("c", "7", created_at=NAIVE),
    ]
    with pytest.raises(PortingError):
        run(records, importer)
    assert (Story.objects.count(), Comment.objects.count(), Entry.objects.count()) == before
    kept.refresh_from_db()
    assert (kept.title, kept.slug, kept.text) == ("Hallo", "hallo", "alt")
    assert Blog.objects.get(pk=blog.pk).updated_at == updated


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"blog_name": "Kiel!"}, "Use 3 to 30 characters"),
        ({"blog_name": "admin"}, "is reserved"),
        ({"time_zone": "Mars/Olympus"}, "Unknown time zone"),
        ({"language": "fr"}, "Unknown language"),
    ],
)
def test_bad_arguments_are_refused(importer, kwargs, message):
    with pytest.raises(PortingError) as error:
        run([blog_record(), story("1")], importer, **kwargs)
    assert message in error.value.message
    assert not Story.objects.exists()


def test_the_stream_must_start_with_the_blog(importer):
    with pytest.raises(PortingError) as error:
        run([story("1")], importer)
    assert "does not start with the blog" in error.value.message


def test_a_second_blog_record_is_refused(importer):
    with pytest.raises(PortingError) as error:
        run([blog_record(), story("1"), blog_record(name="zwei")], importer)
    assert error.value.item == "blog “zwei”"


def test_error_messages_are_translated(importer):
    with translation.override("de"), pytest.raises(PortingError) as error:
        run([blog_record(), story("12", "Titel", status="future")], importer)
    assert error.value.item == "Geschichte 12 „Titel“"
    assert "unbekannter Wert" in error.value.message


def test_future_stories_stay_scheduled(importer):
    later = timezone.now() + timedelta(days=3)
    run([blog_record(), story("1", published_at=later)], importer)
    assert not Story.objects.published().exists()
    assert Story.objects.get().published_at == later


def test_operator_import_does_not_match_the_owner_by_username_alone(importer):
    records = [
        blog_record(),
        user("u", "ida", "andere-ida@example.org"),
        story("1", author_ref="u"),
    ]
    run(records, importer, match_users=True)
    author = Story.objects.get().author
    assert author != importer and author.email == "andere-ida@example.org"
    assert author.username == "ida-2"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "Unknown time zone “Mars/Olympus”."),
        ({"visibility": "secret"}, "visibility: Value 'secret' is not a valid choice."),
        ({"comment_mode": "everybody"}, "who may comment: Value 'everybody' is not a valid"),
        ({"tagline": "x" * 251}, "tagline: Ensure this value has at most 250 characters"),
        ({"created_at": NAIVE}, "The creation date has no time zone."),
    ],
)
def test_bad_blog_settings_are_refused(importer, fields, message):
    with pytest.raises(PortingError) as error:
        run([blog_record(**fields), story("1")], importer)
    assert message in error.value.message
    assert error.value.item == "blog “altblog”"
    assert not Blog.objects.filter(name="altblog").exists()


def test_guest_addresses_are_validated_once_each(importer, monkeypatch):
    from federkiel.porting import people

    calls: list[str] = []

    def counted(validator):
        def check(value):
            calls.append(value)
            validator(value)

        return check

    monkeypatch.setattr(people, "validate_email", counted(people.validate_email))
    monkeypatch.setattr(people, "http_url_validator", counted(people.http_url_validator))
    people.clean_email.cache_clear()
    people.clean_website.cache_clear()
    records = [blog_record(), story("1")] + [
        comment(f"c{n}", "1", guest_email="gast@example.org", guest_website="gast.example.org")
        for n in range(50)
    ]
    run(records, importer)
    assert sorted(calls) == ["gast@example.org", "https://gast.example.org"]
    assert Comment.objects.filter(guest_website="https://gast.example.org").count() == 50
    # Bounded: a file of a million different addresses does not fill the memory.
    assert people.clean_email.cache_info().maxsize == people.CLEAN_CACHE
    assert people.clean_website.cache_info().maxsize == people.CLEAN_CACHE
