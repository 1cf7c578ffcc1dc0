"""Days and months of a blog's archive, in the blog's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import dateformat, translation

from federkiel.blogs.models import Blog

# Years an archive address may name; beyond these, time zone arithmetic overflows.
FIRST_YEAR, LAST_YEAR = 1000, 9998

# (day heading, month heading) per language, in Django's date format syntax.
FORMATS = {"de": ("l, j. F Y", "F Y"), "en": ("l, F j, Y", "F Y")}


@dataclass(frozen=True)
class Period:
    """A day or a month: its first day and the first day after it."""

    first: date
    after: date
    is_day: bool

    def bounds(self, blog: Blog) -> tuple[datetime, datetime]:
        """Its start and end as aware datetimes, midnight to midnight in the blog's zone."""
        tz = blog.tz
        start = datetime(self.first.year, self.first.month, self.first.day, tzinfo=tz)
        end = datetime(self.after.year, self.after.month, self.after.day, tzinfo=tz)
        return start, end

    @property
    def key(self) -> str:
        """'20090108' or '200901', as in twoday's archive addresses."""
        return self.first.strftime("%Y%m%d" if self.is_day else "%Y%m")

    def title(self, blog: Blog) -> str:
        """'Donnerstag, 8. Januar 2009' or 'Januar 2009' in the blog's language."""
        language = blog.language if blog.language in FORMATS else "en"
        with translation.override(language):
            return dateformat.format(self.first, FORMATS[language][0 if self.is_day else 1])


def day(first: date) -> Period:
    return Period(first, first + timedelta(days=1), is_day=True)


def month(year: int, month_number: int) -> Period:
    first = date(year, month_number, 1)
    after = date(year + 1, 1, 1) if month_number == 12 else date(year, month_number + 1, 1)
    return Period(first, after, is_day=False)


def parse_day(key: str) -> Period | None:
    """The day named by 'YYYYMMDD', or None when there is no such day."""
    if len(key) != 8 or not key.isascii() or not key.isdigit():
        return None
    year, month_number, day_number = int(key[:4]), int(key[4:6]), int(key[6:])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return day(date(year, month_number, day_number))
    except ValueError:
        return None


def parse_month(key: str) -> Period | None:
    """The month named by 'YYYYMM', or None when there is no such month."""
    if len(key) != 6 or not key.isascii() or not key.isdigit():
        return None
    year, month_number = int(key[:4]), int(key[4:])
    if not FIRST_YEAR <= year <= LAST_YEAR or not 1 <= month_number <= 12:
        return None
    return month(year, month_number)
