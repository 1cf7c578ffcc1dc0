"""`search()` on SQLite and PostgreSQL alike: matching, ranking, visibility, paging."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from federkiel.blogs.models import Blog, Visibility
from federkiel.factories import BlogFactory, StoryFactory
from federkiel.search import backends, query
from federkiel.search.models import Entry
from federkiel.search.query import MAX_PAGE, PER_PAGE, search
from federkiel.stories.models import Story
from federkiel.stories.writing import save_story

pytestmark = pytest.mark.django_db


def titles(results):
    return [str(hit.title).replace("<mark>", "").replace("</mark>", "") for hit in results.hits]


def test_finds_published_stories_by_title_and_text(blog, owner):
    StoryFactory(blog=blog, author=owner, title="Regatta", text="Segeln auf der Förde.")
    StoryFactory(blog=blog, author=owner, title="Anderes", text="Nichts davon.")
    assert titles(search("Förde", None)) == ["Regatta"]
    assert titles(search("regatta", None, blog=blog)) == ["Regatta"]


def test_german_stemming_in_a_german_blog(blog, owner):
    StoryFactory(blog=blog, author=owner, title="Am Hafen", text="Die alten Häuser stehen still.")
    assert titles(search("Haus", None, blog=blog)) == ["Am Hafen"]
    assert titles(search("häusern", None)) == ["Am Hafen"]


def test_english_stemming_in_an_english_blog(owner):
    english = Blog.objects.get(pk=BlogFactory(language="en").pk)
    StoryFactory(blog=english, title="Marathon", text="She was running through the city.")
    assert titles(search("runs", None, blog=english)) == ["Marathon"]
    assert titles(search("run", None)) == ["Marathon"]


def test_title_matches_rank_first(blog, owner):
    StoryFactory(blog=blog, author=owner, title="Beiläufig", text="Ein Wort über Leuchttürme.")
    StoryFactory(blog=blog, author=owner, title="Leuchttürme", text="Ein Text über die Küste.")
    assert titles(search("Leuchtturm", None)) == ["Leuchttürme", "Beiläufig"]


def test_all_words_phrases_and_exclusions(blog, owner):
    StoryFactory(blog=blog, author=owner, title="Eins", text="rote Rosen im Garten")
    StoryFactory(blog=blog, author=owner, title="Zwei", text="Rosen sind rot, Tulpen nicht")
    assert titles(search("Rosen Garten", None)) == ["Eins"]
    assert titles(search('"rote Rosen"', None)) == ["Eins"]
    assert sorted(titles(search("rosen", None))) == ["Eins", "Zwei"]
    assert titles(search("rosen -tulpen", None)) == ["Eins"]


def test_phrases_with_stop_words_match_the_words_in_a_row(blog, owner):
    # PostgreSQL's own configurations drop "das" and "the"; ours keep them, as SQLite does.
    StoryFactory(blog=blog, author=owner, title="Eins", text="Heute ist das Wetter schön.")
    StoryFactory(blog=blog, author=owner, title="Zwei", text="Das schöne Wetter kommt.")
    StoryFactory(blog=blog, author=owner, title="Drei", text="Wetter wie immer.")
    english = Blog.objects.get(pk=BlogFactory(language="en").pk)
    StoryFactory(blog=english, title="Four", text="A walk into the woods.")
    StoryFactory(blog=english, title="Five", text="Woods, and the town.")
    assert titles(search('"das Wetter"', None)) == ["Eins"]
    assert titles(search('"das Wetter"', None, blog=blog)) == ["Eins"]
    assert sorted(titles(search("das Wetter", None, blog=blog))) == ["Eins", "Zwei"]
    assert sorted(titles(search("das", None, blog=blog))) == ["Eins", "Zwei"]
    assert titles(search('"the woods"', None, blog=english)) == ["Four"]
    assert titles(search('"the woods"', None)) == ["Four"]


def test_drafts_and_scheduled_stories_are_never_found(blog, owner):
    StoryFactory(blog=blog, author=owner, title="Entwurf", status=Story.Status.DRAFT)
    StoryFactory(
        blog=blog,
        author=owner,
        title="Geplant Entwurf",
        published_at=timezone.now() + timedelta(days=1),
    )
    assert search("Entwurf", owner).hits == []
    assert search("Entwurf", owner, blog=blog).hits == []
    assert search("Entwurf", None).hits == []


def test_index_follows_publishing_and_unpublishing(blog, owner):
    draft = StoryFactory(blog=blog, author=owner, title="Wechselhaft", status=Story.Status.DRAFT)
    story = Story.objects.get(pk=draft.pk)
    assert search("wechselhaft", None).hits == []
    story.status = Story.Status.PUBLISHED
    save_story(story)
    assert titles(search("wechselhaft", None)) == ["Wechselhaft"]
    story.title = "Beständig"
    save_story(story)
    assert search("wechselhaft", None).hits == []
    assert titles(search("beständig", None)) == ["Beständig"]
    story.status = Story.Status.DRAFT
    save_story(story)
    assert search("beständig", None).hits == []


def test_deleted_stories_and_blogs_leave_the_index(blog, owner):
    story = StoryFactory(blog=blog, author=owner, title="Vergänglich")
    other = BlogFactory()
    StoryFactory(blog=other, title="Vergänglich auch")
    story.delete()
    assert titles(search("vergänglich", None)) == ["Vergänglich auch"]
    other.delete()
    assert search("vergänglich", None).hits == []
    assert not Entry.objects.exists()


def test_delete_story_unindexes_it(blog, owner):
    from federkiel.stories.writing import delete_story

    story = StoryFactory(blog=blog, author=owner, title="Fortgeworfen")
    delete_story(Story.objects.get(pk=story.pk))
    assert search("fortgeworfen", None).hits == []
    assert not Entry.objects.exists()


# Visibility: restricted blogs are for members, closed blogs for owners only.


@pytest.fixture
def secret(blog, owner, manager, subscriber):
    StoryFactory(blog=blog, author=owner, title="Geheimnis", text="Streng vertraulich.")
    return blog


def test_restricted_blog_is_hidden_from_guests(secret):
    secret.visibility = Visibility.RESTRICTED
    secret.save()
    assert search("Geheimnis", None).hits == []


def test_restricted_blog_is_hidden_from_outsiders(secret, outsider):
    secret.visibility = Visibility.RESTRICTED
    secret.save()
    assert search("Geheimnis", outsider).hits == []


def test_restricted_blog_is_found_by_members(secret, subscriber):
    secret.visibility = Visibility.RESTRICTED
    secret.save()
    assert titles(search("Geheimnis", subscriber)) == ["Geheimnis"]


def test_closed_blog_is_hidden_from_its_managers(secret, manager, subscriber, outsider):
    secret.visibility = Visibility.CLOSED
    secret.save()
    for user in (manager, subscriber, outsider, None):
        assert search("Geheimnis", user).hits == []


def test_closed_blog_is_found_by_its_owner_and_admins(secret, owner, admin_user):
    secret.visibility = Visibility.CLOSED
    secret.save()
    assert titles(search("Geheimnis", owner)) == ["Geheimnis"]
    assert titles(search("Geheimnis", admin_user)) == ["Geheimnis"]


def test_membership_elsewhere_does_not_open_a_restricted_blog(secret, outsider):
    from federkiel.factories import MembershipFactory

    secret.visibility = Visibility.RESTRICTED
    secret.save()
    MembershipFactory(user=outsider, blog=BlogFactory(visibility=Visibility.RESTRICTED))
    assert search("Geheimnis", outsider).hits == []


# Bad input and paging.


@pytest.mark.parametrize(
    "raw",
    ['"', 'Hafen"', '"Hafen', "Hafen*", "NEAR(Hafen)", "Hafen AND", "OR Hafen", "Hafen:",
     "(Hafen", "^Hafen", "-Hafen", "Hafen -", "Ha\x00fen", "title:Hafen", "Hafen NOT"],
)  # fmt: skip
def test_query_syntax_characters_are_harmless(blog, owner, raw):
    StoryFactory(blog=blog, author=owner, title="Hafen")
    search(raw, None)
    search(raw, owner, blog=blog)


def test_a_huge_query_is_cut_not_refused(blog, owner):
    StoryFactory(blog=blog, author=owner, title="Hafen")
    results = search("Hafen " + "x" * 10_000, None)
    assert results.query.truncated
    assert results.query.text == "Hafen"  # the cut word is dropped whole
    assert titles(results) == ["Hafen"]
    assert titles(search("Hafen" + " Hafen" * 3000, None)) == ["Hafen"]


def test_pages_and_page_numbers(blog, owner):
    for n in range(PER_PAGE + 5):
        StoryFactory(blog=blog, author=owner, title=f"Möwe {n}")
    first = search("möwe", None)
    assert (first.total, first.pages, len(first.hits)) == (PER_PAGE + 5, 2, PER_PAGE)
    second = search("möwe", None, page="2")
    assert len(second.hits) == 5
    assert not {h.url for h in first.hits} & {h.url for h in second.hits}
    for odd in ("999999999999999999999999", "3", str(MAX_PAGE)):
        assert search("möwe", None, page=odd).page == 2
    for bad in ("-1", "0", "abc", "", None, "1.5", "²"):
        assert search("möwe", None, page=bad).page == 1


def cap_results(monkeypatch, cap, window):
    monkeypatch.setattr(query, "MAX_RESULTS", cap)
    monkeypatch.setattr(query, "CANDIDATES", cap)
    # PostgreSQL looks among the newest window * cap entries first; 1 makes it search
    # several windows and then everything even here.
    monkeypatch.setattr(backends, "WINDOW_PER_CANDIDATE", window)


@pytest.mark.parametrize("window", [1, 10])
def test_only_the_newest_matches_are_ranked_beyond_the_cap(blog, owner, monkeypatch, window):
    # With more matches than MAX_RESULTS, the newest MAX_RESULTS are ranked (docs/search.md).
    cap_results(monkeypatch, 3, window)
    now = timezone.now()
    for days, title, text in [
        (0, "Notiz", "Eine Möwe."),
        (1, "Möwe", "Ein Vogel."),
        (2, "Nachtrag", "Noch eine Möwe."),
        (3, "Älter", "Auch eine Möwe."),
        (9, "Möwe am Leuchtturm", "Viele Möwen."),
    ]:
        StoryFactory(
            blog=blog, author=owner, title=title, text=text, published_at=now - timedelta(days=days)
        )
    results = search("möwe", None)
    assert (results.total, results.more, results.pages) == (3, True, 1)
    # Ranked among the three newest: the title match first, then by date.
    assert titles(results) == ["Möwe", "Notiz", "Nachtrag"]
    # An older match is found by a more specific search.
    assert titles(search("möwe leuchtturm", None)) == ["Möwe am Leuchtturm"]


@pytest.mark.parametrize("window", [1, 10])
def test_the_newest_matches_are_found_behind_newer_entries(blog, owner, monkeypatch, window):
    cap_results(monkeypatch, 2, window)
    now = timezone.now()
    for days, title in [(0, "Möwe heute"), (1, "a"), (2, "b"), (3, "c"), (4, "d")]:
        StoryFactory(blog=blog, author=owner, title=title, published_at=now - timedelta(days=days))
    for days, title in [(5, "Möwe gestern"), (6, "Möwe vorgestern")]:
        StoryFactory(blog=blog, author=owner, title=title, published_at=now - timedelta(days=days))
    results = search("möwe", None)
    assert (results.total, results.more) == (2, True)
    assert titles(results) == ["Möwe heute", "Möwe gestern"]


def test_reindex_rebuilds_the_index(blog, owner):
    StoryFactory(blog=blog, author=owner, title="Wiederkehr")
    StoryFactory(blog=blog, author=owner, title="Wiederkehr Entwurf", status=Story.Status.DRAFT)
    Entry.objects.all().delete()
    assert search("wiederkehr", None).hits == []
    call_command("reindex", verbosity=0)
    assert titles(search("wiederkehr", None)) == ["Wiederkehr"]
    call_command("reindex", "--blog", blog.name, verbosity=0)
    assert titles(search("wiederkehr", None)) == ["Wiederkehr"]
    assert Entry.objects.count() == 1
