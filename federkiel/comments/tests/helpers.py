"""Helpers for the comment tests."""

import re
import time
from zoneinfo import ZoneInfo

from federkiel.comments.forms import make_stamp

BERLIN = ZoneInfo("Europe/Berlin")


def stamp():
    """A form stamp served a minute ago, past the minimum fill time."""
    return make_stamp(time.time() - 60)


def guest_form(**fields):
    return {
        "name": "Schlafmuetze",
        "email": "",
        "website": "",
        "text": "Hallo!",
        "stamp": stamp(),
        **fields,
    }


def user_form(**fields):
    return {"text": "Hallo!", "stamp": stamp(), **fields}


def words(html):
    """The visible text of an HTML page, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", "", html)
    return " ".join(text.split())


def post_url(story):
    return f"/{story.blog.name}/stories/{story.pk}/comments/"


def page_url(story):
    return f"/{story.blog.name}/stories/{story.slug}/"


def make_comment(**fields):
    """A comment from the factory, typed loosely so tests can compare its fields."""
    from federkiel.factories import CommentFactory

    return CommentFactory(**fields)
