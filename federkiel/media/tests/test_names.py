"""Uploaded names never become paths: cleaned for display, random on disk."""

import pytest

from federkiel.media import names

from .uploads import only_media, post_file, stored_files


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("/var/lib/federkiel/secret_key", "secret_key"),
        (".htaccess", "htaccess"),
        ("..", "file"),
        ("", "file"),
        ("a\x00b\r\nc.txt", "abc.txt"),
        ("Straße am Meer.JPG", "Straße am Meer.jpg"),
        ("<b>bold</b>.png", "b.png"),
        ("<img onerror=x>.png", "img onerror_x.png"),
        ("photo.php.jpg", "photo.php.jpg"),
        ("x" * 300 + ".png", "x" * 88 + ".png"),
    ],
)
def test_clean_name(raw, clean):
    assert names.clean_name(raw) == clean


def test_url_name_is_ascii():
    assert names.url_name("Straße am Meer.jpg") == "strasse-am-meer.jpg"
    assert names.url_name("日本.png") == "file.png"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["../../../../tmp/evil.txt", "..\\..\\evil.txt", "/etc/cron.d/evil", "....//evil.txt"]
)
def test_traversal_names_are_stored_inside_the_blogs_folder(
    client, owner, media_root, tmp_path, name
):
    client.force_login(owner)
    response = post_file(client, name, b"harmless text", content_type="text/plain")
    assert response.status_code == 302
    media = only_media()
    assert "/" not in media.name and "\\" not in media.name and ".." not in media.name
    assert stored_files(media_root) == [f"{media.blog_id}/{media.key}/original.bin"]
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and media_root not in p.parents]
    assert outside == []
