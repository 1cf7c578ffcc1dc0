"""Reading WordPress exports (WXR 1.0, 1.1 and 1.2) as canonical records.

The file is parsed as a stream: one `<item>` (a post with its comments) at a time,
cleared once its records are out, so memory stays flat however big the export is.
Parsing is hardened (defusedxml): a DTD, entity declarations or external references
end the import with a `PortingError`. Bytes are decoded in Python first, so a file
whose bytes do not fit its declared encoding gets a clear message naming the line.

How WordPress content maps (see docs/wxr.md): posts become stories; pages become
stories with the topic "Seiten"/"Pages"; attachments, menu items, revisions and custom
post types are skipped and counted in `warnings`; posts in the trash are skipped.
Categories and tags become topics; replies to replies join the top-level comment, as
Federkiel threads one level deep.
"""

from __future__ import annotations

import html
import re
import zoneinfo
from collections import Counter
from collections.abc import Generator, Iterator
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO
from urllib.parse import parse_qsl, quote, unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser, iterparse
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from federkiel.porting.canonical import (
    BlogRecord,
    CommentRecord,
    PortingError,
    Record,
    StoryRecord,
    TopicRecord,
    UserRecord,
)
from federkiel.porting.wxr_bytes import DecodeFailure, IdSet, Utf8Reader, decode_head
from federkiel.porting.wxr_dates import MISSING_DATE, OffsetTally, parse_date
from federkiel.porting.wxr_html import wordpress_html
from federkiel.stories.slugs import slugify_de

DEFAULT_TIME_ZONE = "Europe/Berlin"
# WordPress files every post without a category here; it is not a topic anyone chose.
UNCATEGORIZED = "uncategorized"
WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(1\.\d+)/$")
WP_EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
# Our own extension, written by wxr_export: what WXR cannot say (the blog's time zone).
FEDERKIEL_NAMESPACE = "urn:federkiel:wxr:1"

# Field limits of the models the records become.
MAX_TITLE, MAX_BLOG_TITLE, MAX_TAGLINE, MAX_TOPIC, MAX_NAME, MAX_URL = 250, 120, 250, 80, 80, 300
_HEADER = frozenset(
    {"title", "link", "description", "language", "pubDate", "generator", "image",
     "wp:wxr_version", "wp:base_site_url", "wp:base_blog_url", "federkiel:time_zone"}
)  # fmt: skip
_TAG_IN_TITLE = re.compile(r"</?[a-zA-Z][^<>]*>")
_QUERY_IDS = frozenset({"p", "page_id"})
SNIFF_BYTES = 16 * 1024


def sniff(path: Path) -> bool:
    """Whether the file looks like a WordPress export: an `<rss>` root with a
    wordpress.org/export/ namespace in its first few kilobytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    text = decode_head(head)
    return re.search(r"<rss[\s>]", text) is not None and "wordpress.org/export/1." in text


@lru_cache(maxsize=512)
def _name(tag: str) -> str:
    """'{http://wordpress.org/export/1.2/}post_id' → 'wp:post_id', for every WXR version."""
    if not tag.startswith("{"):
        return tag
    uri, _sep, local = tag[1:].partition("}")
    if WP_NAMESPACE.match(uri):
        return f"wp:{local}"
    if WP_EXCERPT_NAMESPACE.match(uri):
        return f"excerpt:{local}"
    prefix = {CONTENT_NAMESPACE: "content", DC_NAMESPACE: "dc", FEDERKIEL_NAMESPACE: "federkiel"}
    return f"{prefix.get(uri, '?')}:{local}"


def _fields(element: Element) -> dict[str, str]:
    """The first text of each child, by normalised name."""
    found: dict[str, str] = {}
    for child in element:
        found.setdefault(_name(child.tag), child.text or "")
    return found


def _cap(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _plain(text: str) -> str:
    """A title or term name as plain text: WordPress stores some with entities and tags."""
    return " ".join(html.unescape(_TAG_IN_TITLE.sub("", text)).split())


def _topic_key(name: str) -> str:
    return slugify_de(name) or name.casefold()


def _language(code: str) -> str:
    code = code.strip().lower()
    return "en" if code.startswith("en") else "de"


@lru_cache(maxsize=1024)  # commenters come back: their addresses repeat
def _web_url(url: str) -> str:
    url = url.strip()
    if len(url) > MAX_URL or not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
        return ""
    return url


@lru_cache(maxsize=1024)
def _email(value: str) -> str:
    value = value.strip()
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


class WxrSource:
    """A WordPress export file as a stream of canonical records (see `Source`)."""

    def __init__(
        self, path: Path, *, time_zone: str | None = None, default_time_zone: str | None = None
    ) -> None:
        """`time_zone`: the zone of local dates, as given by the person importing.
        `default_time_zone`: the zone of the blog imported into, used when neither they
        nor the file name one; without it the zone is guessed from the file's dates."""
        self.path = Path(path)
        for zone in (time_zone, default_time_zone):
            if zone is not None and zone not in zoneinfo.available_timezones():
                raise PortingError(_("Unknown time zone “%(tz)s”.") % {"tz": zone})
        self.time_zone_given = time_zone
        self.default_time_zone = default_time_zone
        self.time_zone = time_zone or default_time_zone or DEFAULT_TIME_ZONE
        self.language = "de"
        self.wxr_version = ""
        try:
            self.size = self.path.stat().st_size
        except OSError as error:
            raise PortingError(_("The file cannot be read: %(error)s") % {"error": error}) from None
        self._reader: Utf8Reader | None = None
        self._reset()

    def _reset(self) -> None:
        self._header: dict[str, str] = {}
        self._blog_sent = False
        self._users: set[str] = set()
        self._author_by_id: dict[str, str] = {}
        self._topics: set[str] = set()
        self._category_parent: dict[str, str] = {}
        self._post_ids = IdSet()
        self._comment_ids = IdSet()
        self._base_path = ""
        self._untitled = self._pages = ""
        self.skipped_types: Counter[str] = Counter()
        self.skipped_comments = 0
        self.empty_comments = 0
        self.trashed: list[str] = []
        self.protected: list[str] = []
        self.unknown_states: Counter[str] = Counter()

    # -- Source ------------------------------------------------------------------------

    def fraction_done(self) -> float:
        if self._reader is None or not self.size:
            return 0.0
        return min(self._reader.bytes_read / self.size, 1.0)

    def records(self) -> Iterator[Record]:
        self._reset()
        with self.path.open("rb") as raw:
            self._refuse_non_xml(raw)
            if self.time_zone_given is None and self.default_time_zone is None:
                self.time_zone = self._guess_time_zone() or DEFAULT_TIME_ZONE
            self._reader = Utf8Reader(raw)
            yield from self._parse(self._reader)

    @property
    def warnings(self) -> list[str]:
        """What was left out or changed, translated, for the person importing; complete
        once `records()` is exhausted (a list, like AntvilleSource.warnings)."""
        found: list[str] = []
        labels = {
            "attachment": lambda n: ngettext(
                "%(count)d attachment was skipped: WXR carries media only as links, "
                "so upload the files again.",
                "%(count)d attachments were skipped: WXR carries media only as links, "
                "so upload the files again.",
                n,
            ),
        }
        for post_type, count in sorted(self.skipped_types.items()):
            label = labels.get(post_type)
            if label is not None:
                found.append(label(count) % {"count": count})
            else:
                found.append(
                    ngettext(
                        "%(count)d item of the type “%(type)s” was skipped.",
                        "%(count)d items of the type “%(type)s” were skipped.",
                        count,
                    )
                    % {"count": count, "type": post_type}
                )
        if self.trashed:
            found.append(
                ngettext(
                    "%(count)d post in the trash was skipped: %(titles)s",
                    "%(count)d posts in the trash were skipped: %(titles)s",
                    len(self.trashed),
                )
                % {"count": len(self.trashed), "titles": _some(self.trashed)}
            )
        if self.protected:
            found.append(
                ngettext(
                    "%(count)d password-protected post became a draft: %(titles)s",
                    "%(count)d password-protected posts became drafts: %(titles)s",
                    len(self.protected),
                )
                % {"count": len(self.protected), "titles": _some(self.protected)}
            )
        if self.skipped_comments:
            found.append(
                ngettext(
                    "%(count)d comment on skipped items was skipped too.",
                    "%(count)d comments on skipped items were skipped too.",
                    self.skipped_comments,
                )
                % {"count": self.skipped_comments}
            )
        if self.empty_comments:
            found.append(
                ngettext(
                    "%(count)d comment without text was left out (or kept as deleted "
                    "where replies hang under it).",
                    "%(count)d comments without text were left out (or kept as deleted "
                    "where replies hang under them).",
                    self.empty_comments,
                )
                % {"count": self.empty_comments}
            )
        for state, count in sorted(self.unknown_states.items()):
            found.append(
                ngettext(
                    "%(count)d item had the unknown status “%(status)s” and was "
                    "imported as a draft or held comment.",
                    "%(count)d items had the unknown status “%(status)s” and were "
                    "imported as drafts or held comments.",
                    count,
                )
                % {"count": count, "status": state}
            )
        removed = self._reader.removed_characters if self._reader else 0
        if removed:
            found.append(
                ngettext(
                    "%(count)d control character that XML does not allow was removed.",
                    "%(count)d control characters that XML does not allow were removed.",
                    removed,
                )
                % {"count": removed}
            )
        return found

    # -- Parsing -----------------------------------------------------------------------

    def _refuse_non_xml(self, raw: BinaryIO) -> None:
        head = raw.read(512)
        raw.seek(0)
        text = decode_head(head).lstrip("\ufeff\ufffe\xef\xbb\xbf \t\r\n")
        if not text.startswith("<"):
            raise PortingError(_("This file is not XML, so it is not a WordPress export (WXR)."))

    def _parse(self, reader: Utf8Reader) -> Iterator[Record]:
        parser = _hardened_parser()
        try:
            for node in self._channel_children(reader, parser):
                if node is None:
                    yield from self._blog()
                else:
                    yield from self._channel_child(node)
        except (ParseError, DefusedXmlException, DecodeFailure, OSError) as error:
            raise self._parse_error(error, parser) from None
        if not self._blog_sent:
            raise PortingError(self._not_wxr())

    def _channel_children(
        self, reader: Utf8Reader, parser: DefusedXMLParser
    ) -> Iterator[Element | None]:
        """Each child of `<channel>` once complete, then dropped from the tree; None when
        the channel ends."""
        depth = 0
        channel: Element | None = None
        for event, node in iterparse(reader, ("start-ns", "start", "end"), parser):
            if event == "start-ns":
                assert isinstance(node, tuple)
                version = WP_NAMESPACE.match(node[1])
                if version and not self.wxr_version:
                    self.wxr_version = version.group(1)
                continue
            assert isinstance(node, Element)
            if event == "start":
                depth += 1
                if depth == 1 and _name(node.tag) != "rss":
                    raise PortingError(self._not_wxr())
                if depth == 2 and _name(node.tag) == "channel":
                    channel = node
                continue
            depth -= 1
            if depth == 2 and channel is not None:
                yield node
                channel.remove(node)
            elif depth == 1 and node is channel:
                yield None

    def _guess_time_zone(self) -> str | None:
        """What the local dates of the file's posts and comments agree on (`wxr_dates`),
        read in a first pass; None when the file names its zone or the pairs say nothing
        clear. A broken file is left to the real pass to report."""
        tally = OffsetTally()
        try:
            with self.path.open("rb") as raw:
                for node in self._channel_children(Utf8Reader(raw), _hardened_parser()):
                    if node is None:
                        break
                    name = _name(node.tag)
                    if name == "federkiel:time_zone" and (node.text or "").strip() in (
                        zoneinfo.available_timezones()
                    ):
                        return None
                    if name == "item":
                        tally.add_fields(_fields(node), "wp:post_date")
                        for child in node:
                            if _name(child.tag) == "wp:comment":
                                tally.add_fields(_fields(child), "wp:comment_date")
        except (PortingError, ParseError, DefusedXmlException, DecodeFailure, OSError):
            return None
        return tally.zone()

    def _not_wxr(self) -> str:
        return _(
            "This is not a WordPress export (WXR): it lacks the rss element with the "
            "wordpress.org/export namespace."
        )

    def _parse_error(self, error: Exception, parser: DefusedXMLParser) -> PortingError:
        expat = getattr(parser, "parser", None)
        line = getattr(expat, "CurrentLineNumber", 0)
        where = _("%(file)s line %(line)d") % {"file": self.path.name, "line": line}
        if isinstance(error, DecodeFailure):
            where = _("%(file)s line %(line)d") % {"file": self.path.name, "line": error.line}
            return PortingError(
                _(
                    "The file declares the encoding “%(encoding)s”, but holds bytes that "
                    "are not valid in it. Save it again in the encoding it declares."
                )
                % {"encoding": error.encoding.upper().removesuffix("-SIG")},
                where,
            )
        if isinstance(error, DTDForbidden):
            return PortingError(
                _(
                    "The file contains a document type declaration (DTD). WordPress "
                    "exports have none; it is refused because it can hide attacks."
                ),
                where,
            )
        if isinstance(error, DefusedXmlException):
            return PortingError(
                _(
                    "The file declares or references XML entities. WordPress exports "
                    "have none; they are refused because they can hide attacks."
                ),
                where,
            )
        if isinstance(error, OSError):
            return PortingError(_("The file cannot be read: %(error)s") % {"error": error})
        assert isinstance(error, ParseError)
        line, column = error.position
        where = _("%(file)s line %(line)d") % {"file": self.path.name, "line": line}
        if self._reader is not None and self._reader.done:
            return PortingError(
                _("The file ends too early: it is incomplete. Export it again."), where
            )
        detail = str(error).split(":")[0]
        return PortingError(
            _("The file is not well-formed XML (%(detail)s, column %(column)d).")
            % {"detail": detail, "column": column + 1},
            where,
        )

    def _channel_child(self, node: Element) -> Iterator[Record]:
        name = _name(node.tag)
        if name in _HEADER and not self._blog_sent:
            self._header.setdefault(name, (node.text or "").strip())
            return
        if name not in _HEADER:
            yield from self._blog()
        if name == "wp:author":
            yield from self._author(_fields(node))
        elif name == "wp:category":
            fields = _fields(node)
            slug = fields.get("wp:category_nicename", "")
            if slug.strip() != UNCATEGORIZED:
                paths = self._category_paths(slug, fields.get("wp:category_parent", ""))
                yield from self._topic(fields.get("wp:cat_name", ""), paths)
        elif name == "wp:tag":
            fields = _fields(node)
            slug = fields.get("wp:tag_slug", "")
            yield from self._topic(fields.get("wp:tag_name", "") or slug, _tag_paths(slug))
        elif name == "wp:term":
            fields = _fields(node)
            taxonomy = fields.get("wp:term_taxonomy", "").strip()
            slug = fields.get("wp:term_slug", "")
            if taxonomy == "category":
                paths = self._category_paths(slug, fields.get("wp:term_parent", ""))
                yield from self._topic(fields.get("wp:term_name", ""), paths)
            elif taxonomy == "post_tag":
                yield from self._topic(fields.get("wp:term_name", ""), _tag_paths(slug))
        elif name == "item":
            yield from self._item(node)

    def _blog(self) -> Iterator[Record]:
        if self._blog_sent:
            return
        if not self.wxr_version:
            raise PortingError(self._not_wxr())
        self._blog_sent = True
        header = self._header
        self.language = _language(header.get("language", ""))
        file_zone = header.get("federkiel:time_zone", "")
        if self.time_zone_given is None and file_zone in zoneinfo.available_timezones():
            self.time_zone = file_zone
        base_url = header.get("wp:base_blog_url") or header.get("link", "")
        self._base_path = urlsplit(base_url).path.rstrip("/")
        with translation.override(self.language):
            self._untitled = _("(untitled)")
            self._pages = _("Pages")
        yield BlogRecord(
            name=_blog_name(base_url),
            title=_cap(_plain(header.get("title", "")) or self._untitled, MAX_BLOG_TITLE),
            tagline=_cap(_plain(header.get("description", "")), MAX_TAGLINE),
            language=self.language,
            time_zone=self.time_zone,
        )

    def _author(self, fields: dict[str, str]) -> Iterator[Record]:
        login = fields.get("wp:author_login", "").strip()
        if not login:
            return
        author_id = fields.get("wp:author_id", "").strip()
        if author_id:
            self._author_by_id[author_id] = login
        if login in self._users:
            return
        self._users.add(login)
        first = fields.get("wp:author_first_name", "").strip()
        last = fields.get("wp:author_last_name", "").strip()
        display = fields.get("wp:author_display_name", "").strip() or f"{first} {last}".strip()
        yield UserRecord(
            ref=login,
            username=login,
            email=_email(fields.get("wp:author_email", "")),
            display_name=_cap(_plain(display), MAX_NAME),
        )

    def _user(self, login: str) -> Iterator[Record]:
        """A user named only as an item's dc:creator (WXR 1.0 lists no authors)."""
        if login and login not in self._users:
            self._users.add(login)
            yield UserRecord(ref=login, username=login)

    def _topic(self, raw_name: str, old_paths: list[str]) -> Generator[Record, None, str]:
        """The topic's record when it is new; returns its ref ("" for no name). A name
        seen again (a tag named like a category) keeps the first term's addresses."""
        name = _cap(_plain(raw_name), MAX_TOPIC)
        if not name:
            return ""
        key = _topic_key(name)
        if key not in self._topics:
            self._topics.add(key)
            yield TopicRecord(ref=key, name=name, old_paths=old_paths)
        return key

    def _category_paths(self, raw_slug: str, raw_parent: str) -> list[str]:
        """A category's WordPress addresses: nested under its known parents, and flat."""
        slug, parent = _path_segment(raw_slug), _path_segment(raw_parent)
        if not slug:
            return []
        if parent:
            self._category_parent[slug] = parent
        chain = [slug]
        while (parent := self._category_parent.get(chain[-1], "")) and parent not in chain:
            chain.append(parent)
        paths = [f"/category/{slug}/"]
        if len(chain) > 1:
            paths.insert(0, "/category/" + "/".join(reversed(chain)) + "/")
        return paths

    # -- Items -------------------------------------------------------------------------

    def _item(self, item: Element) -> Iterator[Record]:
        fields = _fields(item)
        post_id = fields.get("wp:post_id", "").strip()
        post_type = fields.get("wp:post_type", "").strip() or "post"
        title = _cap(_plain(fields.get("title", "")), MAX_TITLE)
        label = self._label(post_type, post_id, title)
        if not post_id:
            raise PortingError(_("The item has no wp:post_id."), label)
        if not self._post_ids.add(post_id):
            raise PortingError(
                _("The post id %(id)s appears more than once in the file.") % {"id": post_id},
                label,
            )
        comments = [c for c in item if _name(c.tag) == "wp:comment"]
        status = fields.get("wp:status", "").strip() or "publish"
        if post_type not in ("post", "page"):
            self.skipped_types[post_type] += 1
            self._skip_comments(comments, label)
            return
        if status in ("trash", "auto-draft", "inherit"):
            if status == "trash":
                self.trashed.append(title or post_id)
            else:
                self.skipped_types[f"{post_type} ({status})"] += 1
            self._skip_comments(comments, label)
            return

        story_status = "draft"
        if status in ("publish", "future"):
            story_status = "published"
        elif status not in ("draft", "pending", "private"):
            self.unknown_states[status] += 1
        if story_status == "published" and fields.get("wp:post_password", "").strip():
            story_status = "draft"
            self.protected.append(title or post_id)
        published_at = self._date(fields, "wp:post_date", label)
        if published_at is None:
            raise PortingError(_("The post has no date (wp:post_date)."), label)

        author = fields.get("dc:creator", "").strip()
        yield from self._user(author)
        topic_refs: list[str] = []
        for category in item:
            if _name(category.tag) != "category":
                continue
            domain = category.get("domain", "category")
            if domain not in ("category", "post_tag", "tag"):
                continue  # post formats and custom taxonomies
            if domain == "category" and category.get("nicename") == UNCATEGORIZED:
                continue
            slug = category.get("nicename", "")
            is_category = domain == "category"
            paths = self._category_paths(slug, "") if is_category else _tag_paths(slug)
            key = yield from self._topic(category.text or "", paths)
            if key and key not in topic_refs:
                topic_refs.append(key)
        if post_type == "page":
            key = yield from self._topic(self._pages, [])
            if key not in topic_refs:
                topic_refs.append(key)
        yield StoryRecord(
            ref=post_id,
            title=title or self._untitled,
            text=wordpress_html(fields.get("content:encoded", "")),
            published_at=published_at,
            text_format="html",
            slug=slugify_de(unquote(fields.get("wp:post_name", "").strip())),
            status=story_status,
            modified_at=self._date(fields, "wp:post_modified", label, required=False),
            author_ref=author or None,
            comments_open=fields.get("wp:comment_status", "open").strip() != "closed",
            topic_refs=topic_refs,
            old_paths=self._old_paths(fields.get("link", ""), fields.get("guid", "")),
        )
        yield from self._comments(comments, post_id, label)

    def _label(self, post_type: str, post_id: str, title: str) -> str:
        values = {"id": post_id or "?", "title": title}
        if post_type == "post":
            return _("post %(id)s “%(title)s”") % values
        if post_type == "page":
            return _("page %(id)s “%(title)s”") % values
        return _("item %(id)s “%(title)s”") % values

    def _date(
        self, fields: dict[str, str], name: str, label: str, *, required: bool = True
    ) -> datetime | None:
        """`name`_gmt when set, else `name` in the blog's time zone."""
        utc = parse_date(fields.get(f"{name}_gmt"))
        if utc is not None:
            return utc.replace(tzinfo=UTC)
        local_text = fields.get(name, "").strip()
        local = parse_date(local_text)
        if local is None:
            if required and local_text and not MISSING_DATE.match(local_text):
                raise PortingError(
                    _("“%(value)s” in %(field)s is not a date.")
                    % {"value": local_text[:40], "field": name},
                    label,
                )
            return None
        return local.replace(tzinfo=zoneinfo.ZoneInfo(self.time_zone))

    def _old_paths(self, link: str, guid: str) -> list[str]:
        paths: list[str] = []
        for url in (link, guid):
            parts = urlsplit(url.strip())
            if parts.scheme not in ("http", "https"):
                continue
            query = [(k, v) for k, v in parse_qsl(parts.query) if k in _QUERY_IDS]
            path = parts.path or "/"
            base = self._base_path
            if base and (path == base or path.startswith(base + "/")):
                path = path[len(base) :] or "/"
            if query:
                path += "?" + "&".join(f"{k}={v}" for k, v in query)
            if path != "/" and path not in paths:
                paths.append(path)
        return paths

    def _skip_comments(self, comments: list[Element], label: str) -> None:
        for comment in comments:
            self._claim_comment_id(_fields(comment), label)
        self.skipped_comments += len(comments)

    def _claim_comment_id(self, fields: dict[str, str], label: str) -> str:
        comment_id = fields.get("wp:comment_id", "").strip()
        if not comment_id:
            raise PortingError(_("A comment has no wp:comment_id."), label)
        if not self._comment_ids.add(comment_id):
            raise PortingError(
                _("The comment id %(id)s appears more than once in the file.") % {"id": comment_id},
                label,
            )
        return comment_id

    def _comments(self, elements: list[Element], post_id: str, label: str) -> Iterator[Record]:
        records: dict[str, CommentRecord] = {}
        parents: dict[str, str] = {}
        for element in elements:
            fields = _fields(element)
            comment_id = self._claim_comment_id(fields, label)
            try:
                created_at = self._date(fields, "wp:comment_date", label)
                if created_at is None:
                    raise PortingError(_("The comment has no date (wp:comment_date)."))
            except PortingError as error:
                # Named only on failure: building the name costs a translation lookup.
                comment_label = _("comment %(comment)s on %(item)s") % {
                    "comment": comment_id,
                    "item": label,
                }
                raise PortingError(error.message, comment_label) from None
            parent = fields.get("wp:comment_parent", "").strip()
            if parent not in ("", "0"):
                parents[comment_id] = parent
            user_id = fields.get("wp:comment_user_id", "").strip()
            records[comment_id] = CommentRecord(
                ref=comment_id,
                story_ref=post_id,
                text=wordpress_html(fields.get("wp:comment_content", "")),
                created_at=created_at,
                kind=_comment_kind(fields.get("wp:comment_type", "")),
                state=self._comment_state(fields.get("wp:comment_approved", "")),
                author_ref=self._author_by_id.get(user_id) if user_id not in ("", "0") else None,
                guest_name=_cap(_plain(fields.get("wp:comment_author", "")), MAX_NAME),
                guest_email=_email(fields.get("wp:comment_author_email", "")),
                guest_website=_web_url(fields.get("wp:comment_author_url", "")),
                text_format="html",
            )
        for comment_id, record in records.items():
            if comment_id in parents:
                record.parent_ref = _thread_root(comment_id, parents, records, label)
        # A comment without words is left out, unless replies hang under it: then it
        # stays, as deleted, to hold its thread together.
        roots = {r.parent_ref for r in records.values() if r.parent_ref is not None}
        for comment_id, record in list(records.items()):
            if not record.text.strip() and record.state != "deleted":
                if comment_id in roots:
                    record.state = "deleted"
                else:
                    del records[comment_id]
                self.empty_comments += 1
        # Top-level comments first, so every reply follows its parent.
        ordered = sorted(records.values(), key=lambda r: (r.parent_ref is not None, r.created_at))
        yield from ordered

    def _comment_state(self, approved: str) -> str:
        approved = approved.strip()
        states = {"1": "published", "0": "pending", "spam": "spam", "trash": "deleted",
                  "post-trashed": "deleted"}  # fmt: skip
        if approved in states:
            return states[approved]
        self.unknown_states[approved] += 1
        return "pending"


def _hardened_parser() -> DefusedXMLParser:
    return DefusedXMLParser(
        target=TreeBuilder(), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )


def _comment_kind(comment_type: str) -> str:
    comment_type = comment_type.strip()
    return comment_type if comment_type in ("pingback", "trackback", "webmention") else "comment"


def _thread_root(
    comment_id: str, parents: dict[str, str], records: dict[str, CommentRecord], label: str
) -> str:
    """The top-level comment a reply belongs to; Federkiel threads one level deep."""
    seen = {comment_id}
    current = comment_id
    while current in parents:
        parent = parents[current]
        if parent not in records:
            raise PortingError(
                _("Comment %(comment)s answers comment %(parent)s, which is not in this item.")
                % {"comment": current, "parent": parent},
                label,
            )
        if parent in seen:
            raise PortingError(
                _("Comment %(comment)s is part of a circle of replies.") % {"comment": current},
                label,
            )
        seen.add(parent)
        current = parent
    return current


def _path_segment(slug: str) -> str:
    """A term's slug as one percent-encoded path segment ("f%c3%a4hre" → "f%C3%A4hre");
    empty for slugs that cannot be one."""
    text = unquote(slug.strip())
    if not text or text in (".", "..") or len(text) > MAX_TOPIC * 4:
        return ""
    return quote(text, safe="")


def _tag_paths(raw_slug: str) -> list[str]:
    slug = _path_segment(raw_slug)
    return [f"/tag/{slug}/"] if slug else []


def _blog_name(base_url: str) -> str:
    """A suggestion for the blog's name from its old address."""
    parts = urlsplit(base_url)
    segments = [s for s in parts.path.split("/") if s]
    host = (parts.hostname or "").removeprefix("www.")
    candidate = segments[-1] if segments else host.split(".")[0]
    name = slugify_de(candidate)[:30].strip("-")
    return name if len(name) >= 3 else "wordpress"


def _some(titles: list[str], shown: int = 5) -> str:
    quoted = ", ".join(f"“{t}”" for t in titles[:shown])
    return quoted + (", …" if len(titles) > shown else "")
