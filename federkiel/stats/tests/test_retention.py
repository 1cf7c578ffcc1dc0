"""Referring sites are forgotten after FEDERKIEL_STATS_REFERRER_DAYS; view counts stay."""

from datetime import date, datetime, timedelta

import pytest
from huey.api import PeriodicTask
from huey.contrib.djhuey import HUEY

from federkiel.stats.models import PageViews, Referrer
from federkiel.stats.tasks import delete_old_referrers, forget_old_referrers

TODAY = date(2026, 3, 1)


@pytest.mark.django_db
def test_old_referrers_go_and_view_counts_stay(blog, settings):
    settings.STATS_REFERRER_DAYS = 10
    for days_ago in (0, 10, 11, 400):
        day = TODAY - timedelta(days=days_ago)
        Referrer.objects.create(blog=blog, day=day, source=f"s{days_ago}.example", views=1)
        PageViews.objects.create(blog=blog, day=day, views=1)
    assert delete_old_referrers(TODAY) == 2
    assert set(Referrer.objects.values_list("source", flat=True)) == {"s0.example", "s10.example"}
    assert PageViews.objects.count() == 4
    assert delete_old_referrers(TODAY) == 0  # a second run changes nothing


@pytest.mark.django_db
def test_the_periodic_task_uses_the_setting(blog, settings):
    settings.STATS_REFERRER_DAYS = 90
    Referrer.objects.create(blog=blog, day=date(2000, 1, 1), source="alt.example", views=1)
    Referrer.objects.create(blog=blog, day=date.today(), source="neu.example", views=1)
    forget_old_referrers()
    assert list(Referrer.objects.values_list("source", flat=True)) == ["neu.example"]


def test_the_task_runs_daily_in_the_worker():
    task = forget_old_referrers.task_class()
    assert isinstance(task, PeriodicTask)

    def due_at(hour, minute):
        return type(task) in [
            type(t) for t in HUEY.read_periodic(datetime(2025, 3, 30, hour, minute))
        ]

    assert due_at(3, 41)
    assert not due_at(4, 41) and not due_at(3, 42)


def test_the_days_come_from_the_environment(tmp_path):
    from federkiel.tests.test_config import clean_env, run_python

    def start_with(**environment):
        code = "from django.conf import settings\nprint(settings.STATS_REFERRER_DAYS)"
        return run_python(code, clean_env(tmp_path, **environment))

    assert start_with().stdout.split() == ["90"]
    assert start_with(FEDERKIEL_STATS_REFERRER_DAYS="7").stdout.split() == ["7"]
    refused = start_with(FEDERKIEL_STATS_REFERRER_DAYS="0")
    assert refused.returncode != 0
    assert "FEDERKIEL_STATS_REFERRER_DAYS: must be at least 1" in refused.stderr
