"""The bytes of an uploaded WXR file as the XML parser gets them.

Decoded in Python from the encoding the file declares (strictly, so bad bytes get a
message naming the line), with characters XML 1.0 forbids removed (old exports carry
them, pasted from word processors), and handed on as UTF-8; the bytes read are counted
for progress. Also: the ids seen, kept compactly to find duplicates.
"""

from __future__ import annotations

import codecs
import re
from typing import BinaryIO

from django.utils.translation import gettext as _

from federkiel.porting.canonical import PortingError

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
CHUNK = 64 * 1024


def decode_head(head: bytes) -> str:
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore")
    return head.decode("latin-1")


class IdSet:
    """The ids seen, to find duplicates: numbers as bits (a few bytes per id, so memory
    stays flat), anything else in a set."""

    BITS_LIMIT = 1 << 27  # ids up to 134 million as bits: at most 16 MiB

    def __init__(self) -> None:
        self.bits = bytearray()
        self.others: set[str] = set()

    def add(self, value: str) -> bool:
        """Adds `value`; False when it was there already."""
        if value.isascii() and value.isdigit() and int(value) < self.BITS_LIMIT:
            byte, bit = divmod(int(value), 8)
            if byte >= len(self.bits):
                self.bits.extend(bytes(max(byte + 1 - len(self.bits), len(self.bits))))
            if self.bits[byte] & (1 << bit):
                return False
            self.bits[byte] |= 1 << bit
            return True
        if value in self.others:
            return False
        self.others.add(value)
        return True


class DecodeFailure(Exception):
    def __init__(self, encoding: str, line: int) -> None:
        super().__init__(encoding, line)
        self.encoding = encoding
        self.line = line


class Utf8Reader:
    """The file's text as UTF-8 bytes for the parser: decoded from its declared
    encoding (strictly), with characters XML forbids removed, bytes read counted."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.bytes_read = 0
        self.removed_characters = 0
        self.line = 1
        head = raw.read(CHUNK)
        self.bytes_read += len(head)
        self.encoding = self._detect(head)
        try:
            self.decoder = codecs.getincrementaldecoder(self.encoding)("strict")
        except LookupError:
            raise PortingError(
                _("The file declares the encoding “%(encoding)s”, which is unknown.")
                % {"encoding": self.encoding}
            ) from None
        self.pending: bytes | None = head
        self.first = True
        self.done = False

    @staticmethod
    def _detect(head: bytes) -> str:
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        declared = _DECLARED_ENCODING.match(head)
        return declared.group(1).decode("ascii").lower() if declared else "utf-8"

    def read(self, size: int = -1) -> bytes:
        while not self.done:
            if self.pending is not None:
                data, self.pending = self.pending, None
            else:
                data = self.raw.read(CHUNK)
                self.bytes_read += len(data)
            text = self._decode(data, final=not data)
            if not data:
                self.done = True
            if self.first and text:
                self.first = False
                # The parser gets UTF-8, so the declaration must say so.
                text = _DECLARATION.sub('<?xml version="1.0" encoding="UTF-8"?>', text, count=1)
            if text:
                text, removed = XML_INVALID.subn("", text)
                self.removed_characters += removed
                return text.encode("utf-8")
        return b""

    def _decode(self, data: bytes, *, final: bool) -> str:
        try:
            text = self.decoder.decode(data, final)
        except UnicodeDecodeError as error:
            good = data[: max(error.start, 0)]
            line = self.line + self._decode_lenient(good).count("\n")
            raise DecodeFailure(self.encoding, line) from None
        self.line += text.count("\n")
        return text

    def _decode_lenient(self, data: bytes) -> str:
        return data.decode(self.encoding, errors="replace")
