"""WordPress dates: reading them, and the time zone of a file's local dates.

WXR gives each post and comment a local date (`wp:post_date`) and, except for most
drafts, the same moment in UTC (`wp:post_date_gmt`); it never names the site's time zone.
When nobody names it either, the differences of the pairs tell it: all of them fitting
Europe/Berlin (summer and winter time) keeps Berlin; one offset everywhere, in whole
hours, becomes the fixed zone `Etc/GMT±h`; anything else stays unknown.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, datetime, timedelta

MISSING_DATE = re.compile(r"^0000-00-00")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
HOUR = timedelta(hours=1)
# Real offsets lie between UTC-12 and UTC+14; other differences are broken data.
LARGEST_OFFSET = timedelta(hours=14)


def parse_date(value: str | None) -> datetime | None:
    """A naive datetime from WordPress's 'YYYY-MM-DD HH:MM:SS'; None when empty or zero."""
    value = (value or "").strip()
    if not value or MISSING_DATE.match(value):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is not None and parsed.tzinfo is None:
        return parsed
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    return None


class OffsetTally:
    """Collects the offsets of (local, UTC) pairs; `zone()` says what they agree on."""

    def __init__(self) -> None:
        self.pairs = 0
        self.all_berlin = True
        self.offsets: set[timedelta] = set()

    def add(self, local: datetime, utc: datetime) -> None:
        offset = local.replace(tzinfo=None) - utc.replace(tzinfo=None)
        if abs(offset) > LARGEST_OFFSET:
            return
        self.pairs += 1
        if self.all_berlin:
            moment = utc.replace(tzinfo=UTC)
            self.all_berlin = moment.astimezone(BERLIN).utcoffset() == offset
        if len(self.offsets) < 2:
            self.offsets.add(offset)

    def add_fields(self, fields: dict[str, str], name: str) -> None:
        """The pair `name` and `name`_gmt of an item's or comment's fields, when both are set."""
        local, utc = parse_date(fields.get(name)), parse_date(fields.get(f"{name}_gmt"))
        if local is not None and utc is not None:
            self.add(local, utc)

    def zone(self) -> str | None:
        """Europe/Berlin, a fixed `Etc/GMT±h`, or None when the pairs say nothing clear."""
        if not self.pairs:
            return None
        if self.all_berlin:
            return "Europe/Berlin"
        if len(self.offsets) != 1:
            return None
        (offset,) = self.offsets
        if offset % HOUR:
            return None  # no Etc zone for half hours (India, Newfoundland): unknown
        hours = offset // HOUR
        if hours == 0:
            return "Etc/UTC"
        # The Etc zones count the other way round: Etc/GMT+5 is UTC-5.
        name = f"Etc/GMT{-hours:+d}"
        return name if name in zoneinfo.available_timezones() else None
