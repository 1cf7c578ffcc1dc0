"""File names: what the uploader called a file, made harmless for display, URLs and downloads."""

from __future__ import annotations

import re
import unicodedata

from django.utils.text import slugify

MAX_NAME = 100
# Extensions that promise an image; a file named so must be one.
IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "jpe", "jfif", "png", "apng", "gif", "webp"})
_UNSAFE = re.compile(r"[^\w.\- ()+,]")
_EXTENSION = re.compile(r"^[a-z0-9]{1,10}$")


def clean_name(raw: str) -> str:
    """The last path part of an uploaded name, without control characters or leading dots.

    Never used as a path on disk (files are stored under random names); shown to people
    and offered as the download name.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" ._")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    extension = extension.lower() if _EXTENSION.match(extension.lower()) else ""
    stem = stem.strip(" ._")[: MAX_NAME - 12] or "file"
    return f"{stem}.{extension}" if extension else stem


def extension_of(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def claims_image(name: str) -> bool:
    return extension_of(name) in IMAGE_EXTENSIONS


def with_extension(name: str, extension: str) -> str:
    """`name` ending in `extension` (the type found in the content, not the one claimed)."""
    stem = name[: -len(extension_of(name)) - 1] if extension_of(name) else name
    return f"{stem}.{extension}"


def url_name(name: str) -> str:
    """An ASCII version for the file's address: `Straße am Meer.JPG` → `strasse-am-meer.jpg`."""
    extension = extension_of(name)
    stem = name[: -len(extension) - 1] if extension else name
    ascii_stem = slugify(unicodedata.normalize("NFKD", stem).replace("ß", "ss"))[:60].strip("-")
    ascii_stem = ascii_stem or "file"
    return f"{ascii_stem}.{extension}" if extension else ascii_stem
