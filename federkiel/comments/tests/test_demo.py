import pytest

from federkiel.comments.models import Comment
from federkiel.comments.tests.helpers import words
from federkiel.platform.demo import create_demo


@pytest.mark.django_db
def test_demo_story_has_comments_and_owner_replies(client):
    blog = create_demo()
    story = blog.stories.get(title="Willkommen im Schreibzimmer")
    assert Comment.objects.filter(story=story, parent=None, author=None).count() == 2
    assert (
        Comment.objects.filter(story=story, parent__isnull=False, author__username="demo").count()
        == 2
    )
    text = words(client.get(f"/schreibzimmer/stories/{story.slug}/").content.decode())
    assert "Also sprach Schlafmütze (Gast) am" in text
    assert "Demo - " in text
    assert "Kommentare (4)" in text
