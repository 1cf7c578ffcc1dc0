"""Reading JSON rows from import files: typed field access with errors naming the row.

Import files are hostile; every field is checked for presence and type before use, and
a wrong one becomes a PortingError that names the file, the line or row, and the field.
"""

from __future__ import annotations

import codecs
import json
import zoneinfo
from collections.abc import Collection, Iterator
from datetime import UTC, datetime, timedelta
from typing import IO, Any

from django.utils.translation import gettext as _

from federkiel.porting.canonical import PortingError

# Timestamps outside this window are typos or attacks, never real blog posts.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def parse_json(data: bytes, item: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PortingError(
            _("The file is not valid UTF-8 text (byte %(position)d).")
            % {"position": error.start + 1},
            item,
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise PortingError(
            _("The file is not valid JSON (line %(line)d, column %(column)d).")
            % {"line": error.lineno, "column": error.colno},
            item,
        ) from None
    except RecursionError:
        raise PortingError(_("The JSON in the file is nested too deeply."), item) from None


MAX_LINE = 16 * 1024 * 1024
READ_SIZE = 64 * 1024


def json_lines(raw: IO[bytes], name: str) -> Iterator[tuple[str, Any]]:
    """(item, value) for each non-empty line of a JSON Lines file, read as a stream."""
    number = 0
    while True:
        number += 1
        item = _("%(file)s line %(line)d") % {"file": name, "line": number}
        line = raw.readline(MAX_LINE + 1)
        if not line:
            return
        if len(line) > MAX_LINE:
            raise PortingError(_("The line is too long."), item)
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            raise PortingError(_("The line is not valid UTF-8 text."), item) from None
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise PortingError(
                _("The line is not valid JSON (column %(column)d).") % {"column": error.colno},
                item,
            ) from None
        except RecursionError:
            raise PortingError(_("The JSON in the file is nested too deeply."), item) from None
        yield item, value


def require_list(value: Any, item: str) -> list[Any]:
    if not isinstance(value, list):
        raise PortingError(_("A list was expected here."), item)
    return value


class Row:
    """One JSON object of an import file, with checked access to its fields."""

    def __init__(self, data: Any, item: str) -> None:
        if not isinstance(data, dict):
            raise PortingError(_("An object with named fields was expected here."), item)
        self.data: dict[str, Any] = data
        self.item = item

    def error(self, field: str, message: str) -> PortingError:
        return PortingError(
            _("Field “%(field)s”: %(problem)s") % {"field": field, "problem": message}, self.item
        )

    def has(self, field: str) -> bool:
        return self.data.get(field) is not None

    def raw(self, field: str) -> Any:
        return self.data.get(field)

    def text(self, field: str, default: str | None = None, *, max_length: int = 0) -> str:
        value = self.data.get(field)
        if value is None:
            if default is None:
                raise self.error(field, _("it is missing."))
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(field, _("text was expected."))
        value = str(value)
        if max_length and len(value) > max_length:
            raise self.error(
                field, _("it is longer than %(limit)d characters.") % {"limit": max_length}
            )
        return value

    def ref(self, field: str) -> str:
        value = self.data.get(field)
        if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
            raise self.error(field, _("an id (text or a whole number) was expected."))
        return str(value)

    def optional_ref(self, field: str) -> str | None:
        if self.data.get(field) is None:
            return None
        return self.ref(field)

    def choice(self, field: str, choices: Collection[str], default: str | None = None) -> str:
        value = self.text(field, default)
        if value not in choices:
            raise self.error(
                field,
                _("“%(value)s” is not one of %(choices)s.")
                % {"value": value[:80], "choices": ", ".join(sorted(choices))},
            )
        return value

    def boolean(self, field: str, default: bool | None = None) -> bool:
        value = self.data.get(field)
        if value is None:
            if default is None:
                raise self.error(field, _("it is missing."))
            return default
        if not isinstance(value, bool):
            raise self.error(field, _("true or false was expected."))
        return value

    def integer(
        self, field: str, default: int | None = None, *, minimum: int = 0, maximum: int = 2**31
    ) -> int:
        value = self.data.get(field)
        if value is None:
            if default is None:
                raise self.error(field, _("it is missing."))
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, _("a whole number was expected."))
        if not minimum <= value <= maximum:
            raise self.error(
                field,
                _("the number must be between %(low)d and %(high)d.")
                % {"low": minimum, "high": maximum},
            )
        return int(value)

    def text_list(self, field: str) -> list[str]:
        value = self.data.get(field)
        if value is None:
            return []
        if not isinstance(value, list) or not all(
            isinstance(entry, str | int) and not isinstance(entry, bool) for entry in value
        ):
            raise self.error(field, _("a list of texts was expected."))
        return [str(entry) for entry in value]

    def mapping(self, field: str) -> dict[str, Any]:
        value = self.data.get(field)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(field, _("an object with named fields was expected."))
        return value

    def time_zone(self, field: str, default: str | None = None) -> str:
        value = self.text(field, default)
        if value not in zoneinfo.available_timezones():
            raise self.error(field, _("unknown time zone “%(tz)s”.") % {"tz": value[:80]})
        return value

    def when(self, field: str, local: zoneinfo.ZoneInfo | None = None) -> datetime:
        """An aware date and time: ISO 8601 with offset, or naive ones read in `local`."""
        value = self.data.get(field)
        if value is None:
            raise self.error(field, _("it is missing."))
        return self._parse_when(field, value, local)

    def optional_when(self, field: str, local: zoneinfo.ZoneInfo | None = None) -> datetime | None:
        value = self.data.get(field)
        if value is None or value == "":
            return None
        return self._parse_when(field, value, local)

    def _parse_when(self, field: str, value: Any, local: zoneinfo.ZoneInfo | None) -> datetime:
        parsed = parse_when(value, local)
        if parsed is None:
            expected = (
                _("a date and time (ISO 8601) was expected.")
                if local is not None
                else _("a date and time with time zone offset (ISO 8601) was expected.")
            )
            raise self.error(field, expected)
        return parsed


def parse_when(value: Any, local: zoneinfo.ZoneInfo | None) -> datetime | None:
    """ISO 8601 text (also "2009-01-08 21:59:00.0" and "+0100" offsets) or epoch
    milliseconds. Naive values are read in `local`; without it they are refused."""
    parsed: datetime | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            parsed = EARLIEST + timedelta(milliseconds=value)
        except OverflowError:
            return None
    elif isinstance(value, str) and 8 <= len(value) <= 40:
        text = value.strip()
        if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit() and text[-3] != ":":
            text = f"{text[:-2]}:{text[-2:]}"  # +0100 → +01:00
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return None
        if parsed.tzinfo is None:
            if local is None:
                return None
            parsed = parsed.replace(tzinfo=local)
    if parsed is None or not EARLIEST <= parsed <= LATEST:
        return None
    return parsed


def json_array_items(raw: IO[bytes], name: str) -> Iterator[tuple[str, Any]]:
    """(item, value) for each entry of a file holding one JSON array, read as a stream:
    memory stays at the size of the largest entry, however long the array is."""
    decoder = json.JSONDecoder()
    utf8 = codecs.getincrementaldecoder("utf-8")("strict")
    buffer = ""
    position = 0
    at_end = False
    index = 0

    def fill() -> bool:
        nonlocal buffer, position, at_end
        if at_end:
            return False
        chunk = raw.read(max(READ_SIZE, len(buffer) - position))
        try:
            text = utf8.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            where = _("%(file)s entry %(index)d") % {"file": name, "index": index + 1}
            raise PortingError(_("The file is not valid UTF-8 text."), where) from None
        at_end = not chunk
        buffer = buffer[position:] + text
        position = 0
        return True

    def skip_blanks() -> str:
        nonlocal position
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n\ufeff":
                position += 1
            if position < len(buffer):
                return buffer[position]
            if not fill():
                return ""

    def invalid(message: str, *, whole_file: bool = False) -> PortingError:
        if whole_file:
            return PortingError(message, name)
        return PortingError(
            message, _("%(file)s entry %(index)d") % {"file": name, "index": index + 1}
        )

    if skip_blanks() != "[":
        raise PortingError(_("The file does not hold a JSON list."), name)
    position += 1
    while True:
        mark = skip_blanks()
        if not mark:
            raise invalid(_("The file ends in the middle of its JSON list."), whole_file=True)
        if mark == "]":
            position += 1
            if skip_blanks():
                raise invalid(
                    _("The file has more after the end of its JSON list."), whole_file=True
                )
            return
        if index:
            if mark != ",":
                raise invalid(_("The file is not valid JSON (a comma is missing)."))
            position += 1
            if not skip_blanks():
                raise invalid(_("The file ends in the middle of its JSON list."), whole_file=True)
        while True:
            try:
                value, end = decoder.raw_decode(buffer, position)
            except json.JSONDecodeError:
                end = -1
            except RecursionError:
                raise invalid(_("The JSON in the file is nested too deeply.")) from None
            if end != -1 and (end < len(buffer) or at_end):
                if end - position > MAX_LINE:
                    raise invalid(_("An entry of the file is too large."))
                break
            if len(buffer) - position > MAX_LINE:
                raise invalid(_("An entry of the file is too large."))
            if not fill():
                raise invalid(_("The file is not valid JSON."))
        index += 1
        yield _("%(file)s entry %(index)d") % {"file": name, "index": index}, value
        position = end
