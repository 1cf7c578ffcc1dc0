"""Query parsing, stemming and highlighting: the same on every database."""

import pytest

from federkiel.search.snippets import SNIPPET_LENGTH, highlight, snippet
from federkiel.search.text import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    Term,
    parse_query,
    plain_text,
    stem,
    stemmed,
)


def test_words_are_all_wanted():
    query = parse_query("  Kieler   Woche ")
    assert query.text == "Kieler Woche"
    assert query.terms == (Term(("kieler",)), Term(("woche",)))


def test_quotes_make_a_phrase_and_minus_excludes():
    query = parse_query('"rote Rosen" -Tulpen garten')
    assert query.wanted == (Term(("rote", "rosen")), Term(("garten",)))
    assert query.unwanted == (Term(("tulpen",), excluded=True),)


@pytest.mark.parametrize(
    "raw",
    ['"', '""', '"unbalanced', "a*", "NEAR(a b)", "a AND OR NOT", "title:x", "(((", "^x",
     "-", "--x", "a - b", "x\x00y", "'; DROP TABLE search_entry; --", "{a}", "a:b:c"],
)  # fmt: skip
def test_any_input_parses_into_plain_words(raw):
    for term in parse_query(raw).terms:
        assert all(word.isalnum() for word in term.words)


def test_query_syntax_words_are_ordinary_words():
    assert parse_query("NEAR AND").terms == (Term(("near",)), Term(("and",)))


def test_only_excluded_words_is_an_empty_query():
    assert parse_query("-spam -eggs").is_empty
    assert parse_query("").is_empty
    assert parse_query('"" * ()').is_empty


def test_long_queries_are_cut_and_flagged():
    query = parse_query("wort " * 2000)
    assert len(query.text) <= MAX_QUERY_LENGTH
    assert query.truncated
    assert len(query.terms) == 1  # repeats collapse
    assert len(parse_query(" ".join(f"w{i}" for i in range(100))).terms) == MAX_TERMS


def test_german_and_english_stems():
    assert stem("häuser", "de") == stem("haus", "de")
    assert stem("fuesse", "de") == stem("füße", "de")
    assert stem("running", "en") == stem("run", "en")
    assert stem("happiness", "en") == stem("happy", "en")
    assert stemmed("Die Häuser", "de") == "die haus"


def test_plain_text_of_html():
    assert plain_text("<p>Fish &amp; <em>chips</em>.</p><p>next<br>line</p>") == (
        "Fish & chips. next line"
    )


def test_highlight_escapes_everything_but_its_marks():
    stems = parse_query("haus").stems("de")
    html = highlight('<script>alert("Haus")</script> Häuser & Höfe', stems, "de")
    assert str(html) == (
        "&lt;script&gt;alert(&#34;<mark>Haus</mark>&#34;)&lt;/script&gt; <mark>Häuser</mark>"
        " &amp; Höfe"
    )


def test_snippet_shows_the_part_with_the_matches():
    text = "Anfang " + "füllwort " * 200 + "Hier steht das Haus am Meer. " + "ende " * 200
    result = str(snippet(text, parse_query("haus meer").stems("de"), "de"))
    assert result.startswith("…") and result.endswith("…")
    assert "<mark>Haus</mark> am <mark>Meer</mark>" in result
    assert len(result) < SNIPPET_LENGTH + 40


def test_snippet_without_matches_shows_the_beginning():
    assert str(snippet("Kurz und gut.", frozenset({"xyz"}), "de")) == "Kurz und gut."
