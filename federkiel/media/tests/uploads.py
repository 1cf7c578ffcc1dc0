"""Posting files to the upload view, as the story editor and the library do."""

from django.core.files.uploadedfile import SimpleUploadedFile

from federkiel.media.models import MediaFile


def post_file(client, name, data, *, alt="", blog="kiel", json=False, content_type="image/png"):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    headers = {"Accept": "application/json"} if json else {}
    return client.post(f"/{blog}/media/upload/", {"file": upload, "alt_text": alt}, headers=headers)


def only_media():
    media = MediaFile.objects.get()
    return media


def stored_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
