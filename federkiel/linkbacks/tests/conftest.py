import pytest
from django.core.cache import cache

from federkiel.comments.models import CommentSettings
from federkiel.factories import StoryFactory
from federkiel.linkbacks.tests.server import loopback_site


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story(blog, owner):
    return StoryFactory(blog=blog, author=owner, title="Über Füße")


@pytest.fixture
def publish_at_once(blog):
    return CommentSettings.objects.create(blog=blog, moderation="publish")


@pytest.fixture
def site(settings):
    """A server on loopback for the linking pages, which the fetcher may then reach."""
    settings.LINKBACK_FETCH_ALLOW_LOOPBACK = True
    with loopback_site() as running:
        yield running
