"""Background work for comments: forgetting IP addresses after FEDERKIEL_COMMENT_IP_DAYS."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from federkiel.comments.models import Comment


def clear_old_ip_addresses(now: datetime | None = None) -> int:
    """Blank IP address and browser of comments older than the configured days."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.COMMENT_IP_DAYS)
    old = Comment.objects.filter(created_at__lt=cutoff).filter(
        ~Q(ip_address=None) | ~Q(user_agent="")
    )
    return old.update(ip_address=None, user_agent="")


@db_periodic_task(crontab(minute="17", hour="*"))
def forget_comment_ip_addresses() -> int:
    return clear_old_ip_addresses()
