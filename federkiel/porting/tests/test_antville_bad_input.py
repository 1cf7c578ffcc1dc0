"""Broken and hostile Antville exports: a PortingError naming the file and the entry."""

import pytest

from federkiel.porting.antville import AntvilleSource
from federkiel.porting.canonical import PortingError
from federkiel.porting.tests.portzip_helpers import (
    antville_files,
    antville_rows,
    english_messages,  # noqa: F401
    json_bytes,
    write_antville_zip,
    write_raw_name_zip,
    write_zip,
)

pytestmark = pytest.mark.usefixtures("english_messages")


def failure(path, **kwargs):
    with pytest.raises(PortingError) as caught:
        list(AntvilleSource(path, **kwargs).records())
    return caught.value


def with_change(tmp_path, name, data):
    return write_antville_zip(tmp_path, {name: data})


def test_missing_index(tmp_path):
    error = failure(with_change(tmp_path, "index.json", None))
    assert "not an Antville or twoday site export" in error.message


def test_missing_comments(tmp_path):
    error = failure(with_change(tmp_path, "comments.json", None))
    assert error.item == "comments.json" and "lacks" in error.message


def test_invalid_json(tmp_path):
    data = (antville_files()["stories.json"]).replace(b'"status": "public"', b'"status": public')
    error = failure(with_change(tmp_path, "stories.json", data))
    assert error.item == "stories.json entry 3"
    assert "not valid JSON" in error.message


def test_invalid_utf8(tmp_path):
    data = antville_files()["comments.json"].replace("Köln".encode(), b"K\xf6ln")
    error = failure(with_change(tmp_path, "comments.json", data))
    assert error.item.startswith("comments.json")
    assert "UTF-8" in error.message


def test_invalid_utf8_in_index(tmp_path):
    data = antville_files()["index.json"].replace("Förde".encode(), b"F\xf6rde")
    assert "UTF-8" in failure(with_change(tmp_path, "index.json", data)).message


def test_wrong_type_of_metadata(tmp_path):
    stories = antville_rows("stories.json")
    stories[1]["metadata"] = ["Regatta"]
    error = failure(with_change(tmp_path, "stories.json", json_bytes(stories)))
    assert error.item == "stories.json entry 2"
    assert "metadata" in error.message


def test_wrong_type_of_id(tmp_path):
    comments = antville_rows("comments.json")
    comments[0]["id"] = {"nested": 1}
    error = failure(with_change(tmp_path, "comments.json", json_bytes(comments)))
    assert error.item == "comments.json entry 1" and "id" in error.message


def test_entry_that_is_not_an_object(tmp_path):
    error = failure(with_change(tmp_path, "members.json", b'["J\xc3\xb6rg"]'))
    assert error.item == "members.json entry 1"


def test_missing_date(tmp_path):
    stories = antville_rows("stories.json")
    del stories[0]["created"]
    error = failure(with_change(tmp_path, "stories.json", json_bytes(stories)))
    assert error.item == "stories.json entry 1"
    assert "created" in error.message and "missing" in error.message


def test_unreadable_date(tmp_path):
    comments = antville_rows("comments.json")
    comments[1]["created"] = "gestern"
    error = failure(with_change(tmp_path, "comments.json", json_bytes(comments)))
    assert error.item == "comments.json entry 2" and "created" in error.message


def test_unknown_story_status(tmp_path):
    stories = antville_rows("stories.json")
    stories[0]["status"] = "secret"
    error = failure(with_change(tmp_path, "stories.json", json_bytes(stories)))
    assert "secret" in error.message


def test_unknown_role(tmp_path):
    members = antville_rows("members.json")
    members[2]["role"] = "Kaiser"
    error = failure(with_change(tmp_path, "members.json", json_bytes(members)))
    assert error.item == "members.json entry 3" and "Kaiser" in error.message


def test_duplicate_story_ids(tmp_path):
    stories = antville_rows("stories.json")
    stories[1]["id"] = stories[0]["id"]
    error = failure(with_change(tmp_path, "stories.json", json_bytes(stories)))
    assert error.item == "stories.json entry 2" and "twice" in error.message


def test_duplicate_comment_ids(tmp_path):
    comments = antville_rows("comments.json")
    comments[3]["id"] = comments[1]["id"]
    error = failure(with_change(tmp_path, "comments.json", json_bytes(comments)))
    assert error.item == "comments.json entry 4"


def test_duplicate_member(tmp_path):
    members = antville_rows("members.json")
    members.append(dict(members[0], id=99))
    error = failure(with_change(tmp_path, "members.json", json_bytes(members)))
    assert error.item == "members.json entry 4" and "twice" in error.message


def test_reply_whose_parent_is_missing(tmp_path):
    comments = antville_rows("comments.json")
    comments[2]["parent_id"] = 1234
    error = failure(with_change(tmp_path, "comments.json", json_bytes(comments)))
    assert error.item == "comments.json entry 3"
    assert "1234" in error.message


def test_replies_in_a_loop(tmp_path):
    comments = antville_rows("comments.json")
    comments[0].update(parent_id=6002)
    comments[2].update(parent_id=6004)
    error = failure(with_change(tmp_path, "comments.json", json_bytes(comments)))
    assert "loop" in error.message


def test_comment_on_a_missing_story(tmp_path):
    comments = antville_rows("comments.json")
    comments[1]["story_id"] = 777
    error = failure(with_change(tmp_path, "comments.json", json_bytes(comments)))
    assert error.item == "comments.json entry 2" and "777" in error.message


def test_broken_export_xml(tmp_path):
    error = failure(with_change(tmp_path, "export.xml", b"<feed><entry></feed>"))
    assert error.item.startswith("export.xml line 1")


def test_export_xml_with_entities_is_refused(tmp_path):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><feed>&b;</feed>'
    )
    error = failure(with_change(tmp_path, "export.xml", bomb))
    assert error.item == "export.xml" and "not allowed" in error.message


def test_traversal_inside_the_export(tmp_path):
    path = write_raw_name_zip(tmp_path / "evil.zip", "../evil.txt")
    assert failure(path).item == "../evil.txt"


def test_not_a_zip(tmp_path):
    path = tmp_path / "antville-site-x.zip"
    path.write_bytes(b"PK\x03\x04 but not really")
    assert "not a zip archive" in failure(path).message


def test_a_zip_without_the_files(tmp_path):
    path = write_zip(tmp_path / "x.zip", {"readme.txt": b"hallo"})
    assert "index.json is missing" in failure(path).message


def test_unknown_time_zone(tmp_path):
    error = failure(write_antville_zip(tmp_path), time_zone="Mars/Olympus")
    assert "Mars/Olympus" in error.message


def test_messages_in_german(tmp_path):
    from django.utils import translation

    stories = antville_rows("stories.json")
    del stories[0]["created"]
    with translation.override("de"):
        error = failure(with_change(tmp_path, "stories.json", json_bytes(stories)))
    assert error.item == "stories.json Eintrag 1"
    assert error.message == "Feld „created“: es fehlt."
