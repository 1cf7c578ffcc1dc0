"""Image handling with Pillow: recognise, clean the original, make smaller versions.

Only JPEG, PNG, GIF and WebP are opened (Pillow's other decoders are never tried).
Every stored image is free of EXIF (location, camera, time) and XMP: JPEG and PNG
originals are re-encoded without them (orientation applied first), WebP has its
metadata chunks cut out losslessly, GIF (which has no EXIF) is kept byte for byte
unless it carries an XMP packet.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

# A 50-megapixel photo is the largest we decode (about 200 MB in memory as RGBA).
MAX_IMAGE_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
# Pillow warns between the limit and twice the limit; here that is an error too.
warnings.simplefilter("error", Image.DecompressionBombWarning)

# Long edges of the versions made for stories, and the library's thumbnail.
DISPLAY_SIZES = (1600, 800)
THUMBNAIL_SIZE = 320


@dataclass(frozen=True)
class Format:
    content_type: str
    extension: str


FORMATS: dict[str, Format] = {
    "JPEG": Format("image/jpeg", "jpg"),
    "MPO": Format("image/jpeg", "jpg"),  # phone JPEGs with extra frames; the first is kept
    "PNG": Format("image/png", "png"),
    "GIF": Format("image/gif", "gif"),
    "WEBP": Format("image/webp", "webp"),
}
_OPEN_FORMATS = ["JPEG", "PNG", "GIF", "WEBP"]


class TooManyPixels(Exception):
    """Declares more pixels than MAX_IMAGE_PIXELS (a decompression bomb, or just huge)."""


class BrokenImage(Exception):
    """Says it is an image of a known format but cannot be decoded."""


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int
    animated: bool
    orientation: int

    @property
    def content_type(self) -> str:
        return FORMATS[self.format].content_type

    @property
    def extension(self) -> str:
        return FORMATS[self.format].extension


def _open(source: Path | io.BytesIO) -> Image.Image:
    image = Image.open(source, formats=_OPEN_FORMATS)
    if image.width * image.height > MAX_IMAGE_PIXELS:
        image.close()
        raise TooManyPixels
    return image


def inspect(path: Path) -> ImageInfo | None:
    """What the file is if it is a JPEG, PNG, GIF or WebP image; None if it is not one.

    Raises TooManyPixels for images too large to decode safely, BrokenImage for files
    that begin like an image but are damaged.
    """
    try:
        with _open(path) as image:
            image.verify()
        with _open(path) as image:
            info = ImageInfo(
                format=str(image.format),
                width=image.width,
                height=image.height,
                animated=bool(getattr(image, "is_animated", False)),
                orientation=int(image.getexif().get(ExifTags.Base.Orientation, 1) or 1),
            )
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, TooManyPixels):
        raise TooManyPixels from None
    except UnidentifiedImageError:
        return None
    except Exception as error:  # Pillow reports damage with many exception types.
        raise BrokenImage(str(error)) from error
    if info.format not in FORMATS:
        return None
    return info


def clean_original(source: Path, info: ImageInfo) -> tuple[bytes, int, int]:
    """The original as stored: metadata removed, orientation applied. Returns bytes and size."""
    try:
        data = source.read_bytes()
        if info.format == "GIF":
            return _clean_gif(data, info)
        if info.format == "WEBP" and (info.animated or info.orientation == 1):
            cleaned = strip_webp_metadata(data)
            return cleaned, info.width, info.height
        return _reencode(data, info)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, TooManyPixels):
        raise TooManyPixels from None
    except Exception as error:  # as in inspect(): a damaged file
        raise BrokenImage(str(error)) from error


def _clean_gif(data: bytes, info: ImageInfo) -> tuple[bytes, int, int]:
    if b"XMP DataXMP" not in data:
        return data, info.width, info.height
    with _open(io.BytesIO(data)) as image:
        out = io.BytesIO()
        # Pillow writes frames, durations and looping, but no XMP.
        image.save(out, "GIF", save_all=True, comment=b"")
    return out.getvalue(), info.width, info.height


def _reencode(data: bytes, info: ImageInfo) -> tuple[bytes, int, int]:
    with _open(io.BytesIO(data)) as image:
        out = io.BytesIO()
        options: dict[str, Any] = {}
        icc = image.info.get("icc_profile")
        if icc:
            options["icc_profile"] = icc
        if info.format in ("JPEG", "MPO"):
            if info.orientation == 1 and info.format == "JPEG":
                # Same quantisation and subsampling as the upload: nearly lossless.
                image.save(out, "JPEG", quality="keep", subsampling="keep", comment=b"", **options)
            else:
                upright = _upright(image)
                upright.save(out, "JPEG", quality=92, comment=b"", **options)
            with _open(io.BytesIO(out.getvalue())) as saved:
                return out.getvalue(), saved.width, saved.height
        if "transparency" in image.info:
            options["transparency"] = image.info["transparency"]
        if info.format == "PNG":
            if info.animated:
                image.save(out, "PNG", save_all=True, **options)
                return out.getvalue(), info.width, info.height
            upright = _upright(image)
            upright.save(out, "PNG", **options)
            return out.getvalue(), upright.width, upright.height
        # A still WebP that needs turning upright.
        upright = _upright(image)
        upright.save(out, "WEBP", quality=90, method=4, **options)
        return out.getvalue(), upright.width, upright.height


def _upright(image: Image.Image) -> Image.Image:
    turned = ImageOps.exif_transpose(image)
    return turned if turned is not None else image


def strip_webp_metadata(data: bytes) -> bytes:
    """The WebP without its EXIF and XMP chunks; pixels untouched."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP file")
    chunks = []
    position = 12
    while position + 8 <= len(data):
        fourcc = data[position : position + 4]
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        end = position + 8 + size + (size & 1)
        if end > len(data):
            raise ValueError("truncated WebP chunk")
        chunk = data[position:end]
        if fourcc == b"VP8X" and size >= 1:
            flags = chunk[8] & ~0x0C  # clear the EXIF (0x08) and XMP (0x04) flags
            chunk = chunk[:8] + bytes([flags]) + chunk[9:]
        if fourcc not in (b"EXIF", b"XMP "):
            chunks.append(chunk)
        position = end
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


@dataclass(frozen=True)
class Version:
    label: str
    file: str
    width: int
    height: int
    data: bytes


def fit(width: int, height: int, long_edge: int) -> tuple[int, int]:
    """Size of a version no longer than `long_edge` on either side (never enlarged)."""
    if max(width, height) <= long_edge:
        return width, height
    scale = long_edge / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def make_versions(original: Path, info: ImageInfo) -> list[Version]:
    """Smaller versions for stories (only where the original is larger) and a thumbnail.

    Animated images keep their original for display; their thumbnail is the first frame.
    """
    with _open(original) as image:
        image.seek(0)
        frame = _upright(image)
        frame.load()
        out_format, extension = _version_format(info)
        if out_format == "JPEG" and frame.mode not in ("RGB", "L"):
            frame = frame.convert("RGB")
        elif frame.mode not in ("RGB", "RGBA", "L", "LA"):
            frame = frame.convert("RGBA")
        versions = []
        sizes = [] if info.animated else [s for s in DISPLAY_SIZES if max(frame.size) > s]
        for size in sizes:
            versions.append(_version(frame, str(size), size, out_format, extension))
        versions.append(_version(frame, "thumb", THUMBNAIL_SIZE, out_format, extension))
    return versions


def _version_format(info: ImageInfo) -> tuple[str, str]:
    if info.format in ("JPEG", "MPO"):
        return "JPEG", "jpg"
    if info.format == "WEBP":
        return "WEBP", "webp"
    return "PNG", "png"


_VERSION_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "WEBP": {"quality": 82, "method": 4},
    "PNG": {"optimize": True},
}


def _version(frame: Image.Image, label: str, size: int, fmt: str, extension: str) -> Version:
    copy = frame.copy()
    copy.thumbnail((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    options = dict(_VERSION_OPTIONS[fmt])
    if frame.info.get("icc_profile"):
        options["icc_profile"] = frame.info["icc_profile"]
    copy.save(out, fmt, **options)
    return Version(label, f"{label}.{extension}", copy.width, copy.height, out.getvalue())
