"""Comments in the search index: found while published and visible, gone otherwise."""

import pytest
from django.core.management import call_command
from django.utils import translation

from federkiel.blogs.models import Blog, Visibility
from federkiel.comments import moderation
from federkiel.comments.models import Comment, CommentSettings
from federkiel.comments.writing import Commenter, delete_own_comment, edit_comment, post_comment
from federkiel.factories import BlogFactory, CommentFactory, StoryFactory
from federkiel.search.models import Entry
from federkiel.search.presenters import results_data
from federkiel.search.query import PER_PAGE, search
from federkiel.stories.models import Story
from federkiel.stories.writing import delete_story, save_story

pytestmark = pytest.mark.django_db


def kinds_and_urls(results):
    return [(hit.kind, hit.url) for hit in results.hits]


@pytest.fixture
def story(blog, owner):
    return StoryFactory(blog=blog, author=owner, title="Nach Oslo", text="Mit der Fähre.")


def guest():
    return Commenter(name="Schlafmütze", email="schlaf@example.org")


def test_a_published_comment_is_found_in_the_blog_and_on_the_platform(blog, owner, story):
    comment = post_comment(story, Commenter(user=owner), "Die Möwen kreisten über dem Deck.")
    assert comment.state == Comment.State.PUBLISHED
    expected = [("comment", f"/kiel/stories/nach-oslo/#comment-{comment.pk}")]
    assert kinds_and_urls(search("Möwen", None)) == expected
    assert kinds_and_urls(search("möwe", None, blog=blog)) == expected


def test_results_name_the_comment_its_author_and_story(blog, owner, story):
    post_comment(story, Commenter(user=owner), "Oslo im Nebel, die Möwen laut.")
    results = search("Oslo", None, blog=blog)
    with translation.override("de"):
        hits = results_data(results, "/kiel/search/")["hits"]
    titles = {hit["kind"]: str(hit["title"]) for hit in hits}
    assert titles == {
        "story": "Nach <mark>Oslo</mark>",
        "comment": "Kommentar von Olga zu „Nach <mark>Oslo</mark>“",
    }
    comment_hit = next(hit for hit in hits if hit["kind"] == "comment")
    assert str(comment_hit["snippet"]) == "<mark>Oslo</mark> im Nebel, die Möwen laut."
    assert comment_hit["kind_label"] == "Kommentar"
    with translation.override("en"):
        english = results_data(results, "/kiel/search/")["hits"]
    assert "Comment by Olga on “Nach <mark>Oslo</mark>”" in [str(h["title"]) for h in english]


def test_markup_in_names_is_escaped_in_comment_results(blog, owner):
    story = StoryFactory(blog=blog, author=owner, title="<b>Fett</b>")
    CommentFactory(story=story, author=None, guest_name="<i>Gast</i>", text="Leuchtturm")
    with translation.override("en"):
        hit = results_data(search("Leuchtturm", None), "/search/")["hits"][0]
    assert str(hit["title"]) == "Comment by &lt;i&gt;Gast&lt;/i&gt; on “&lt;b&gt;Fett&lt;/b&gt;”"


def test_held_comments_are_found_only_once_approved(blog, story):
    comment = post_comment(story, guest(), "Ein Wort über Leuchttürme.")
    assert comment.state == Comment.State.PENDING
    assert search("Leuchtturm", None).hits == []
    moderation.approve(blog, [comment.pk])
    assert len(search("Leuchtturm", None).hits) == 1
    moderation.mark_spam(blog, [comment.pk])
    assert search("Leuchtturm", None).hits == []
    moderation.approve(blog, [comment.pk])
    moderation.remove(blog, [comment.pk])
    assert search("Leuchtturm", None).hits == []
    assert not Entry.objects.filter(kind=Entry.Kind.COMMENT).exists()


def test_moderating_another_blogs_comments_changes_nothing(blog, story):
    comment = post_comment(story, guest(), "Ein Wort über Leuchttürme.")
    other = Blog.objects.get(pk=BlogFactory().pk)
    assert moderation.approve(other, [comment.pk]) == 0
    assert search("Leuchtturm", None).hits == []


def test_spam_is_never_found(blog, story):
    CommentSettings.objects.create(blog=blog, moderation="publish")
    spam = post_comment(story, guest(), "Billige Uhren viagra casino https://x.example/")
    assert spam.state in (Comment.State.SPAM, Comment.State.PENDING)
    assert search("Uhren", None).hits == []


def test_an_edit_changes_what_is_found(blog, owner, story):
    comment = post_comment(story, Commenter(user=owner), "Erst Regen.")
    edit_comment(comment, "Dann Sonne.", Commenter(user=owner))
    assert search("Regen", None).hits == []
    assert len(search("Sonne", None, blog=blog).hits) == 1


def test_an_edit_that_is_held_leaves_the_index(blog, story):
    CommentSettings.objects.create(blog=blog, moderation="publish")
    comment = post_comment(story, guest(), "Erst Regen.")
    assert comment.state == Comment.State.PUBLISHED
    assert len(search("Regen", None).hits) == 1
    CommentSettings.objects.filter(blog=blog).update(moderation="all")
    edit_comment(comment, "Dann Regen und Sonne.", guest())
    assert comment.state == Comment.State.PENDING
    assert search("Regen", None).hits == []


def test_a_comment_its_author_deletes_leaves_the_index(blog, owner, story):
    comment = post_comment(story, Commenter(user=owner), "Bald weg.")
    delete_own_comment(comment)
    assert search("weg", None).hits == []
    assert not Entry.objects.filter(kind=Entry.Kind.COMMENT).exists()


def test_comments_follow_their_story_into_drafts_and_back(blog, owner, story):
    post_comment(story, Commenter(user=owner), "Wellengang.")
    story = Story.objects.get(pk=story.pk)
    story.status = Story.Status.DRAFT
    save_story(story)
    assert search("Wellengang", owner).hits == []
    assert search("Wellengang", owner, blog=blog).hits == []
    story.status = Story.Status.PUBLISHED
    save_story(story)
    assert len(search("Wellengang", None).hits) == 1
    delete_story(story)
    assert search("Wellengang", None).hits == []
    assert not Entry.objects.exists()


def test_a_comment_on_a_draft_is_not_found(blog, owner):
    draft = StoryFactory(blog=blog, author=owner, status=Story.Status.DRAFT)
    CommentFactory(story=draft, text="Verborgen.")
    assert search("verborgen", owner).hits == []


@pytest.mark.parametrize("visibility", [Visibility.RESTRICTED, Visibility.CLOSED])
def test_private_blogs_comments_follow_the_blogs_visibility(
    blog, owner, subscriber, outsider, admin_user, story, visibility
):
    CommentFactory(story=story, text="Vertraulicher Kommentar.")
    blog.visibility = visibility
    blog.save()
    for user in (None, outsider):
        assert search("vertraulich", user).hits == []
    readers = [owner, admin_user] + ([subscriber] if visibility == Visibility.RESTRICTED else [])
    for user in readers:
        assert [hit.kind for hit in search("vertraulich", user).hits] == ["comment"]
    if visibility == Visibility.CLOSED:
        assert search("vertraulich", subscriber).hits == []
    blog.visibility = Visibility.PUBLIC
    blog.save()
    assert len(search("vertraulich", None).hits) == 1


def test_german_and_english_stemming_in_comments(blog, owner, story):
    CommentFactory(story=story, text="Die alten Häuser am Hafen.")
    english = Blog.objects.get(pk=BlogFactory(language="en").pk)
    CommentFactory(story=StoryFactory(blog=english), text="She was running home.")
    assert [hit.kind for hit in search("Haus", None, blog=blog).hits] == ["comment"]
    assert [hit.kind for hit in search("runs", None, blog=english).hits] == ["comment"]
    assert len(search("häusern", None).hits) == 1
    assert len(search("run", None).hits) == 1


def test_stories_and_comments_are_ranked_and_paged_together(blog, owner):
    story = StoryFactory(blog=blog, author=owner, title="Leuchtturm", text="Am Kap.")
    for n in range(PER_PAGE + 2):
        CommentFactory(story=story, text=f"Kommentar {n} zum Leuchtturm.")
    first = search("Leuchtturm", None)
    assert first.total == PER_PAGE + 3
    assert first.pages == 2
    # The story has the word in its title, so it ranks first.
    assert first.hits[0].kind == "story"
    second = search("Leuchtturm", None, page=2)
    assert [hit.kind for hit in second.hits] == ["comment"] * 3
    assert not {h.url for h in first.hits} & {h.url for h in second.hits}


def test_reindex_covers_published_comments_only(blog, owner, story):
    CommentFactory(story=story, text="Wiederkehr im Kommentar.")
    CommentFactory(story=story, text="Wiederkehr, gehalten.", state=Comment.State.PENDING)
    CommentFactory(story=story, text="Wiederkehr, Spam.", state=Comment.State.SPAM)
    draft = StoryFactory(blog=blog, author=owner, status=Story.Status.DRAFT)
    CommentFactory(story=draft, text="Wiederkehr am Entwurf.")
    Entry.objects.all().delete()
    call_command("reindex", verbosity=0)
    assert [hit.kind for hit in search("wiederkehr", None).hits] == ["comment"]
    call_command("reindex", "--blog", blog.name, verbosity=0)
    assert [hit.kind for hit in search("wiederkehr", owner, blog=blog).hits] == ["comment"]
    assert Entry.objects.filter(kind=Entry.Kind.COMMENT).count() == 2  # one waits for its draft


def test_a_deleted_accounts_name_leaves_the_index(blog, owner, story):
    from federkiel.accounts.deletion import delete_account
    from federkiel.accounts.models import User
    from federkiel.factories import UserFactory

    reader = User.objects.get(pk=UserFactory(username="gisela", display_name="Gisela G").pk)
    CommentFactory(story=story, author=reader, text="Ein Gruß vom Deich.")
    CommentFactory(story=story, author=owner, text="Danke für den Gruß.")
    delete_account(reader, keep_writing=True)
    hits = search("Gruß", None).hits
    assert sorted(hit.author_name for hit in hits) == ["", "Olga"]
