"""The JSON files of an Antville export are read entry by entry, never as a whole."""

import io
import json
from typing import IO, cast

import pytest

from federkiel.porting import jsonrows
from federkiel.porting.canonical import PortingError
from federkiel.porting.jsonrows import json_array_items
from federkiel.porting.tests.portzip_helpers import english_messages  # noqa: F401

pytestmark = pytest.mark.usefixtures("english_messages")


class Tracking(io.RawIOBase):
    def __init__(self, data):
        self.data = io.BytesIO(data)
        self.read_so_far = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self.data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.read_so_far += len(chunk)
        return len(chunk)


def test_the_first_entry_comes_before_the_file_is_read(monkeypatch):
    monkeypatch.setattr(jsonrows, "READ_SIZE", 1024)
    rows = [{"id": n, "metadata": {"text": "Möwe " * 50}} for n in range(2000)]
    data = ("[" + ",".join(json.dumps(r) for r in rows) + "]").encode()
    raw = Tracking(data)
    entries = json_array_items(cast(IO[bytes], raw), "stories.json")
    item, first = next(entries)
    assert item == "stories.json entry 1" and first["id"] == 0
    assert raw.read_so_far < len(data) / 100
    assert [value["id"] for _, value in entries] == list(range(1, 2000))


def test_entries_split_across_reads(monkeypatch):
    monkeypatch.setattr(jsonrows, "READ_SIZE", 3)
    data = '[{"a": 1, "b": "Möwe"}, 12345, [1, 2], "x" ]'.encode()
    assert [v for _, v in json_array_items(io.BytesIO(data), "f.json")] == [
        {"a": 1, "b": "Möwe"}, 12345, [1, 2], "x",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "item", "words"),
    [
        (b"[1,2", "f.json", "ends in the middle"),
        (b"{}", "f.json", "JSON list"),
        (b"[1 2]", "f.json entry 2", "comma"),
        (b"[1,2] x", "f.json", "more after"),
        (b'["\xff"]', "f.json entry 1", "UTF-8"),
        (b"[1,]", "f.json entry 2", "not valid JSON"),
        (b"", "f.json", "JSON list"),
    ],
)
def test_broken_lists(data, item, words):
    with pytest.raises(PortingError) as caught:
        list(json_array_items(io.BytesIO(data), "f.json"))
    assert caught.value.item == item
    assert words in caught.value.message


def test_an_entry_too_large(monkeypatch):
    monkeypatch.setattr(jsonrows, "MAX_LINE", 100)
    data = b'[{"text": "' + b"x" * 1000 + b'"}]'
    with pytest.raises(PortingError) as caught:
        list(json_array_items(io.BytesIO(data), "f.json"))
    assert "too large" in caught.value.message
