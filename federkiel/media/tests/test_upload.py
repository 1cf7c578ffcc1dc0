"""Uploading: every image type, metadata removal, versions, limits, and content checks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags

from federkiel.media import images
from federkiel.media.models import MediaFile, MediaQuota
from federkiel.media.versions import build_versions

from . import pictures
from .uploads import only_media, post_file, stored_files

TYPES = [
    ("photo.jpg", pictures.jpeg, "image/jpeg", "jpg"),
    ("diagram.png", pictures.png, "image/png", "png"),
    ("anim.gif", pictures.animated_gif, "image/gif", "gif"),
    ("still.gif", pictures.still_gif, "image/gif", "gif"),
    ("modern.webp", pictures.webp, "image/webp", "webp"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "content_type", "extension"), TYPES)
def test_each_image_type_is_stored_with_versions_and_served_inline(
    client, owner, committed, media_root, name, make, content_type, extension
):
    client.force_login(owner)
    with committed():
        response = post_file(client, name, make(), alt="A test picture")
    assert response.status_code == 302
    media = only_media()
    assert media.kind == MediaFile.Kind.IMAGE
    assert media.content_type == content_type
    assert media.stored_name == f"original.{extension}"
    assert media.alt_text == "A test picture"
    assert media.uploaded_by == owner
    # The task made the thumbnail.
    assert "thumb" in media.versions
    folder = media_root / str(media.blog_id) / media.key
    assert (folder / media.versions["thumb"]["file"]).is_file()
    assert media.derived_size > 0
    response = client.get(f"/kiel/media/files/{media.key}/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    thumb = client.get(f"/kiel/media/files/{media.key}/thumb/{name}")
    assert thumb.status_code == 200
    assert thumb["Content-Type"].startswith("image/")


@pytest.mark.django_db
def test_jpeg_is_turned_upright_and_loses_location_and_all_exif(
    client, owner, committed, media_root
):
    upload = pictures.jpeg(size=(400, 200), orientation=6)
    assert pictures.open_bytes(upload).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    client.force_login(owner)
    with committed():
        post_file(client, "holiday.jpg", upload)
    media = only_media()
    folder = media_root / str(media.blog_id) / media.key
    # Orientation 6 means "turn 90° clockwise to view": 400 x 200 becomes 200 x 400.
    assert (media.width, media.height) == (200, 400)
    for file in folder.iterdir():
        data = file.read_bytes()
        assert b"Exif" not in data, file.name
        assert b"Federkiel Test Camera" not in data
        assert b"secret" not in data
        image = pictures.open_bytes(data)
        assert not image.getexif(), file.name
        assert image.height > image.width
        # The blue left half of the sensor image is now on top.
        top, bottom = (
            image.convert("RGB").getpixel((image.width // 2, 2)),
            image.convert("RGB").getpixel((image.width // 2, image.height - 3)),
        )
        assert top[2] > 200 and top[0] < 60, (file.name, top)
        assert bottom[0] > 200 and bottom[2] < 60, (file.name, bottom)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make"), [("a.png", pictures.png), ("b.webp", pictures.webp)])
def test_png_and_webp_lose_exif_xmp_and_text(client, owner, committed, media_root, name, make):
    client.force_login(owner)
    with committed():
        post_file(client, name, make())
    media = only_media()
    folder = media_root / str(media.blog_id) / media.key
    for file in folder.iterdir():
        data = file.read_bytes()
        for marker in (b"Exif", b"EXIF", b"eXIf", b"XMP ", b"xmpmeta", b"Kiel", b"Location"):
            assert marker not in data, (file.name, marker)
        image = pictures.open_bytes(data)
        image.load()
        assert not image.getexif()
    assert (media.width, media.height) == (300, 200)


@pytest.mark.django_db
def test_animated_gif_keeps_its_original_and_thumbnails_the_first_frame(
    client, owner, committed, media_root
):
    upload = pictures.animated_gif()
    client.force_login(owner)
    with committed():
        post_file(client, "dance.gif", upload)
    media = only_media()
    assert media.animated
    folder = media_root / str(media.blog_id) / media.key
    assert (folder / "original.gif").read_bytes() == upload
    assert set(media.versions) == {"thumb"}
    thumb = pictures.open_bytes((folder / media.versions["thumb"]["file"]).read_bytes())
    assert thumb.convert("RGB").getpixel((5, 5)) == pictures.BLUE
    # The story shows the animation itself.
    response = client.get(f"/kiel/media/files/{media.key}/1600/dance.gif")
    assert b"".join(response.streaming_content) == upload


@pytest.mark.django_db
def test_large_images_get_1600_and_800_versions(client, owner, committed):
    client.force_login(owner)
    with committed():
        post_file(client, "wide.jpg", pictures.jpeg(size=(2400, 1200), gps=False))
    media = only_media()
    sizes = {label: (v["width"], v["height"]) for label, v in media.versions.items()}
    assert sizes == {"1600": (1600, 800), "800": (800, 400), "thumb": (320, 160)}


@pytest.mark.django_db
def test_the_versions_task_is_safe_to_run_twice_and_after_deletion(
    client, owner, committed, media_root
):
    client.force_login(owner)
    post_file(client, "wide.jpg", pictures.jpeg(size=(2000, 1000)))
    media = only_media()
    assert media.versions == {}
    assert build_versions(media.pk)
    first = stored_files(media_root)
    assert build_versions(media.pk)
    media.refresh_from_db()
    assert stored_files(media_root) == first
    assert set(media.versions) == {"1600", "800", "thumb"}
    MediaFile.objects.all().delete()
    assert not build_versions(media.pk)


@pytest.mark.django_db
def test_a_version_not_made_yet_is_served_as_the_original(client, owner):
    client.force_login(owner)
    post_file(client, "wide.jpg", pictures.jpeg(size=(2000, 1000)))
    media = only_media()
    response = client.get(f"/kiel/media/files/{media.key}/800/wide.jpg")
    assert response.status_code == 200
    image = pictures.open_bytes(b"".join(response.streaming_content))
    assert image.size == (2000, 1000)


@pytest.mark.django_db
def test_the_quota_stops_uploads_that_do_not_fit(client, owner, settings, media_root, blog):
    settings.MEDIA_QUOTA_BYTES = 30_000
    client.force_login(owner)
    assert post_file(client, "one.png", pictures.png(size=(40, 40))).status_code == 302
    response = post_file(client, "big.png", pictures.noise_png((120, 120)))
    assert response.status_code == 400
    assert "passt nicht" in response.content.decode()
    assert MediaFile.objects.count() == 1
    assert len({p.split("/")[1] for p in stored_files(media_root)}) == 1
    # The operator gives this blog more room.
    MediaQuota.objects.create(blog=blog, quota_mb=5)
    assert post_file(client, "big.png", pictures.noise_png((120, 120))).status_code == 302
    assert MediaFile.objects.count() == 2


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_and_not_stored(client, owner, settings, media_root):
    settings.MEDIA_UPLOAD_MAX_BYTES = 10_000
    client.force_login(owner)
    response = post_file(client, "huge.png", pictures.noise_png((100, 100)))
    assert response.status_code == 400
    assert "größer als" in response.content.decode()
    assert not MediaFile.objects.exists()
    assert stored_files(media_root) == []
    response = post_file(client, "huge.png", pictures.noise_png((100, 100)), json=True)
    assert response.status_code == 400
    assert "größer als" in response.json()["errors"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("dimensions", [(100_000, 100_000), (8_000, 7_000)])
def test_a_decompression_bomb_is_refused(client, owner, media_root, dimensions):
    client.force_login(owner)
    response = post_file(client, "bomb.png", pictures.png_declaring(*dimensions))
    assert response.status_code == 400
    assert "zu viele Pixel" in response.content.decode()
    assert not MediaFile.objects.exists()
    assert stored_files(media_root) == []


def test_pillow_limits_are_set_explicitly():
    import warnings

    from PIL import Image

    assert Image.MAX_IMAGE_PIXELS == images.MAX_IMAGE_PIXELS
    with pytest.raises(Image.DecompressionBombWarning), warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        Image._decompression_bomb_check((8_000, 7_000))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.jpg", b"Dear diary, this is plain text and no JPEG at all.\n"),
        ("page.png", b"<html><script>alert(1)</script></html>"),
        ("cut.jpg", pictures.jpeg()[:300]),
    ],
)
def test_a_file_named_like_an_image_must_be_one(client, owner, media_root, name, data):
    client.force_login(owner)
    response = post_file(client, name, data, content_type="image/jpeg")
    assert response.status_code == 400
    assert "ist kein Bild, das wir lesen können" in response.content.decode()
    assert not MediaFile.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_the_error_is_in_the_users_language(client, owner):
    client.force_login(owner)
    upload = SimpleUploadedFile("notes.jpg", b"plain text")
    response = client.post(
        "/kiel/media/upload/", {"file": upload}, headers={"Accept-Language": "en"}
    )
    assert "“notes.jpg” is not an image we can read" in response.content.decode()


@pytest.mark.django_db
def test_the_type_comes_from_the_content_not_the_name(client, owner):
    client.force_login(owner)
    post_file(client, "scan.txt", pictures.png(), content_type="text/plain")
    media = only_media()
    assert media.kind == MediaFile.Kind.IMAGE
    assert media.name == "scan.png"
    assert media.content_type == "image/png"


@pytest.mark.django_db
def test_other_files_are_kept_as_downloads(client, owner, media_root):
    client.force_login(owner)
    post_file(client, "Programm 2024.pdf", b"%PDF-1.4 a small pdf", content_type="image/png")
    media = only_media()
    assert media.kind == MediaFile.Kind.FILE
    assert media.content_type == "application/pdf"
    assert media.stored_name == "original.bin"
    response = client.get(f"/kiel/media/files/{media.key}/programm-2024.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "Programm 2024.pdf" in response["Content-Disposition"]


@pytest.mark.django_db
def test_the_editor_gets_json_with_snippets(client, owner, committed):
    client.force_login(owner)
    with committed():
        response = post_file(client, "photo.jpg", pictures.jpeg(), alt="Die [Förde]", json=True)
    assert response.status_code == 201
    data = response.json()
    media = only_media()
    url = f"/kiel/media/files/{media.key}/1600/photo.jpg"
    assert data["markdown"] == f"![Die \\[Förde\\]]({url})"
    assert data["html"] == f'<img src="{url}" alt="Die [Förde]" width="400" height="200">'
