"""Linkbacks that arrive by import: a later ping from the same page updates them."""

from typing import Any
from urllib.parse import urlencode

import pytest

from federkiel.comments.models import Comment, CommentSettings
from federkiel.factories import UserFactory
from federkiel.linkbacks.models import Linkback
from federkiel.porting.loader import load
from federkiel.porting.tests.core_helpers import ListSource, blog_record, comment, story

pytestmark = pytest.mark.django_db

SOURCE = "https://anderes.example/2009/01/fuesse"


def test_a_ping_from_an_imported_linkbacks_page_updates_it(client):
    owner: Any = UserFactory(username="ida")
    records = [
        blog_record(),
        story("1", title="Über Füße"),
        comment("t", "1", kind="trackback", guest_name="Anderes Blog", guest_website=SOURCE,
                text="Ich schrieb über Füße."),
        comment("c", "1", guest_website="https://schlaf.example/"),
    ]  # fmt: skip
    result = load(ListSource(records), owner=owner, blog_name="altblog")
    (linkback,) = Linkback.objects.all()
    imported = Comment.objects.get(kind=Comment.Kind.TRACKBACK)
    assert (linkback.comment, linkback.source_url) == (imported, SOURCE)

    CommentSettings.objects.update_or_create(blog=result.blog, defaults={"moderation": "publish"})
    story_id = imported.story_id
    ping = {"title": "Füße", "excerpt": "Neue Fassung.", "url": SOURCE, "blog_name": "Anderes"}
    response = client.post(
        f"/altblog/stories/{story_id}/modTrackback",
        urlencode(ping),
        content_type="application/x-www-form-urlencoded",
    )
    assert b"<error>0</error>" in response.content
    (trackback,) = Comment.objects.filter(kind=Comment.Kind.TRACKBACK)
    assert trackback.pk == imported.pk
    assert "Neue Fassung." in trackback.rendered_html
