"""Keeping the index in step with what it indexes.

The writing functions of stories and comments (stories/writing.py, comments/writing.py,
comments/moderation.py) call these inside the transaction that changes the item, so
the index never shows a state that was not committed. Only published comments have
entries; they are found while their story is (`visible_from` is the story's publish
date, empty while it is a draft). Deleting a story calls `unindex_story`; deleting a
blog deletes its entries by the cascade. A blog's visibility is checked at query time,
so changing it needs no reindexing. On SQLite a trigger removes the full-text row of
every deleted entry (see migrations/0001_initial.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import transaction
from django.db.models import Q

from federkiel.blogs.models import Blog
from federkiel.comments.models import Comment
from federkiel.search import backends
from federkiel.search.models import Entry
from federkiel.search.text import plain_text
from federkiel.stories.models import Story

BATCH_SIZE = 1000


def _story_fields(story: Story) -> dict[str, Any]:
    author = story.author
    return {
        "blog_id": story.blog_id,
        "story_id": story.pk,
        "language": story.blog.language,
        "title": story.title,
        "body": plain_text(story.rendered_html),
        "author_name": author.public_name if author is not None else "",
        "published_at": story.published_at,
        "visible_from": story.published_at,
    }


def index_story(story: Story) -> None:
    """Index a saved story as it is now: published stories are found from their
    publish date on; a draft leaves the index, and so do its comments until it
    is published again."""
    with transaction.atomic():
        if story.status != Story.Status.PUBLISHED:
            Entry.objects.filter(kind=Entry.Kind.STORY, object_id=story.pk).delete()
            Entry.objects.filter(story_id=story.pk).update(visible_from=None)
            return
        entry, _ = Entry.objects.update_or_create(
            kind=Entry.Kind.STORY, object_id=story.pk, defaults=_story_fields(story)
        )
        Entry.objects.filter(story_id=story.pk, kind=Entry.Kind.COMMENT).update(
            visible_from=story.published_at
        )
        backends.store([entry])


def unindex_story(story: Story) -> None:
    """Take a story and its comments out of the index (before deleting it)."""
    Entry.objects.filter(story_id=story.pk).delete()


def _comment_fields(comment: Comment) -> dict[str, Any]:
    """Needs `story__blog` and `author` selected."""
    story = comment.story
    return {
        "blog_id": story.blog_id,
        "story_id": story.pk,
        "language": story.blog.language,
        # Comments have no title of their own; results name the story instead.
        "title": "",
        "body": plain_text(comment.rendered_html),
        "author_name": comment.display_name,
        "published_at": comment.created_at,
        "visible_from": story.published_at if story.status == Story.Status.PUBLISHED else None,
    }


def _comment_entries(comments: Iterable[Comment]) -> list[Entry]:
    entries = [
        Entry(kind=Entry.Kind.COMMENT, object_id=comment.pk, **_comment_fields(comment))
        for comment in comments
        if comment.state == Comment.State.PUBLISHED
    ]
    created = Entry.objects.bulk_create(entries)
    backends.store(created)
    return created


def index_comments(ids: Iterable[int]) -> None:
    """Index saved comments as they are now: published ones are found while their story
    is; held, spam and deleted ones leave the index. A fixed number of queries."""
    ids = list(ids)
    if not ids:
        return
    with transaction.atomic():
        Entry.objects.filter(kind=Entry.Kind.COMMENT, object_id__in=ids).delete()
        comments = Comment.objects.filter(pk__in=ids).select_related("story__blog", "author")
        _comment_entries(comments)


def index_comment(comment: Comment) -> None:
    index_comments([comment.pk])


def forget_author(user: Any) -> None:
    """Clear the name of a departing account from the entries of its kept stories and
    comments (before the account is deleted), so it is neither shown nor found."""
    written = Q(kind=Entry.Kind.STORY, object_id__in=Story.objects.filter(author=user).values("pk"))
    written |= Q(
        kind=Entry.Kind.COMMENT, object_id__in=Comment.objects.filter(author=user).values("pk")
    )
    Entry.objects.filter(written).update(author_name="")


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(items, size)):
        yield batch


def index_stories_in_bulk(stories: Iterator[Story], batch_size: int = BATCH_SIZE) -> int:
    """Add entries for stories that have none (after `clear`); returns how many.
    The stories need `blog` and `author` selected."""
    count = 0
    for batch in _batches(stories, batch_size):
        entries = Entry.objects.bulk_create(
            [
                Entry(kind=Entry.Kind.STORY, object_id=story.pk, **_story_fields(story))
                for story in batch
                if story.status == Story.Status.PUBLISHED
            ]
        )
        backends.store(entries)
        count += len(entries)
    return count


def index_comments_in_bulk(comments: Iterator[Comment], batch_size: int = BATCH_SIZE) -> int:
    """Add entries for comments that have none (after `clear`); returns how many.
    The comments need `story__blog` and `author` selected."""
    return sum(len(_comment_entries(batch)) for batch in _batches(comments, batch_size))


def _comments(blog: Blog | None) -> Iterator[Comment]:
    comments = Comment.objects.published().select_related("story__blog", "author")
    if blog is not None:
        comments = comments.filter(story__blog=blog)
    return comments.order_by("pk").iterator(chunk_size=BATCH_SIZE)


def _stories(blog: Blog | None) -> Iterator[Story]:
    stories = Story.objects.filter(status=Story.Status.PUBLISHED).select_related("blog", "author")
    if blog is not None:
        stories = stories.filter(blog=blog)
    return stories.order_by("pk").iterator(chunk_size=BATCH_SIZE)


def rebuild(blog: Blog | None = None, progress: Callable[[str], None] | None = None) -> int:
    """Build the index anew from the stories and their comments (of one blog, or all);
    returns the entry count.

    Needed after a blog changes its language and when upgrading from a version without
    search. Runs in one transaction: searches see the old index until it is done.
    """
    with transaction.atomic():
        if blog is None:
            backends.backend().clear()
            Entry.objects.all().delete()
        else:
            Entry.objects.filter(blog=blog).delete()
        stories = index_stories_in_bulk(_stories(blog))
        comments = index_comments_in_bulk(_comments(blog))
        if progress is not None:
            progress(f"{stories} stories, {comments} comments")
    return stories + comments
