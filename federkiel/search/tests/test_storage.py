"""What each database keeps for search: an indexed tsvector on PostgreSQL, FTS5 on SQLite,
both stemmed in the blog's language."""

import pytest
from django.db import connection

from federkiel.blogs.models import Blog
from federkiel.factories import BlogFactory, StoryFactory
from federkiel.search.backends import FTS_TABLE
from federkiel.search.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(blog, owner):
    """The same words in a German and an English blog: "Häuser" stems only in German,
    "running" only in English."""
    english = Blog.objects.get(pk=BlogFactory(language="en").pk)
    text = "Die Häuser, running."
    german_story = StoryFactory(blog=blog, author=owner, title="Häuser", text=text)
    english_story = StoryFactory(blog=english, title="Häuser", text=text)
    return {
        language: Entry.objects.get(kind=Entry.Kind.STORY, object_id=story.pk)
        for language, story in (("de", german_story), ("en", english_story))
    }


def _one(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's tsvector")
def test_postgresql_vector_has_a_gin_index_and_the_blogs_language(entries):
    (definition,) = _one(
        "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = %s",
        ["search_entry", "search_entry_vector"],
    )
    assert "USING gin (search_vector)" in definition
    vectors = {
        language: _one("SELECT search_vector::text FROM search_entry WHERE id = %s", [entry.pk])[0]
        for language, entry in entries.items()
    }
    # Title weighted A, body B; the stop word "die" is kept (see migration 0004).
    assert vectors["de"] == "'die':2B 'haus':1A,3B 'running':4B"
    assert vectors["en"] == "'die':2B 'häuser':1A,3B 'run':4B"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_sqlite_fts5_table_holds_text_stemmed_in_the_blogs_language(entries):
    (definition,) = _one("SELECT sql FROM sqlite_master WHERE name = %s", [FTS_TABLE])
    assert "USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')" in definition
    rows = {
        language: _one(f"SELECT title, body FROM {FTS_TABLE} WHERE rowid = %s", [entry.pk])
        for language, entry in entries.items()
    }
    assert rows["de"] == ("haus", "die haus running")
    assert rows["en"] == ("häuser", "die häuser run")
