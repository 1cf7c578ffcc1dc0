"""Reading zip files from outside: uploads are hostile until checked.

`SafeZip` refuses, before anything is read, archives whose central directory names
paths outside the archive (`..`, absolute paths, backslashes, drive letters), symbolic
links, encrypted members, duplicate names, too many members, or sizes and compression
ratios beyond the limits. Because the sizes in a zip's headers can lie, members are
also counted while they are decompressed: a member that grows past its declared size
or past a limit stops with a PortingError. Every problem becomes a PortingError naming
the archive member.
"""

from __future__ import annotations

import io
import stat
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from federkiel.porting.canonical import PortingError

MiB = 1024 * 1024
READ_CHUNK = 64 * 1024
ALLOWED_COMPRESSION = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)


@dataclass(frozen=True)
class Limits:
    max_members: int = 100_000
    max_member_size: int = 2048 * MiB
    max_total_size: int = 10 * 1024 * MiB
    # Deflate reaches about 1000:1 on repeated bytes; real exports stay far below 100:1.
    max_ratio: int = 200
    # Small members may compress extremely well (a JSON file of blanks) and do no harm.
    ratio_applies_above: int = 1 * MiB


DEFAULT_LIMITS = Limits()


def _member_label(name: str) -> str:
    return name.encode("utf-8", "backslashreplace").decode("utf-8")[:200]


def check_member_name(name: str) -> None:
    """Refuse names that could land outside the folder an archive is unpacked to."""
    item = _member_label(name)
    if not name or "\x00" in name:
        raise PortingError(_("The archive contains a member without a usable name."), item)
    if "\\" in name:
        raise PortingError(_("The file name contains a backslash, which is not allowed."), item)
    if name.startswith("/") or (len(name) >= 2 and name[1] == ":" and name[0].isalpha()):
        raise PortingError(_("The file name is an absolute path, which is not allowed."), item)
    if any(part == ".." for part in name.split("/")):
        raise PortingError(
            _("The file name points outside the archive (“..”), which is not allowed."), item
        )


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return info.create_system == 3 and stat.S_ISLNK(mode)


class SafeZip:
    """An untrusted zip archive, checked on opening; read members with `open` or `read`."""

    def __init__(self, path: Path | str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = Path(path)
        self.limits = limits
        self.bytes_read = 0
        archive_label = self.path.name
        try:
            self._zip = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise PortingError(_("The file does not exist."), archive_label) from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
            raise PortingError(
                _("This is not a zip archive, or the archive is incomplete or damaged."),
                archive_label,
            ) from None
        try:
            self._infos = self._check_directory(self._zip.infolist())
        except BaseException:
            self._zip.close()
            raise
        self.total_size = sum(info.file_size for info in self._infos.values())

    def _check_directory(self, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
        limits = self.limits
        if len(infos) > limits.max_members:
            raise PortingError(
                _("The archive has %(count)d members; at most %(limit)d are allowed.")
                % {"count": len(infos), "limit": limits.max_members},
                self.path.name,
            )
        found: dict[str, zipfile.ZipInfo] = {}
        normalised: set[str] = set()
        total = 0
        for info in infos:
            name = info.filename
            item = _member_label(name)
            check_member_name(name)
            key = unicodedata.normalize("NFC", name.rstrip("/"))
            if key in normalised:
                raise PortingError(_("The archive contains this name more than once."), item)
            normalised.add(key)
            if _is_symlink(info):
                raise PortingError(
                    _("The archive contains a symbolic link, which is not allowed."), item
                )
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise PortingError(_("Encrypted archive members cannot be read."), item)
            if info.compress_type not in ALLOWED_COMPRESSION:
                raise PortingError(_("The member uses an unsupported compression method."), item)
            self._check_sizes(info)
            total += info.file_size
            if total > limits.max_total_size:
                raise PortingError(
                    _("Unpacked, the archive would be larger than %(limit)s.")
                    % {"limit": filesizeformat(limits.max_total_size)},
                    self.path.name,
                )
            found[name] = info
        return found

    def _check_sizes(self, info: zipfile.ZipInfo) -> None:
        limits = self.limits
        item = _member_label(info.filename)
        if info.file_size > limits.max_member_size:
            raise PortingError(self._too_large(), item)
        if info.file_size > limits.ratio_applies_above and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise PortingError(
                _(
                    "The member is compressed more than %(ratio)d to 1, which only "
                    "happens with archives made to exhaust the server (a “zip bomb”)."
                )
                % {"ratio": limits.max_ratio},
                item,
            )

    def _too_large(self) -> str:
        return _("The member is larger than %(limit)s unpacked, the most allowed.") % {
            "limit": filesizeformat(self.limits.max_member_size)
        }

    # Reading

    def names(self) -> list[str]:
        """The names of the file members (not folders), in archive order."""
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def size(self, name: str) -> int:
        return self._info(name).file_size

    def _info(self, name: str) -> zipfile.ZipInfo:
        try:
            return self._infos[name]
        except KeyError:
            raise PortingError(_("The archive lacks this file."), _member_label(name)) from None

    def open(self, name: str) -> io.BufferedReader:
        """A buffered reader of the member's bytes (see `open_raw`)."""
        return io.BufferedReader(self.open_raw(name))

    def open_raw(self, name: str) -> CountingReader:
        """A reader of the member's bytes that enforces its declared size and the limits."""
        info = self._info(name)
        try:
            if self._zip.fp is None:  # closed after the records were read; media come later
                self._zip = zipfile.ZipFile(self.path)
            handle = self._zip.open(info)
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError):
            raise PortingError(
                _("The member is damaged and cannot be read."), _member_label(name)
            ) from None
        return CountingReader(self, info, handle)

    def read(self, name: str) -> bytes:
        with self.open_raw(name) as reader:
            return reader.readall()

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class CountingReader(io.RawIOBase):
    """Counts the bytes really decompressed; stops a member that outgrows what it claimed.

    Raw and unbuffered; wrap it in `io.BufferedReader` (and `io.TextIOWrapper`) for lines.
    """

    def __init__(self, archive: SafeZip, info: zipfile.ZipInfo, handle: IO[bytes]) -> None:
        super().__init__()
        self._archive = archive
        self._info = info
        self._handle = handle
        self._allowed = min(info.file_size, archive.limits.max_member_size)
        self.count = 0

    @property
    def name(self) -> str:
        return self._info.filename

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._read_chunk(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        parts = []
        while chunk := self._read_chunk(READ_CHUNK):
            parts.append(chunk)
        return b"".join(parts)

    def _read_chunk(self, size: int) -> bytes:
        item = _member_label(self._info.filename)
        try:
            data = self._handle.read(size)
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error, ValueError):
            raise PortingError(
                _("The member is damaged and cannot be read (its data or checksum is wrong)."),
                item,
            ) from None
        self.count += len(data)
        self._archive.bytes_read += len(data)
        if self.count > self._allowed:
            if self.count > self._archive.limits.max_member_size:
                raise PortingError(self._archive._too_large(), item)
            raise PortingError(
                _("The member unpacks to more bytes than the archive declares for it."), item
            )
        return data

    def close(self) -> None:
        if not self.closed:
            self._handle.close()
        super().close()
