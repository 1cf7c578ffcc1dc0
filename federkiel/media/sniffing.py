"""The type of a non-image file, told by its first bytes (never by its name or the browser)."""

from __future__ import annotations

from pathlib import Path

OCTET_STREAM = "application/octet-stream"

# (offset, signature, content type); checked in order.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "application/pdf"),
    (0, b"PK\x03\x04", "application/zip"),
    (0, b"\x1f\x8b", "application/gzip"),
    (0, b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"OggS", "audio/ogg"),
    (0, b"fLaC", "audio/flac"),
    (8, b"WAVE", "audio/wav"),
    (4, b"ftyp", "video/mp4"),
    (0, b"\x1a\x45\xdf\xa3", "video/webm"),
)
# Text that a browser could run or render as a page: always an anonymous download.
_MARKUP = (b"<", b"\xef\xbb\xbf<")


def sniff(path: Path) -> str:
    """A content type for a stored file; unknown and markup (SVG, HTML, XML) are octet-stream."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    for offset, signature, content_type in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return content_type
    if _is_plain_text(head):
        return "text/plain; charset=utf-8"
    return OCTET_STREAM


def _is_plain_text(head: bytes) -> bool:
    if not head or b"\x00" in head or head.lstrip().startswith(_MARKUP):
        return False
    lowered = head.lower()
    if any(tag in lowered for tag in (b"<svg", b"<html", b"<script", b"<?xml", b"<!doctype")):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True
