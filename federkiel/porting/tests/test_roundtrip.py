"""The export's promise, as a property: importing an export reproduces the blog.

Hypothesis makes blogs (stories incl. drafts and future ones with German text, umlauts
and emoji; topics; threaded comments in every state and kind by guests and accounts;
moderation rules; sidebar modules; small files), writes them with `write_export`, reads
them back with `OurZipSource`, loads them with the one loader into a new blog and
compares.
Each example runs in its own transaction (hypothesis' Django TestCase).
"""

from __future__ import annotations

import hashlib
import html
import io
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from PIL import Image

from federkiel.accounts.models import User
from federkiel.blogs.lifecycle import create_blog
from federkiel.blogs.models import Blog, Membership, Role
from federkiel.comments.models import (
    Comment,
    CommentMode,
    CommentSettings,
    ModerationMode,
    ModerationRule,
)
from federkiel.comments.text import render_comment
from federkiel.media import storage
from federkiel.media.models import MediaFile
from federkiel.media.uploading import upload
from federkiel.porting import loader
from federkiel.porting.ourzip import OurZipSource, write_export
from federkiel.sidebar.models import Module, Sidebar
from federkiel.sidebar.options import check_settings, default_settings
from federkiel.stories.models import Story, Topic
from federkiel.stories.slugs import slugify_de
from federkiel.stories.writing import save_story

LETTERS = "abcdefghijklmnopqrstuvwxyz ABCXYZ äöüßÄÖÜ ẞ €–„“‚‘ 🐦😀🎉 .,!?:;()"
TIME_ZONES = ["Europe/Berlin", "Europe/Vienna", "America/New_York", "Asia/Kolkata", "UTC"]
ACCOUNTS = ["owner", "alma", "bernd", "cleo"]

words = st.text(alphabet=LETTERS, min_size=1, max_size=40).map(str.strip).filter(bool)
moments = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2036, 12, 31), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))


@dataclass
class CommentSpec:
    text: str
    state: str
    kind: str
    author: str | None  # an account name, or None for a guest
    guest_name: str
    guest_email: str
    guest_website: str
    created_at: datetime
    edited_at: datetime | None
    deleted_by_author: bool
    replies: list[CommentSpec]


@dataclass
class StorySpec:
    title: str
    text: str
    text_format: str
    status: str
    published_at: datetime
    comments_open: bool
    topics: list[int]
    author: str
    comments: list[CommentSpec]


@dataclass
class BlogSpec:
    title: str
    tagline: str
    language: str
    time_zone: str
    page_size: int
    send_linkbacks: bool
    comment_mode: str
    moderation: str
    roles: dict[str, str]
    topics: list[str]
    stories: list[StorySpec]
    modules: list[tuple[str, str, bool, dict[str, Any]]]
    media: list[tuple[str, bytes, str]]
    rules: list[tuple[str, bool, str, datetime]]


def comment_specs(depth: int) -> st.SearchStrategy[CommentSpec]:
    return st.builds(
        CommentSpec,
        text=words,
        state=st.sampled_from(Comment.State.values),
        kind=st.sampled_from(Comment.Kind.values),
        author=st.one_of(st.none(), st.sampled_from(ACCOUNTS)),
        guest_name=words.map(lambda name: name[:80].strip() or "Gast"),
        guest_email=st.sampled_from(["", "gast@example.org", "moewe@example.de"]),
        guest_website=st.sampled_from(["", "https://gast.example.org/", "https://x.example.de/ä"]),
        created_at=moments,
        edited_at=st.one_of(st.none(), moments),
        deleted_by_author=st.booleans(),
        replies=st.lists(comment_specs(depth - 1), max_size=2) if depth else st.just([]),
    )


def story_specs(topic_count: int) -> st.SearchStrategy[StorySpec]:
    return st.builds(
        StorySpec,
        title=words,
        text=words,
        text_format=st.sampled_from(Story.Format.values),
        status=st.sampled_from(Story.Status.values),
        published_at=moments,
        comments_open=st.booleans(),
        topics=st.lists(st.integers(0, max(topic_count - 1, 0)), max_size=3, unique=True)
        if topic_count
        else st.just([]),
        author=st.sampled_from(ACCOUNTS),
        comments=st.lists(comment_specs(1), max_size=3),
    )


module_specs: st.SearchStrategy[tuple[str, str, bool, dict[str, Any]]] = st.one_of(
    st.tuples(st.just("text"), words, st.booleans(), words.map(lambda t: {"text": t})),
    st.tuples(
        st.just("recent"), words, st.booleans(), st.integers(1, 20).map(lambda n: {"count": n})
    ),
    st.tuples(
        st.sampled_from(["calendar", "topics", "subscribe", "blogstatus", "userstatus"]),
        st.one_of(st.just(""), words),
        st.booleans(),
        st.just({}),
    ),
)


rule_specs = st.tuples(
    st.one_of(
        st.tuples(words, st.just(False)),
        st.tuples(
            st.sampled_from([r"casino\d+", "^Werbung", "(gratis|billig) kaufen"]), st.just(True)
        ),
    ),
    st.sampled_from(ModerationRule.Action.values),
    moments,
).map(lambda spec: (spec[0][0], spec[0][1], spec[1], spec[2]))


def png(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


files = st.tuples(
    st.sampled_from(["notiz.txt", "Grüße aus Kiel.bin", "daten ä ö.csv", "liste"]),
    st.binary(min_size=1, max_size=300).filter(lambda data: not data.startswith(b"\x89PNG")),
)
pictures = st.tuples(
    st.sampled_from(["Möwe.png", "bild.png"]),
    st.builds(
        png,
        st.tuples(st.integers(1, 40), st.integers(1, 40)),
        st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)),
    ),
)
media_specs = st.tuples(st.one_of(files, pictures), st.one_of(st.just(""), words)).map(
    lambda spec: (spec[0][0], spec[0][1], spec[1])
)


@st.composite
def blog_specs(draw: st.DrawFn) -> BlogSpec:
    topics = draw(st.lists(words, max_size=4, unique_by=lambda name: slugify_de(name) or "topic"))
    return BlogSpec(
        title=draw(words),
        tagline=draw(st.one_of(st.just(""), words)),
        language=draw(st.sampled_from(["de", "en"])),
        time_zone=draw(st.sampled_from(TIME_ZONES)),
        page_size=draw(st.integers(1, 100)),
        send_linkbacks=draw(st.booleans()),
        comment_mode=draw(st.sampled_from(CommentMode.values)),
        moderation=draw(st.sampled_from(ModerationMode.values)),
        roles=draw(
            st.fixed_dictionaries(
                {},
                optional={
                    name: st.sampled_from([Role.MANAGER, Role.CONTRIBUTOR, Role.SUBSCRIBER])
                    for name in ACCOUNTS[1:]
                },
            )
        ),
        topics=topics,
        stories=draw(st.lists(story_specs(len(topics)), min_size=1, max_size=4)),
        modules=draw(st.lists(module_specs, max_size=4)),
        media=draw(st.lists(media_specs, max_size=2)),
        rules=draw(st.lists(rule_specs, max_size=3, unique_by=lambda rule: rule[:2])),
    )


def build(spec: BlogSpec) -> Blog:
    accounts = {
        name: User.objects.create_user(
            name, f"{name}@example.org", None, display_name=name.title() + " Müller"
        )
        for name in ACCOUNTS
    }
    blog = Blog(
        name="original",
        title=spec.title,
        tagline=spec.tagline,
        language=spec.language,
        time_zone=spec.time_zone,
        page_size=spec.page_size,
        send_linkbacks=spec.send_linkbacks,
    )
    create_blog(blog, accounts["owner"])
    for name, role in spec.roles.items():
        Membership.objects.create(blog=blog, user=accounts[name], role=role)
    CommentSettings.objects.create(blog=blog, mode=spec.comment_mode, moderation=spec.moderation)
    for pattern, is_regex, action, created_at in spec.rules:
        ModerationRule.objects.create(
            blog=blog, pattern=pattern, is_regex=is_regex, action=action, created_at=created_at
        )
    topics = [
        Topic.objects.create(blog=blog, name=name[:80], slug=slugify_de(name) or "topic")
        for name in spec.topics
    ]
    for story_spec in spec.stories:
        text = story_spec.text
        if story_spec.text_format == Story.Format.HTML:
            text = f"<p>{html.escape(text)}</p>"
        story = save_story(
            Story(
                blog=blog,
                author=accounts[story_spec.author],
                title=story_spec.title,
                text=text,
                text_format=story_spec.text_format,
                status=story_spec.status,
                published_at=story_spec.published_at,
                comments_open=story_spec.comments_open,
            )
        )
        story.topics.set([topics[index] for index in story_spec.topics])
        for comment_spec in story_spec.comments:
            parent = add_comment(story, comment_spec, accounts, None)
            for reply in comment_spec.replies:
                add_comment(story, reply, accounts, parent)
    Module.objects.filter(blog=blog).delete()
    Sidebar.objects.get_or_create(blog=blog)
    for position, (kind, title, hidden, options) in enumerate(spec.modules):
        Module.objects.create(
            blog=blog,
            kind=kind,
            title=title[:80],
            position=position,
            hidden=hidden,
            settings=check_settings(kind, {**default_settings(kind), **options}),
        )
    for name, data, alt_text in spec.media:
        upload(blog, accounts["owner"], SimpleUploadedFile(name, data), alt_text=alt_text)
    return blog


def add_comment(
    story: Story, spec: CommentSpec, accounts: dict[str, User], parent: Comment | None
) -> Comment:
    account = accounts[spec.author] if spec.author else None
    return Comment.objects.create(
        story=story,
        parent=parent,
        kind=spec.kind,
        state=spec.state,
        author=account,
        guest_name="" if account else spec.guest_name,
        guest_email="" if account else spec.guest_email,
        guest_website="" if account else spec.guest_website,
        text=spec.text,
        rendered_html=render_comment(spec.text),
        created_at=spec.created_at,
        edited_at=spec.edited_at,
        deleted_by_author=spec.deleted_by_author,
    )


def snapshot(blog: Blog) -> dict[str, Any]:
    """What the import must reproduce, without the ids and keys it gives anew."""
    comment_settings = CommentSettings.for_blog(blog)
    stories = list(Story.objects.filter(blog=blog).order_by("id").prefetch_related("topics"))
    position = {story.pk: index for index, story in enumerate(stories)}

    def who(comment: Comment) -> tuple[str | None, str, str, str]:
        username = comment.author.username if comment.author else None
        return (username, comment.guest_name, comment.guest_email, comment.guest_website)

    comments = Comment.objects.filter(story__blog=blog).select_related("author", "parent")
    return {
        "blog": (
            blog.title, blog.tagline, blog.language, blog.time_zone, blog.page_size,
            blog.send_linkbacks, blog.visibility, comment_settings.mode,
            comment_settings.moderation,
        ),
        "members": sorted(
            (m.user.username, m.role)
            for m in Membership.objects.filter(blog=blog).select_related("user")
        ),
        "stories": [
            (
                s.title, s.text, s.text_format, s.status, s.published_at, s.created_at,
                s.modified_at, s.slug, sorted(t.name for t in s.topics.all()), s.comments_open,
                s.author.username if s.author else None,
            )
            for s in stories
        ],
        "comments": sorted(
            (
                (
                    position[c.story_id], c.text, c.state, c.kind, who(c), c.created_at,
                    c.edited_at, c.deleted_by_author,
                    None
                    if c.parent is None
                    else (c.parent.text, c.parent.created_at, who(c.parent)),
                )
                for c in comments
            ),
            key=repr,
        ),
        "modules": [
            (m.kind, m.title, m.hidden, m.settings)
            for m in Module.objects.filter(blog=blog).order_by("position", "id")
        ],
        "moderation_rules": sorted(
            (r.pattern, r.is_regex, r.action, r.created_at)
            for r in ModerationRule.objects.filter(blog=blog)
        ),
        "media": sorted(
            (m.name, m.kind, m.alt_text, m.size, stored_sha256(m))
            for m in MediaFile.objects.filter(blog=blog)
        ),
    }  # fmt: skip


def stored_sha256(media: MediaFile) -> str:
    path = storage.upload_folder(media.blog_id, media.key) / media.stored_name
    return hashlib.sha256(path.read_bytes()).hexdigest()


class RoundTripTests(TestCase):
    media_folder: Path

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.media_folder = Path(tempfile.mkdtemp(prefix="federkiel-roundtrip-"))
        cls.enterClassContext(override_settings(MEDIA_ROOT=cls.media_folder / "media"))

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(cls.media_folder, ignore_errors=True)

    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(spec=blog_specs())
    def test_import_of_the_export_reproduces_the_blog(self, spec: BlogSpec) -> None:
        original = build(spec)
        path = Path(tempfile.mkdtemp(dir=self.media_folder)) / "export.zip"
        write_export(original, path)
        owner = User.objects.get(username="owner")
        result = loader.load(OurZipSource(path), blog_name="kopie", owner=owner, match_users=True)
        copy = Blog.objects.get(name="kopie")
        assert result.blog == copy and result.created_blog
        expected, got = snapshot(original), snapshot(copy)
        for part in expected:
            assert got[part] == expected[part], part
        assert result.stories == len(spec.stories)
