"""Writing a `Feed` as RSS 2.0 or Atom (Django's feedgenerator) or JSON Feed 1.1."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.xmlutils import SimplerXMLGenerator

from federkiel.feeds.model import Entry, Feed

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
CONTENT_TYPES = {
    "rss": Rss201rev2Feed.content_type,
    "atom": Atom1Feed.content_type,
    "json": "application/feed+json",
}
FORMATS = tuple(CONTENT_TYPES)


class AtomWithContent(Atom1Feed):
    """Atom with the full text in `content`; Django's Atom1Feed only writes `summary`."""

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        handler.addQuickElement("content", item["description"], {"type": "html"})


def _fill(generator: SyndicationFeed, feed: Feed) -> bytes:
    for entry in feed.entries:
        generator.add_item(
            title=entry.title,
            link=entry.url,
            description=entry.content_html,
            author_name=entry.author_name or None,
            author_link=entry.author_url or None,
            pubdate=entry.published,
            updateddate=entry.updated,
            unique_id=entry.id,
            unique_id_is_permalink=False,
            categories=entry.categories,
            comments=entry.comments_url or None,
        )
    return generator.writeString("utf-8").encode()


def to_rss(feed: Feed) -> bytes:
    generator = Rss201rev2Feed(
        title=feed.title,
        link=feed.home_url,
        description=feed.description,
        language=feed.language,
        feed_url=feed.self_urls["rss"],
    )
    return _fill(generator, feed)


def to_atom(feed: Feed) -> bytes:
    generator = AtomWithContent(
        title=feed.title,
        link=feed.home_url,
        description=feed.description,
        subtitle=feed.description or None,
        language=feed.language,
        author_name=feed.author_name,
        feed_url=feed.self_urls["atom"],
        feed_guid=feed.id,
    )
    return _fill(generator, feed)


def _json_item(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": entry.id,
        "url": entry.url,
        "title": entry.title,
        "content_html": entry.content_html,
        "date_published": entry.published.isoformat(timespec="seconds"),
        "date_modified": entry.updated.isoformat(timespec="seconds"),
    }
    if entry.author_name:
        author = {"name": entry.author_name}
        if entry.author_url:
            author["url"] = entry.author_url
        item["authors"] = [author]
    if entry.categories:
        item["tags"] = entry.categories
    return item


def to_json(feed: Feed) -> bytes:
    document: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.self_urls["json"],
        "language": feed.language,
        "authors": [{"name": feed.author_name}],
        "items": [_json_item(entry) for entry in feed.entries],
    }
    if feed.description:
        document["description"] = feed.description
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


WRITERS: dict[str, Callable[[Feed], bytes]] = {"rss": to_rss, "atom": to_atom, "json": to_json}
