"""The one loader: writes a stream of canonical records (porting.canonical) to a blog.

Everything happens in one transaction: a record that cannot be imported raises
`PortingError` naming it, and the blog stays exactly as it was (a new blog is not
created; files stored so far are removed again). Stories and comments are written in
batches with `bulk_create`; between batches the loader keeps only maps from the
source's refs to the new ids, so memory stays flat however large the input.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from federkiel.accounts.models import User
from federkiel.archive.periods import FIRST_YEAR, LAST_YEAR
from federkiel.blogs.lifecycle import create_blog
from federkiel.blogs.models import ROLE_RANK, Blog, Language, Membership, Role
from federkiel.comments.models import MAX_TEXT_LENGTH, Comment, CommentSettings, ModerationRule
from federkiel.comments.patterns import validate_rule_pattern
from federkiel.comments.text import render_comment, sanitize_comment_html
from federkiel.linkbacks.models import MAX_SOURCE_LENGTH, Linkback
from federkiel.media import storage
from federkiel.porting import people, report
from federkiel.porting.canonical import (
    BlogRecord,
    CommentRecord,
    MediaRecord,
    MemberRecord,
    ModerationRuleRecord,
    ModuleRecord,
    PortingError,
    Record,
    Source,
    StoryRecord,
    TopicRecord,
    UserRecord,
)
from federkiel.porting.files import store_media
from federkiel.porting.items import item_name
from federkiel.porting.models import OldPath
from federkiel.porting.redirects import normalise
from federkiel.search.indexing import index_comments, index_stories_in_bulk
from federkiel.sidebar.kinds import KINDS, MAX_MODULES
from federkiel.sidebar.models import Module, Sidebar
from federkiel.sidebar.options import check_settings
from federkiel.stories.models import Story, Topic
from federkiel.stories.slugs import RESERVED_SLUGS, slugify_de
from federkiel.stories.text import render_text

Progress = Callable[[float, str], None]

STORY_BATCH = 500
COMMENT_BATCH = 2000
# Progress is reported at most this often (records, fraction of the input).
PROGRESS_RECORDS = 250
PROGRESS_STEP = 0.005

STORY_TITLE_MAX = Story._meta.get_field("title").max_length or 250
STORY_TEXT_MAX = Story._meta.get_field("text").max_length or 200_000
TOPIC_NAME_MAX = Topic._meta.get_field("name").max_length or 80
# Checked for every story and comment: built once.
STORY_FORMATS = frozenset(Story.Format.values)
STORY_STATUSES = frozenset(Story.Status.values)
COMMENT_KINDS = frozenset(Comment.Kind.values)
COMMENT_STATES = frozenset(Comment.State.values)
COMMENT_FORMATS = frozenset(("markdown", "html"))
LINKBACK_KINDS = frozenset(Comment.Kind.values) - {Comment.Kind.COMMENT}
MODULE_KINDS = frozenset(KINDS)


def remember_sources(comments: Iterable[Comment]) -> None:
    """Imported linkbacks get their Linkback row, so a repeated ping updates them."""
    rows = [
        Linkback(comment_id=c.pk, story_id=c.story_id, source_url=c.guest_website,
                 received_at=c.edited_at or c.created_at)
        for c in comments
        if c.kind in LINKBACK_KINDS
        and c.guest_website
        and len(c.guest_website) <= MAX_SOURCE_LENGTH
    ]  # fmt: skip
    Linkback.objects.bulk_create(rows, ignore_conflicts=True)


class _Field:
    """Field names for messages, made once (translated when a message is made)."""

    ACTION = gettext_lazy("Action")
    CREATION_DATE = gettext_lazy("The creation date")
    DATE = gettext_lazy("The date")
    EDIT_DATE = gettext_lazy("The edit date")
    FILE_NAME = gettext_lazy("The file name")
    KIND = gettext_lazy("Kind")
    MODIFICATION_DATE = gettext_lazy("The modification date")
    MODULE_KIND = gettext_lazy("Module kind")
    NAME = gettext_lazy("The name")
    PATTERN = gettext_lazy("The pattern")
    PUBLISH_DATE = gettext_lazy("The publish date")
    REFERENCE = gettext_lazy("The reference")
    ROLE = pgettext_lazy("import field", "Role")
    STATE = gettext_lazy("State")
    STATUS = pgettext_lazy("import field", "Status")
    STORY = gettext_lazy("The story")
    TEXT = gettext_lazy("The text")
    TEXT_FORMAT = gettext_lazy("Text format")
    TITLE = gettext_lazy("The title")
    UPLOAD_DATE = gettext_lazy("The upload date")
    USER = gettext_lazy("The user")
    USERNAME = gettext_lazy("The username")


@dataclass
class LoadResult:
    blog: Blog
    created_blog: bool
    users_created: int = 0
    users_matched: int = 0
    members: int = 0
    topics: int = 0
    media: int = 0
    stories: int = 0
    comments: int = 0
    old_paths: int = 0
    moderation_rules: int = 0
    # What the source left out: translated sentences, and counts by key (porting.report).
    warnings: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "users_created": self.users_created,
            "users_matched": self.users_matched,
            "members": self.members,
            "topics": self.topics,
            "media": self.media,
            "stories": self.stories,
            "comments": self.comments,
            "old_paths": self.old_paths,
            "moderation_rules": self.moderation_rules,
        }


def check_blog_name(name: str) -> None:
    """PortingError unless `name` may name a blog."""
    from federkiel.blogs.models import blog_name_validator, validate_not_reserved

    try:
        blog_name_validator(name)
        validate_not_reserved(name)
    except ValidationError as error:
        raise PortingError(
            " ".join(error.messages), _("blog “%(name)s”") % {"name": name}
        ) from None


def existing_time_zone(blog_name: str) -> str | None:
    """The time zone of the blog `blog_name` when it exists: the one to read an import's
    dates without a zone in, unless the person importing or the file names another."""
    return Blog.objects.filter(name=blog_name).values_list("time_zone", flat=True).first()


def check_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise PortingError(_("Unknown time zone “%(tz)s”.") % {"tz": value})


def check_language(value: str) -> None:
    if value not in Language.values:
        raise PortingError(
            _("Unknown language “%(language)s”; use one of: %(choices)s.")
            % {"language": value, "choices": ", ".join(Language.values)}
        )


def load(
    source: Source,
    *,
    blog_name: str,
    owner: User,
    language: str | None = None,
    time_zone: str | None = None,
    match_users: bool = False,
    progress: Progress | None = None,
) -> LoadResult:
    """Import `source` into the blog `blog_name` (created, with `owner` as its owner, when
    missing; else `owner` must own it). `match_users`: match accounts by e-mail address
    and create the others (for operators); otherwise no account is created or touched and
    everything is the owner's or a guest's."""
    check_blog_name(blog_name)
    if time_zone:
        check_time_zone(time_zone)
    if language:
        check_language(language)
    loader = _Loader(source, blog_name, owner, language, time_zone, match_users, progress)
    try:
        with transaction.atomic():
            result = loader.run()
    except BaseException:
        loader.remove_files()
        raise
    return result


def _field_errors(instance: Any, error: ValidationError) -> str:
    """ "visibility: Value 'secret' is not a valid choice." for each field in error."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts: list[str] = []
    for name, messages in error.message_dict.items():
        label = str(instance._meta.get_field(name).verbose_name) if name != "__all__" else ""
        parts.extend(f"{label}: {m}" if label else m for m in messages)
    return " ".join(parts)


@contextmanager
def _naming(record: Record) -> Iterator[None]:
    """Errors raised about `record` without naming an item get its name (made only then:
    naming every record up front would cost a translation lookup each)."""
    try:
        yield
    except PortingError as error:
        if error.item:
            raise
        raise PortingError(error.message, item_name(record)) from None


def _aware(value: Any, what: Any) -> datetime:
    if not isinstance(value, datetime):
        raise PortingError(_("%(field)s is missing or not a date.") % {"field": what})
    if value.tzinfo is None or value.utcoffset() is None:
        raise PortingError(_("%(field)s has no time zone.") % {"field": what})
    # The years a story form accepts: beyond them, showing the date in a time zone overflows
    # (a story of the year 1 in New York broke every page that listed it).
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PortingError(
            _("%(field)s is not between the years %(first)s and %(last)s.")
            % {"field": what, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return value


def _maybe_aware(value: Any, what: Any) -> datetime | None:
    return None if value is None else _aware(value, what)


def _required(value: Any, what: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PortingError(_("%(field)s is missing.") % {"field": what})
    return value


def _at_most(value: str, limit: int, what: Any) -> str:
    if len(value) > limit:
        raise PortingError(
            _("%(field)s is longer than %(limit)s characters.") % {"field": what, "limit": limit},
        )
    return value


def _one_of(value: str, choices: Collection[str], what: Any) -> str:
    if value not in choices:
        raise PortingError(
            _("%(field)s: unknown value “%(value)s”; expected one of: %(choices)s.")
            % {"field": what, "value": value, "choices": ", ".join(sorted(choices))},
        )
    return value


def _html_paragraphs(html: str) -> str:
    """Plain text given as HTML (as WordPress stores comments): blank lines become
    paragraphs, single line breaks `<br>`."""
    lowered = html.lower()
    if "<p" in lowered or "<br" in lowered or "\n" not in html:
        return html
    blocks = [block.strip() for block in html.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{block.replace(chr(10), '<br>')}</p>" for block in blocks if block)


@dataclass
class _PendingComment:
    comment: Comment
    ref: str
    root_ref: str | None  # the top-level comment a reply hangs under
    story_ref: str


@dataclass
class _Loader:
    source: Source
    blog_name: str
    owner: User
    language: str | None
    time_zone: str | None
    match_users: bool
    progress: Progress | None
    blog: Blog = field(init=False)
    result: LoadResult = field(init=False)
    # ref → person (account or guest details)
    persons: dict[str, people.Person] = field(default_factory=dict)
    topic_ids: dict[str, int] = field(default_factory=dict)
    media_ids: dict[str, int] = field(default_factory=dict)
    # story ref → id, or None while the story waits in the batch
    story_ids: dict[str, int | None] = field(default_factory=dict)
    # comment ref → (id of the top-level comment it hangs under or is, story ref);
    # the id is None while waiting in the batch
    comment_roots: dict[str, tuple[str, str]] = field(default_factory=dict)
    comment_ids: dict[str, int] = field(default_factory=dict)
    used_slugs: set[str] = field(default_factory=set)
    used_paths: set[str] = field(default_factory=set)
    users: dict[int, User] = field(default_factory=dict)
    pending_stories: list[tuple[Story, StoryRecord]] = field(default_factory=list)
    pending_comments: list[_PendingComment] = field(default_factory=list)
    modules: list[Module] = field(default_factory=list)
    sidebar_given: bool = False
    rules: set[tuple[str, bool]] = field(default_factory=set)
    created_files: list[Path] = field(default_factory=list)
    new_blog_id: int | None = None
    seen: int = 0
    last_reported: float = -1.0

    # --- the run -------------------------------------------------------------------

    def run(self) -> LoadResult:
        records = iter(self.source.records())
        first = next(records, None)
        if not isinstance(first, BlogRecord):
            raise PortingError(_("The import does not start with the blog's settings."))
        with _naming(first):
            self._blog(first)
        self.sidebar_given = bool(first.sidebar)
        handlers: dict[type, Callable[[Any], None]] = {
            UserRecord: self._user,
            MemberRecord: self._member,
            TopicRecord: self._topic,
            MediaRecord: self._media,
            StoryRecord: self._story,
            CommentRecord: self._comment,
            ModuleRecord: self._module,
            ModerationRuleRecord: self._moderation_rule,
        }
        for record in records:
            handler = handlers.get(type(record))
            with _naming(record):
                if handler is None:
                    if isinstance(record, BlogRecord):
                        raise PortingError(_("The import holds a second blog."))
                    raise PortingError(_("Unknown kind of record."))
                handler(record)
            self.seen += 1
            self._report()
        self._flush()
        self._finish()
        self.result.warnings = report.source_warnings(self.source)
        self.result.skipped = report.source_skipped(self.source)
        self._report(force=True)
        return self.result

    def remove_files(self) -> None:
        """After a failure: the files stored so far (their rows are rolled back)."""
        for folder in self.created_files:
            storage.remove_tree(folder)
        if self.new_blog_id is not None:
            storage.remove_tree(storage.blog_folder(self.new_blog_id))

    def _report(self, *, force: bool = False) -> None:
        if self.progress is None:
            return
        fraction = min(max(float(self.source.fraction_done()), 0.0), 1.0)
        if force:
            fraction = 1.0
        elif self.seen % PROGRESS_RECORDS and fraction - self.last_reported < PROGRESS_STEP:
            return
        self.last_reported = fraction
        label = _("%(stories)s stories, %(comments)s comments") % {
            "stories": self.result.stories + len(self.pending_stories),
            "comments": self.result.comments + len(self.pending_comments),
        }
        self.progress(fraction, label)

    # --- the blog ------------------------------------------------------------------

    def _blog(self, record: BlogRecord) -> None:
        existing = Blog.objects.select_for_update().filter(name=self.blog_name).first()
        if existing is not None:
            if existing.role_of(self.owner) != Role.OWNER and not self.owner.is_superuser:
                raise PortingError(
                    _("The blog exists already, and %(user)s is not its owner.")
                    % {"user": self.owner.username},
                    _("blog “%(name)s”") % {"name": self.blog_name},
                )
            self.blog = existing
            self.result = LoadResult(blog=existing, created_blog=False)
            self.used_slugs = set(
                Story.objects.filter(blog=existing).values_list("slug", flat=True)
            )
            return
        blog = Blog(
            name=self.blog_name,
            title=(record.title or "").strip() or self.blog_name,
            tagline=(record.tagline or "").strip(),
            language=self.language or record.language,
            time_zone=self.time_zone or record.time_zone,
            visibility=record.visibility,
            page_size=record.page_size,
            send_linkbacks=record.send_linkbacks,
        )
        if record.created_at is not None:
            blog.created_at = _aware(record.created_at, _Field.CREATION_DATE)
        try:
            blog.full_clean(validate_unique=False)
        except ValidationError as error:
            raise PortingError(_field_errors(blog, error)) from None
        settings = CommentSettings(mode=record.comment_mode, moderation=record.moderation)
        try:
            settings.full_clean(exclude=["blog"])
        except ValidationError as error:
            raise PortingError(_field_errors(settings, error)) from None
        try:
            with transaction.atomic():
                create_blog(blog, self.owner)
        except IntegrityError:
            raise PortingError(_("This name is already taken.")) from None
        self.new_blog_id = blog.pk
        settings.blog = blog
        settings.save(force_insert=True)
        self.blog = blog
        self.result = LoadResult(blog=blog, created_blog=True)

    def _finish(self) -> None:
        if self.result.created_blog and (self.modules or self.sidebar_given):
            Module.objects.filter(blog=self.blog).delete()
            Module.objects.bulk_create(self.modules)
            Sidebar.objects.get_or_create(blog=self.blog)  # arranged: no default set
        latest = (
            Story.objects.filter(blog=self.blog)
            .published()
            .aggregate(latest=Max("published_at"))["latest"]
        )
        if latest is not None:
            updated = latest if self.result.created_blog else max(latest, self.blog.updated_at)
            Blog.objects.filter(pk=self.blog.pk).update(updated_at=updated)
            self.blog.updated_at = updated

    def _module(self, record: ModuleRecord) -> None:
        if not self.result.created_blog:
            return  # an existing blog keeps its sidebar
        _one_of(record.kind, MODULE_KINDS, _Field.MODULE_KIND)
        if len(self.modules) >= MAX_MODULES:
            raise PortingError(
                _("A sidebar holds at most %(count)s modules.") % {"count": MAX_MODULES}
            )
        try:
            cleaned = check_settings(record.kind, dict(record.settings or {}))
        except ValidationError as error:
            raise PortingError(" ".join(error.messages)) from None
        self.modules.append(
            Module(
                blog=self.blog,
                kind=record.kind,
                title=_at_most((record.title or "").strip(), 80, _Field.TITLE),
                position=len(self.modules),
                hidden=bool(record.hidden),
                settings=cleaned,
            )
        )

    def _moderation_rule(self, record: ModerationRuleRecord) -> None:
        if not self.result.created_blog:
            return  # an existing blog keeps its comment settings
        pattern = _at_most(
            _required(record.pattern, _Field.PATTERN).strip(),
            200,
            _Field.PATTERN,
        )
        is_regex = bool(record.is_regex)
        action = _one_of(record.action, ModerationRule.Action.values, _Field.ACTION)
        created_at = _maybe_aware(record.created_at, _Field.CREATION_DATE)
        try:
            validate_rule_pattern(pattern, is_regex=is_regex)
        except ValidationError as error:
            raise PortingError(" ".join(error.messages)) from None
        if (pattern, is_regex) in self.rules:
            return  # the same rule twice holds or rejects nothing more
        self.rules.add((pattern, is_regex))
        rule = ModerationRule(blog=self.blog, pattern=pattern, is_regex=is_regex, action=action)
        if created_at is not None:
            rule.created_at = created_at
        rule.save(force_insert=True)
        self.result.moderation_rules += 1

    # --- people --------------------------------------------------------------------

    def _user(self, record: UserRecord) -> None:
        _required(record.ref, _Field.REFERENCE)
        if record.ref in self.persons:
            raise PortingError(_("This reference occurs twice."))
        if people.is_the_owner(record, self.owner, by_username=not self.match_users):
            person = people.Person(
                self.owner.pk, self.owner.public_name, self.owner.email, self.owner.website
            )
            self.result.users_matched += 1
        elif self.match_users:
            _required(record.username or record.email, _Field.USERNAME)
            person, created = people.match_or_create(record)
            if created:
                self.result.users_created += 1
            elif person.user_id is not None:
                self.result.users_matched += 1
        else:
            person = people.guest(record)
        self.persons[record.ref] = person

    def _person(self, ref: str | None) -> people.Person | None:
        if ref is None or ref == "":
            return None
        person = self.persons.get(ref)
        if person is None:
            raise PortingError(
                _("It refers to user “%(ref)s”, who is not in the import.") % {"ref": ref}
            )
        return person

    def _account(self, user_id: int) -> User:
        user = self.users.get(user_id)
        if user is None:
            user = self.owner if user_id == self.owner.pk else User.objects.get(pk=user_id)
            self.users[user_id] = user
        return user

    def _member(self, record: MemberRecord) -> None:
        _one_of(record.role, Role.values, _Field.ROLE)
        person = self._person(_required(record.user_ref, _Field.USER))
        if not self.match_users or person is None or person.user_id is None:
            return
        if person.user_id == self.owner.pk:
            return  # the importing owner stays owner
        membership = Membership.objects.filter(blog=self.blog, user_id=person.user_id).first()
        if membership is None:
            Membership.objects.create(blog=self.blog, user_id=person.user_id, role=record.role)
            self.result.members += 1
        elif ROLE_RANK[Role(record.role)] > ROLE_RANK[Role(membership.role)]:
            membership.role = record.role
            membership.save(update_fields=["role"])
            self.result.members += 1

    # --- topics and files ----------------------------------------------------------

    def _topic(self, record: TopicRecord) -> None:
        _required(record.ref, _Field.REFERENCE)
        if record.ref in self.topic_ids:
            raise PortingError(_("This reference occurs twice."))
        name = _at_most(
            _required(record.name, _Field.NAME).strip(),
            TOPIC_NAME_MAX,
            _Field.NAME,
        )
        slug = slugify_de(record.slug or name) or slugify_de(name) or "topic"
        topic, created = Topic.objects.get_or_create(
            blog=self.blog, slug=slug, defaults={"name": name}
        )
        self.topic_ids[record.ref] = topic.pk
        if created:
            self.result.topics += 1
        paths = [normalise(p) for p in record.old_paths]
        self._old_paths([OldPath(blog=self.blog, path=p, topic_id=topic.pk) for p in paths if p])

    def _media(self, record: MediaRecord) -> None:
        _required(record.ref, _Field.REFERENCE)
        if record.ref in self.media_ids:
            raise PortingError(_("This reference occurs twice."))
        _required(record.name, _Field.FILE_NAME)
        created_at = _maybe_aware(record.created_at, _Field.UPLOAD_DATE)
        person = self._person(record.uploader_ref)
        uploader = self.owner
        if self.match_users and person is not None and person.user_id is not None:
            uploader = self._account(person.user_id)
        media = store_media(self.blog, uploader, record, item_name(record), self.created_files)
        if created_at is not None:
            type(media).objects.filter(pk=media.pk).update(created_at=created_at)
        self.media_ids[record.ref] = media.pk
        self.result.media += 1
        paths = [normalise(p) for p in record.old_paths]
        self._old_paths([OldPath(blog=self.blog, path=p, media_id=media.pk) for p in paths if p])

    def _old_paths(self, rows: list[OldPath]) -> None:
        fresh = [row for row in rows if row.path not in self.used_paths]
        self.used_paths.update(row.path for row in fresh)
        if fresh:
            # An address an earlier import took keeps its target.
            OldPath.objects.bulk_create(fresh, ignore_conflicts=True)
            self.result.old_paths += len(fresh)

    # --- stories -------------------------------------------------------------------

    def _story(self, record: StoryRecord) -> None:
        _required(record.ref, _Field.REFERENCE)
        if record.ref in self.story_ids:
            raise PortingError(_("This reference occurs twice."))
        title = _at_most(
            _required(record.title, _Field.TITLE).strip(),
            STORY_TITLE_MAX,
            _Field.TITLE,
        )
        if not isinstance(record.text, str):
            raise PortingError(_("%(field)s is missing.") % {"field": _Field.TEXT})
        text = _at_most(record.text, STORY_TEXT_MAX, _Field.TEXT)
        text_format = _one_of(record.text_format, STORY_FORMATS, _Field.TEXT_FORMAT)
        status = _one_of(record.status, STORY_STATUSES, _Field.STATUS)
        published_at = _aware(record.published_at, _Field.PUBLISH_DATE)
        created_at = _maybe_aware(record.created_at, _Field.CREATION_DATE)
        modified_at = _maybe_aware(record.modified_at, _Field.MODIFICATION_DATE)
        topic_ids = []
        for ref in record.topic_refs:
            if ref not in self.topic_ids:
                raise PortingError(
                    _("It refers to topic “%(ref)s”, which is not in the import.") % {"ref": ref},
                )
            topic_ids.append(self.topic_ids[ref])
        person = self._person(record.author_ref)
        author = self.owner
        if self.match_users and person is not None and person.user_id is not None:
            author = self._account(person.user_id)
        slug = self._free_slug(slugify_de(record.slug) or slugify_de(title) or "story")
        story = Story(
            blog=self.blog,
            author=author,
            title=title,
            slug=slug,
            text=text,
            text_format=text_format,
            rendered_html=render_text(text, text_format),
            status=status,
            published_at=published_at,
            comments_open=bool(record.comments_open),
            created_at=created_at or published_at,
            modified_at=modified_at or created_at or published_at,
        )
        story._import_topic_ids = list(dict.fromkeys(topic_ids))  # type: ignore[attr-defined]
        story._import_old_paths = [p for p in map(normalise, record.old_paths) if p]  # type: ignore[attr-defined]
        self.story_ids[record.ref] = None
        self.pending_stories.append((story, record))
        if len(self.pending_stories) >= STORY_BATCH:
            self._flush()

    def _free_slug(self, base: str) -> str:
        """`base`, or `base-2`, `base-3`, …: one no story of the blog has."""
        slug, n = base, 1
        while slug in self.used_slugs or slug in RESERVED_SLUGS:
            n += 1
            slug = f"{base}-{n}"
        self.used_slugs.add(slug)
        return slug

    def _flush_stories(self) -> None:
        if not self.pending_stories:
            return
        stories = [story for story, _record in self.pending_stories]
        Story.objects.bulk_create(stories)
        through = Story.topics.through
        links: list[Any] = []
        paths: list[OldPath] = []
        for story, record in self.pending_stories:
            self.story_ids[record.ref] = story.pk
            links.extend(
                through(story_id=story.pk, topic_id=topic_id)
                for topic_id in story._import_topic_ids  # type: ignore[attr-defined]
            )
            paths.extend(
                OldPath(blog=self.blog, path=p, story_id=story.pk)
                for p in story._import_old_paths  # type: ignore[attr-defined]
            )
        through.objects.bulk_create(links)
        self._old_paths(paths)
        index_stories_in_bulk(iter(stories))
        self.result.stories += len(stories)
        self.pending_stories = []

    # --- comments ------------------------------------------------------------------

    def _comment(self, record: CommentRecord) -> None:
        _required(record.ref, _Field.REFERENCE)
        if record.ref in self.comment_roots:
            raise PortingError(_("This reference occurs twice."))
        story_ref = _required(record.story_ref, _Field.STORY)
        if story_ref not in self.story_ids:
            raise PortingError(_("Its story “%(ref)s” is not in the import.") % {"ref": story_ref})
        root_ref: str | None = None
        if record.parent_ref:
            parent = self.comment_roots.get(record.parent_ref)
            if parent is None:
                raise PortingError(
                    _("It answers comment “%(ref)s”, which is not in the import (or comes later).")
                    % {"ref": record.parent_ref},
                )
            if parent[1] != story_ref:
                raise PortingError(
                    _("It answers comment “%(ref)s”, which belongs to another story.")
                    % {"ref": record.parent_ref},
                )
            root_ref = parent[0]
        kind = _one_of(record.kind, COMMENT_KINDS, _Field.KIND)
        state = _one_of(record.state, COMMENT_STATES, _Field.STATE)
        text_format = _one_of(record.text_format, COMMENT_FORMATS, _Field.TEXT_FORMAT)
        text = record.text if isinstance(record.text, str) else ""
        if not text.strip() and state != Comment.State.DELETED:
            raise PortingError(_("%(field)s is missing.") % {"field": _Field.TEXT})
        _at_most(text, MAX_TEXT_LENGTH, _Field.TEXT)
        created_at = _aware(record.created_at, _Field.DATE)
        edited_at = _maybe_aware(record.edited_at, _Field.EDIT_DATE)
        person = self._person(record.author_ref)
        comment = Comment(
            kind=kind,
            state=state,
            text=text,
            rendered_html=(
                render_comment(text)
                if text_format == "markdown"
                else sanitize_comment_html(_html_paragraphs(text))
            ),
            created_at=created_at,
            edited_at=edited_at,
            deleted_by_author=bool(record.deleted_by_author),
        )
        if (
            person is not None
            and person.user_id is not None
            and (self.match_users or person.user_id == self.owner.pk)
        ):
            comment.author_id = person.user_id
        else:
            name = (person.name if person else record.guest_name or "").strip()
            comment.guest_name = name[:80]
            comment.guest_email = person.email if person else people.clean_email(record.guest_email)
            comment.guest_website = (
                person.website if person else people.clean_website(record.guest_website)
            )
        self.comment_roots[record.ref] = (root_ref or record.ref, story_ref)
        self.pending_comments.append(_PendingComment(comment, record.ref, root_ref, story_ref))
        if len(self.pending_comments) >= COMMENT_BATCH:
            self._flush()

    def _flush_comments(self) -> None:
        if not self.pending_comments:
            return
        top = [p for p in self.pending_comments if p.root_ref is None]
        replies = [p for p in self.pending_comments if p.root_ref is not None]
        for group in (top, replies):
            for pending in group:
                story_id = self.story_ids[pending.story_ref]
                assert story_id is not None  # stories are flushed first
                pending.comment.story_id = story_id
                if pending.root_ref is not None:
                    pending.comment.parent_id = self.comment_ids[pending.root_ref]
            Comment.objects.bulk_create([p.comment for p in group])
            for pending in group:
                if pending.root_ref is None:
                    self.comment_ids[pending.ref] = pending.comment.pk
        published = Comment.State.PUBLISHED
        index_comments(p.comment.pk for p in self.pending_comments if p.comment.state == published)
        remember_sources(p.comment for p in self.pending_comments)
        self.result.comments += len(self.pending_comments)
        self.pending_comments = []

    def _flush(self) -> None:
        self._flush_stories()
        self._flush_comments()
