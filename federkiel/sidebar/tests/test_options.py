import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from federkiel.sidebar.kinds import Kind
from federkiel.sidebar.options import check_settings, default_settings, options_form

ATTACKS = (
    "<script>alert(1)</script><p onclick='alert(2)'>hi</p>"
    '<a href="javascript:alert(3)">x</a><img src=x onerror="alert(4)">'
    '<iframe src="https://evil.example/"></iframe>'
    '<p style="background:url(javascript:alert(5))">s</p>'
)


def _form(kind, data, rich=False):
    return options_form(kind, {f"settings-{k}": v for k, v in data.items()}, rich=rich)


@pytest.mark.parametrize("rich", [False, True])
def test_text_box_never_keeps_scripts_handlers_or_javascript_urls(rich):
    form = _form(Kind.TEXT, {"text": ATTACKS}, rich=rich)
    assert form.is_valid(), form.errors
    html = form.to_settings()["text"].lower()
    for bad in ("<script", "onclick", "onerror", "javascript:", "<iframe", "url("):
        assert bad not in html
    assert "hi" in html


def test_owners_get_the_richer_allow_list():
    text = (
        '<p style="color: red; text-align: center">Rot</p>'
        '<img src="https://example.org/a.png" alt="A">'
    )
    basic = _form(Kind.TEXT, {"text": text}, rich=False)
    rich = _form(Kind.TEXT, {"text": text}, rich=True)
    assert basic.is_valid() and rich.is_valid()
    assert "<img" not in basic.to_settings()["text"]
    assert "style" not in basic.to_settings()["text"]
    assert '<img src="https://example.org/a.png" alt="A">' in rich.to_settings()["text"]
    assert "color:red" in rich.to_settings()["text"].replace(" ", "")


def test_plain_text_keeps_its_lines():
    form = _form(Kind.TEXT, {"text": "CDs im Auto:\nKraftwerk & Can\n\nCarpe Diem"})
    assert form.is_valid()
    assert form.to_settings()["text"] == (
        "<p>CDs im Auto:<br>Kraftwerk &amp; Can</p>\n\n<p>Carpe Diem</p>"
    )


def test_a_text_of_nothing_but_script_is_refused_in_german():
    with translation.override("de"):
        form = _form(Kind.TEXT, {"text": "<script>alert(1)</script>"})
        assert not form.is_valid()
        assert "Von diesem Text bliebe nichts übrig" in str(form.errors["text"])


def test_link_list_takes_titles_and_addresses_line_by_line():
    form = _form(
        Kind.LINKS,
        {"links": "Kieler Nachrichten https://www.kn-online.de/\n\nhttps://antville.org/"},
    )
    assert form.is_valid(), form.errors
    assert form.to_settings() == {
        "links": [
            {"title": "Kieler Nachrichten", "url": "https://www.kn-online.de/"},
            {"title": "antville.org", "url": "https://antville.org/"},
        ]
    }


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "ftp://example.org/", "data:text/html,x", "www.example.org"]
)
def test_link_list_accepts_only_http_and_https(bad):
    with translation.override("de"):
        form = _form(Kind.LINKS, {"links": f"Gut https://example.org/\nBöse {bad}"})
        assert not form.is_valid()
        assert f"Zeile 2: „{bad}“ ist keine Webadresse" in str(form.errors["links"])


def test_link_list_has_a_limit():
    lines = "\n".join(f"L{i} https://example.org/{i}" for i in range(51))
    assert not _form(Kind.LINKS, {"links": lines}).is_valid()


@pytest.mark.parametrize(("count", "valid"), [(0, False), (1, True), (20, True), (21, False)])
def test_recent_count_is_bounded(count, valid):
    assert _form(Kind.RECENT, {"count": count}).is_valid() is valid


def test_contact_needs_an_address():
    assert not _form(Kind.CONTACT, {"address": "nope", "show_as": "text"}).is_valid()
    assert not _form(Kind.CONTACT, {"address": "a@example.org", "show_as": "fax"}).is_valid()
    form = _form(Kind.CONTACT, {"address": "a@example.org", "show_as": "link"})
    assert form.is_valid()


def test_check_settings_validates_stored_json():
    assert check_settings(Kind.RECENT, {"count": 3}) == {"count": 3}
    assert check_settings(Kind.BLOG_STATUS, {"junk": 1}) == {}
    with pytest.raises(ValidationError):
        check_settings(Kind.RECENT, {"count": 500})
    with pytest.raises(ValidationError):
        check_settings(Kind.LINKS, {"links": [{"title": "x", "url": "javascript:alert(1)"}]})


def test_defaults_of_each_kind_are_valid_where_a_kind_needs_no_input():
    for kind in (Kind.RECENT, Kind.USER_STATUS, Kind.BLOG_STATUS, Kind.COUNTER):
        assert check_settings(kind, default_settings(kind)) == default_settings(kind)
