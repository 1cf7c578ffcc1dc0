from datetime import UTC, date, datetime

import pytest

from federkiel.archive import periods
from federkiel.factories import BlogFactory


@pytest.mark.parametrize(
    "key", ["20091399", "20090230", "20090100", "00000101", "99991231", "2009010", "2009O108",
            "２００９０１０８", ""]
)  # fmt: skip
def test_parse_day_rejects_what_is_no_day(key):
    assert periods.parse_day(key) is None


@pytest.mark.parametrize("key", ["200913", "200900", "999912", "00001", "２００９０１"])
def test_parse_month_rejects_what_is_no_month(key):
    assert periods.parse_month(key) is None


def test_parse_day_and_month():
    assert periods.parse_day("20090108") == periods.Period(
        date(2009, 1, 8), date(2009, 1, 9), is_day=True
    )
    december = periods.parse_month("200812")
    assert december.first == date(2008, 12, 1)
    assert december.after == date(2009, 1, 1)
    assert december.key == "200812"


@pytest.mark.django_db
def test_bounds_are_midnights_in_the_blogs_time_zone():
    blog = BlogFactory.build(time_zone="America/New_York")
    start, end = periods.parse_day("20090108").bounds(blog)
    assert start.astimezone(UTC) == datetime(2009, 1, 8, 5, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2009, 1, 9, 5, tzinfo=UTC)
    # The day of the switch to summer time has 23 hours.
    start, end = periods.parse_day("20090308").bounds(blog)
    assert (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() == 23 * 3600


def test_titles_in_the_blogs_language():
    german = BlogFactory.build(language="de")
    english = BlogFactory.build(language="en")
    assert periods.parse_day("20090108").title(german) == "Donnerstag, 8. Januar 2009"
    assert periods.parse_day("20090108").title(english) == "Thursday, January 8, 2009"
    assert periods.parse_month("200903").title(german) == "März 2009"
