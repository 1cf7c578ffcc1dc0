"""Demo comments for the demo blog's welcome story; written by us."""

from __future__ import annotations

from datetime import timedelta

from federkiel.accounts.models import User
from federkiel.comments.models import Comment
from federkiel.comments.text import render_comment
from federkiel.search.indexing import index_comments
from federkiel.stories.models import Story

# (guest name, web site, text, owner's reply or "", minutes after the story)
DEMO_COMMENTS = [
    (
        "Schlafmütze",
        "",
        "Schön, dass es wieder ein Schreibzimmer gibt. Ich war schon bei twoday dabei.",
        "Willkommen zurück! Die Kommentare sehen aus wie damals.",
        95,
    ),
    (
        "Federleicht",
        "https://example.org/",
        "Kann man hier auch *Markdown* schreiben? [Links](https://example.org/) gehen jedenfalls.",
        "Ja, ein wenig: kursiv, fett, Links, Listen und Zitate.",
        240,
    ),
]


def add_demo_comments(story: Story, owner: User) -> None:
    written_ids: list[int] = []
    for name, website, text, reply, minutes in DEMO_COMMENTS:
        written = story.published_at + timedelta(minutes=minutes)
        comment = Comment.objects.create(
            story=story,
            guest_name=name,
            guest_website=website,
            text=text,
            rendered_html=render_comment(text),
            created_at=written,
        )
        written_ids.append(comment.pk)
        if reply:
            answer = Comment.objects.create(
                story=story,
                parent=comment,
                author=owner,
                text=reply,
                rendered_html=render_comment(reply),
                created_at=written + timedelta(minutes=52),
            )
            written_ids.append(answer.pk)
    index_comments(written_ids)
