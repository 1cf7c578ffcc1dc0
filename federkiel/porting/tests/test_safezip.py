import zipfile

import pytest
from django.utils import translation

from federkiel.porting.canonical import PortingError
from federkiel.porting.safezip import Limits, SafeZip
from federkiel.porting.tests.portzip_helpers import (
    english_messages,  # noqa: F401
    write_duplicate_zip,
    write_lying_size_zip,
    write_raw_name_zip,
    write_symlink_zip,
    write_zip,
)

pytestmark = pytest.mark.usefixtures("english_messages")

MiB = 1024 * 1024


def refused(path, limits=None):
    with pytest.raises(PortingError) as caught:
        SafeZip(path, limits or Limits()).close()
    return caught.value


def test_reads_members_of_a_good_archive(tmp_path):
    path = write_zip(tmp_path / "ok.zip", {"a.json": b"[1]", "media/k1/Bild ä.png": b"\x89PNG"})
    with SafeZip(path) as archive:
        assert archive.names() == ["a.json", "media/k1/Bild ä.png"]
        assert archive.read("a.json") == b"[1]"
        with archive.open("media/k1/Bild ä.png") as reader:
            assert reader.read() == b"\x89PNG"
        assert archive.bytes_read == 7


def test_folders_are_not_members(tmp_path):
    path = tmp_path / "dirs.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("static/"), b"")
        archive.writestr("static/a.txt", b"a")
    with SafeZip(path) as archive:
        assert archive.names() == ["static/a.txt"]


@pytest.mark.parametrize(
    "name",
    ["../etc/pwd", "a/../../bad", "/etc/passwd", "C:/windows", "a\\b\\c.txt"],
)
def test_refuses_names_outside_the_archive(tmp_path, name):
    path = write_zip(tmp_path / "evil.zip", {"fine.txt": b"1", name: b"x"})
    # zipfile cleans some names when writing; write those byte for byte.
    if name not in zipfile.ZipFile(path).namelist():
        path = write_raw_name_zip(tmp_path / "raw.zip", name.ljust(11, "x")[:11])
        name = name.ljust(11, "x")[:11]
    error = refused(path)
    assert error.item == name


def test_refuses_backslash_names_byte_for_byte(tmp_path):
    path = write_raw_name_zip(tmp_path / "raw.zip", "..\\evil.txt")
    error = refused(path)
    assert error.item == "..\\evil.txt"
    assert "backslash" in error.message


def test_refuses_dot_dot_byte_for_byte(tmp_path):
    path = write_raw_name_zip(tmp_path / "raw.zip", "../evil.txt")
    error = refused(path)
    assert error.item == "../evil.txt"
    assert "outside the archive" in error.message


def test_refuses_absolute_byte_for_byte(tmp_path):
    path = write_raw_name_zip(tmp_path / "raw.zip", "/etc/passwd")
    assert refused(path).item == "/etc/passwd"


def test_refuses_symlinks(tmp_path):
    error = refused(write_symlink_zip(tmp_path / "link.zip", "static/link", "/etc/passwd"))
    assert error.item == "static/link"
    assert "symbolic link" in error.message


def test_refuses_duplicate_names(tmp_path):
    with pytest.warns(UserWarning, match="Duplicate name"):
        path = write_duplicate_zip(tmp_path / "dup.zip", "stories.jsonl")
    error = refused(path)
    assert error.item == "stories.jsonl"
    assert "more than once" in error.message


def test_refuses_too_many_members(tmp_path):
    path = write_zip(tmp_path / "many.zip", {f"f{i}.txt": b"" for i in range(6)})
    error = refused(path, Limits(max_members=5))
    assert "at most 5" in error.message
    assert error.item == "many.zip"


def test_refuses_a_member_too_large_by_its_header(tmp_path):
    path = write_zip(tmp_path / "big.zip", {"media/k/big.bin": b"\0" * (3 * MiB)})
    error = refused(path, Limits(max_member_size=2 * MiB, max_ratio=10_000))
    assert error.item == "media/k/big.bin"
    assert "MB" in error.message


def test_refuses_too_much_in_total(tmp_path):
    path = write_zip(tmp_path / "total.zip", {"a": b"1" * 600, "b": b"2" * 600})
    error = refused(path, Limits(max_total_size=1000))
    assert "larger than" in error.message


def test_refuses_a_zip_bomb_by_its_ratio(tmp_path):
    path = write_zip(tmp_path / "bomb.zip", {"stories.jsonl": b"\0" * (4 * MiB)})
    error = refused(path)
    assert error.item == "stories.jsonl"
    assert "zip bomb" in error.message


def test_small_members_may_compress_well(tmp_path):
    path = write_zip(tmp_path / "blanks.zip", {"blog.json": b" " * 100_000})
    with SafeZip(path) as archive:
        assert len(archive.read("blog.json")) == 100_000


def test_a_member_that_lies_about_its_size_stops_while_reading(tmp_path):
    path = write_lying_size_zip(tmp_path / "liar.zip", "comments.jsonl", b"a" * (5 * MiB), 100)
    archive = SafeZip(path)  # the directory looks harmless
    with pytest.raises(PortingError) as caught:
        archive.read("comments.jsonl")
    assert caught.value.item == "comments.jsonl"
    assert archive.bytes_read <= 100
    archive.close()


def test_the_reader_counts_real_bytes_against_the_limit(tmp_path):
    path = write_zip(tmp_path / "ok.zip", {"a.bin": b"x" * 5000})
    archive = SafeZip(path)
    reader = archive.open_raw("a.bin")
    reader._allowed = 1000  # as if the header had claimed 1000 bytes
    with pytest.raises(PortingError) as caught:
        reader.readall()
    assert caught.value.item == "a.bin"
    assert "more bytes than the archive declares" in caught.value.message
    archive.close()


def test_not_a_zip(tmp_path):
    path = tmp_path / "export.zip"
    path.write_text("<rss>not a zip</rss>")
    error = refused(path)
    assert error.item == "export.zip"
    assert "not a zip archive" in error.message


def test_truncated_zip(tmp_path):
    path = write_zip(tmp_path / "whole.zip", {"a.json": b"[1, 2, 3]" * 1000})
    cut = tmp_path / "cut.zip"
    cut.write_bytes(path.read_bytes()[:-30])
    assert "incomplete" in refused(cut).message


def test_damaged_member_data(tmp_path):
    path = write_zip(tmp_path / "whole.zip", {"a.json": b"[1, 2, 3]" * 1000})
    data = bytearray(path.read_bytes())
    data[60:70] = b"\xff" * 10  # inside the compressed data of the only member
    path.write_bytes(bytes(data))
    archive = SafeZip(path)
    with pytest.raises(PortingError) as caught:
        archive.read("a.json")
    assert caught.value.item == "a.json"
    archive.close()


def test_missing_member_is_named(tmp_path):
    archive = SafeZip(write_zip(tmp_path / "ok.zip", {"a": b""}))
    with pytest.raises(PortingError) as caught:
        archive.read("manifest.json")
    archive.close()
    assert caught.value.item == "manifest.json"


def test_messages_are_translated(tmp_path):
    path = tmp_path / "x.zip"
    path.write_bytes(b"nope")
    with translation.override("de"):
        error = refused(path)
    assert "kein Zip-Archiv" in error.message
