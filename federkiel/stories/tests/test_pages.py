from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from federkiel.factories import StoryFactory


@pytest.mark.django_db
def test_story_page_by_id_and_slug_shows_german_date(client, blog, owner):
    story = StoryFactory(
        blog=blog,
        author=owner,
        title="Über Füße",
        published_at=datetime(2009, 1, 8, 21, 59, tzinfo=ZoneInfo("Europe/Berlin")),
    )
    assert story.slug == "ueber-fuesse"
    for key in (story.pk, story.slug):
        response = client.get(f"/kiel/stories/{key}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Donnerstag, 8. Januar 2009, 21:59" in html
        assert 'class="story h-entry"' in html


@pytest.mark.django_db
def test_front_page_queries_do_not_grow_with_stories(client, blog, owner):
    StoryFactory.create_batch(2, blog=blog, author=owner, topic_names=["a", "b"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/kiel/").status_code == 200
    StoryFactory.create_batch(8, blog=blog, author=owner, topic_names=["a", "b"])
    with CaptureQueriesContext(connection) as many:
        assert client.get("/kiel/").status_code == 200
    assert len(many) == len(few)
