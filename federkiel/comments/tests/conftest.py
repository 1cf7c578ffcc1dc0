from datetime import datetime

import pytest

from federkiel.comments.models import CommentSettings
from federkiel.comments.tests.helpers import BERLIN
from federkiel.factories import StoryFactory


@pytest.fixture
def story(blog, owner):
    return StoryFactory(
        blog=blog,
        author=owner,
        title="Über Füße",
        published_at=datetime(2009, 1, 8, 20, 0, tzinfo=BERLIN),
    )


@pytest.fixture
def english_story(owner):
    """A story on an English blog that the owner persona also owns."""
    from federkiel.blogs.models import Role
    from federkiel.factories import BlogFactory, MembershipFactory

    english = BlogFactory(name="harbour", title="Harbour Notes", language="en")
    MembershipFactory(blog=english, user=owner, role=Role.OWNER)
    return StoryFactory(blog=english, author=owner, title="On Feet")


@pytest.fixture
def publish_at_once(blog):
    return CommentSettings.objects.create(blog=blog, moderation="publish")


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback that Django's mail backend sends to."""
    from federkiel.mail.tests.smtp import loopback_smtp

    with loopback_smtp() as handler:
        yield handler
