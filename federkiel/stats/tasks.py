"""Background work for statistics: forgetting referring sites after
FEDERKIEL_STATS_REFERRER_DAYS. Daily view counts are kept."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from federkiel.stats.models import Referrer


def delete_old_referrers(today: date | None = None) -> int:
    """Delete referrer rows of days more than the configured number of days back;
    the number of rows deleted. Safe to run twice."""
    cutoff = (today or timezone.now().date()) - timedelta(days=settings.STATS_REFERRER_DAYS)
    deleted, _by_model = Referrer.objects.filter(day__lt=cutoff).delete()
    return deleted


@db_periodic_task(crontab(minute="41", hour="3"))
def forget_old_referrers() -> int:
    return delete_old_referrers()
