"""Imported stories and their published comments are found by search at once."""

from __future__ import annotations

import pytest

from federkiel.porting.loader import load
from federkiel.porting.tests.core_helpers import ListSource, blog_record, comment, story
from federkiel.search.query import search

pytestmark = pytest.mark.django_db


def test_published_comments_of_an_import_are_searchable_and_held_ones_are_not(outsider):
    owner = outsider
    records = [
        blog_record(),
        story("1", "Segeln", text="<p>Wind über der Förde</p>"),
        comment("c1", "1", text="Ein Leuchtturm bei Nacht"),
        comment("c2", "1", text="Ein Leuchtturm im Nebel", parent_ref="c1"),
        comment("c3", "1", text="Ein Leuchtturm zu verkaufen", state="pending"),
        comment("c4", "1", text="Ein Leuchtturm billig", state="spam"),
    ]
    load(ListSource(records), blog_name="altblog", owner=owner)

    hits = search("Leuchtturm", owner).hits
    texts = sorted(hit.snippet for hit in hits)
    assert len(hits) == 2
    assert any("Nacht" in text for text in texts)
    assert any("Nebel" in text for text in texts)
    assert search("Förde", owner).hits
