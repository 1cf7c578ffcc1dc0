"""Hostile WXR files: XML bombs, external entities, DTDs, broken and foreign files.
Each ends in a PortingError with a clear message; nothing is expanded or fetched."""

from __future__ import annotations

import pytest
from django.utils import translation

from federkiel.porting.canonical import PortingError
from federkiel.porting.tests.wxr_helpers import FIXTURES, comment, item, read, write, wxr
from federkiel.porting.wxr import WxrSource

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
"""
RSS_OPEN = """<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>&lol9;</title><wp:wxr_version>1.2</wp:wxr_version>
"""


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def billion_laughs() -> str:
    entities = ['<!ENTITY lol "lol">']
    for n in range(1, 10):
        previous = "lol" if n == 1 else f"lol{n - 1}"
        entities.append(f'<!ENTITY lol{n} "{("&" + previous + ";") * 10}">')
    doctype = "<!DOCTYPE rss [\n" + "\n".join(entities) + "\n]>\n"
    return HEAD + doctype + RSS_OPEN + "</channel></rss>"


def test_billion_laughs_is_refused_without_expanding(tmp_path):
    path = write(tmp_path, billion_laughs())
    with pytest.raises(PortingError) as raised:
        read(path)
    assert "document type declaration" in raised.value.message
    assert raised.value.item == "export.xml line 2"


def test_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    text = (
        HEAD
        + f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        + RSS_OPEN.replace("&lol9;", "&xxe;")
        + item(1, title="&xxe;", content="&xxe;")
        + "</channel></rss>"
    )
    path = write(tmp_path, text)
    source = WxrSource(path)
    records: list = []
    with pytest.raises(PortingError) as raised:
        records.extend(source.records())
    assert records == []
    assert "TOP-SECRET-CONTENT" not in str(raised.value)
    assert "refused" in raised.value.message


def test_external_entity_without_dtd_is_refused_too(tmp_path):
    # Without a declaration the entity is simply undefined: a parse error, nothing read.
    path = write(tmp_path, wxr(item(1, title="&xxe;")).replace("<![CDATA[&xxe;]]>", "&xxe;"))
    with pytest.raises(PortingError) as raised:
        read(path)
    assert "undefined entity" in raised.value.message


def test_any_dtd_is_refused(tmp_path):
    text = wxr(item(1)).replace("<rss", '<!DOCTYPE rss SYSTEM "http://example.com/rss.dtd">\n<rss')
    with pytest.raises(PortingError, match="document type declaration"):
        read(write(tmp_path, text))


def test_parameter_entities_are_refused(tmp_path):
    text = (
        HEAD
        + '<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>\n'
        + RSS_OPEN
        + "</channel></rss>"
    )
    with pytest.raises(PortingError, match="refused"):
        read(write(tmp_path, text))


def test_malformed_xml_names_the_line(tmp_path):
    text = wxr(item(1, title="Gut") + item(2, title="Kaputt", content="x]]><b>unclosed"))
    lines = text.split("\n")
    broken = next(n for n, line in enumerate(lines, start=1) if "unclosed" in line)
    with pytest.raises(PortingError) as raised:
        read(write(tmp_path, text))
    assert raised.value.item.startswith("export.xml line ")
    line = int(raised.value.item.rsplit(" ", 1)[1])
    assert broken <= line <= broken + 12
    assert "not well-formed XML" in raised.value.message


def test_mismatched_tag_names_the_line(tmp_path):
    text = wxr(item(1)).replace("</wp:post_type>", "</wp:post_typo>")
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if "post_typo" in row)
    with pytest.raises(PortingError) as raised:
        read(write(tmp_path, text))
    assert raised.value.item == f"export.xml line {line}"
    assert "mismatched tag" in raised.value.message


def test_truncated_file(tmp_path):
    data = (FIXTURES / "wordpress-6.x.xml").read_bytes()
    path = write(tmp_path, data[: len(data) * 2 // 3])
    source = WxrSource(path)
    with pytest.raises(PortingError) as raised:
        for _record in source.records():
            pass
    assert "ends too early" in raised.value.message
    assert raised.value.item.startswith("export.xml line ")


def test_truncated_inside_a_multibyte_character(tmp_path):
    text = wxr(item(1, title="Fähre")).encode("utf-8")
    cut = text.index("ä".encode()) + 1
    with pytest.raises(PortingError) as raised:
        read(write(tmp_path, text[:cut]))
    assert "UTF-8" in raised.value.message or "ends too early" in raised.value.message


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        b"PK\x03\x04" + bytes(200),
        b"\x00\x01\x02\x03" * 100,
        b"",
        b"just some text, not XML at all",
    ],
    ids=["png", "zip", "binary", "empty", "text"],
)
def test_non_xml_files_are_refused(tmp_path, data):
    with pytest.raises(PortingError, match="not XML"):
        read(write(tmp_path, data, "upload.xml"))


def test_binary_after_an_xml_start_is_refused(tmp_path):
    data = b"<?xml version='1.0'?>\n<rss>" + bytes(range(128, 256)) * 4
    with pytest.raises(PortingError) as raised:
        read(write(tmp_path, data))
    assert "UTF-8" in raised.value.message
    assert raised.value.item == "export.xml line 2"


def test_deeply_nested_unknown_elements_are_ignored(tmp_path):
    deep = "<a>" * 5000 + "</a>" * 5000
    text = wxr(item(1, comments=comment(2))).replace("<wp:post_id>", deep + "<wp:post_id>")
    records = read(write(tmp_path, text))
    # Unknown elements are ignored; the item still reads.
    assert [s.ref for s in records["StoryRecord"]] == ["1"]
