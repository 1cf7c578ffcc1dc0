"""Which format a file is in, and the converter that reads it as canonical records.

Each converter module has `sniff(path) -> bool` and a source class; they are tried in
the order below (our own zip first: an Antville export is a zip too).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from federkiel.porting.canonical import PortingError, Source

# The most the command line takes; uploads have their own limit (FEDERKIEL_IMPORT_MAX_MB).
LARGEST_FILE = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class Format:
    key: str
    label: Any  # lazy, translated
    module: str
    source_class: str
    takes_time_zone: bool


FORMATS = (
    Format("ourzip", gettext_lazy("Federkiel export (zip)"), "ourzip", "OurZipSource", False),
    Format("wxr", gettext_lazy("WordPress export (WXR)"), "wxr", "WxrSource", True),
    Format(
        "antville",
        gettext_lazy("Antville or twoday site export (zip)"),
        "antville",
        "AntvilleSource",
        True,
    ),
)


def _module(fmt: Format) -> Any:
    # A converter missing from this installation is a format it cannot read.
    try:
        return importlib.import_module(f"federkiel.porting.{fmt.module}")
    except ModuleNotFoundError:
        return None


def too_large_message(size: int, limit: int) -> str:
    return _("The file has %(size)s; at most %(limit)s can be imported.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(limit),
    }


def check_file(path: Path, limit: int = LARGEST_FILE) -> None:
    """PortingError unless `path` is a readable, non-empty file of at most `limit` bytes.
    Looks at the size only: nothing is read."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PortingError(
            _("The file cannot be opened (%(error)s).") % {"error": error.strerror}
        ) from None
    if not path.is_file():
        raise PortingError(_("This is not a file."))
    if size == 0:
        raise PortingError(_("The file is empty."))
    if size > limit:
        raise PortingError(too_large_message(size, limit))


def detect(path: Path) -> Format:
    """The format of the file; PortingError when it is none we read."""
    for fmt in FORMATS:
        module = _module(fmt)
        if module is not None and module.sniff(path):
            return fmt
    raise PortingError(
        _(
            "This file is in no format we can import. We read Federkiel exports, "
            "WordPress exports (WXR) and Antville or twoday site exports (zip)."
        )
    )


def open_source(
    path: Path,
    *,
    time_zone: str | None = None,
    default_time_zone: str | None = None,
    limit: int = LARGEST_FILE,
) -> Source:
    """The records of the file at `path`, from the converter of its format.

    Dates the file gives without a time zone are read in `time_zone`, else in the one
    the file names, else in `default_time_zone` (that of the blog imported into), else
    in one the converter finds (see docs/wxr.md) or Europe/Berlin."""
    return _open(path, time_zone, default_time_zone, limit)[1]


def _open(
    path: Path, time_zone: str | None, default_time_zone: str | None, limit: int
) -> tuple[Format, Source]:
    check_file(path, limit)
    fmt = detect(path)
    source_class = getattr(_module(fmt), fmt.source_class)
    if fmt.takes_time_zone:
        return fmt, source_class(path, time_zone=time_zone, default_time_zone=default_time_zone)
    return fmt, source_class(path)


@contextmanager
def opened(
    path: Path,
    *,
    time_zone: str | None = None,
    default_time_zone: str | None = None,
    limit: int = LARGEST_FILE,
) -> Iterator[tuple[Format, Source]]:
    """The file's format and records (see `open_source`), closing the source (its open
    files) afterwards."""
    fmt, source = _open(path, time_zone, default_time_zone, limit)
    try:
        yield fmt, source
    finally:
        close = getattr(source, "close", None)
        if callable(close):
            close()
