"""Sending stored files: by Django (FileResponse), or handed to nginx or Apache.

Only JPEG, PNG, GIF and WebP are shown inline; everything else (SVG, HTML, XML, PDF,
unknown) is a download. Every response forbids type sniffing and, through a sandboxing
Content-Security-Policy, running anything even if a browser did render it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header, http_date
from django.views.static import was_modified_since

from federkiel.media import names, storage
from federkiel.media.models import MediaFile

INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
VERSION_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
VERSION_LABELS = ("1600", "800", "thumb")


def stored_file(media: MediaFile, label: str | None) -> tuple[Path, str, str]:
    """Path, content type and download name of the original or a version.

    A version not (yet) made, or not needed because the original is small, is the original.
    """
    folder = storage.upload_folder(media.blog_id, media.key)
    version = media.version(label) if label else None
    if version is not None:
        file = str(version["file"])
        extension = names.extension_of(file)
        return folder / file, VERSION_TYPES[extension], names.with_extension(media.name, extension)
    return folder / media.stored_name, media.content_type, media.name


def file_response(
    request: HttpRequest, media: MediaFile, label: str | None, *, public: bool
) -> HttpResponseBase:
    path, content_type, download_name = stored_file(media, label)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    inline = content_type in INLINE_TYPES
    response: HttpResponseBase
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), int(stat.st_mtime)):
        response = HttpResponseNotModified()
    elif settings.MEDIA_ACCEL == "nginx":
        response = HttpResponse(content_type=content_type)
        location = settings.MEDIA_ACCEL_LOCATION + storage.relative(path)
        response["X-Accel-Redirect"] = quote(location)
    elif settings.MEDIA_ACCEL == "sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = str(path)
        # mod_xsendfile keeps this; without it, it makes one ETag ("0") for every
        # proxied file, so a version made later would be answered 304.
        response["ETag"] = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
        response["Content-Length"] = str(stat.st_size)
    if not isinstance(response, HttpResponseNotModified):
        disposition = content_disposition_header(not inline, download_name)
        if disposition:
            response["Content-Disposition"] = disposition
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["Cross-Origin-Resource-Policy"] = "cross-origin" if public else "same-site"
    response["Cache-Control"] = "public, max-age=86400" if public else "private, max-age=3600"
    return response
