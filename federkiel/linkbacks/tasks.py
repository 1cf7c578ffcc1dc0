"""Background work for linkbacks: verifying a webmention's or pingback's source after the
request (`webmention.verify`: fetch, check the link, save, update or withdraw), and
telling the pages a story links to (`sending.send_for_story`)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from federkiel.blogs.models import Visibility
from federkiel.linkbacks.sending import send_for_story, sends_linkbacks
from federkiel.linkbacks.webmention import verify
from federkiel.queue import enqueue_on_commit
from federkiel.stories.models import Story

verify_linkback = db_task()(verify)

# Network errors and 5xx answers raise TransientFailure: tried again 3 times, 5 min apart.
send_linkbacks = db_task(retries=3, retry_delay=300)(send_for_story)

# A story whose publish date lay in the future is sent when that date has come; stories
# becoming public in this window are looked at (the task itself sends nothing twice).
SCHEDULED_WINDOW = timedelta(minutes=30)


def queue_sending(story: Story) -> None:
    """After commit, tell the pages a story links to, if it is public and may send."""
    if sends_linkbacks(story):
        enqueue_on_commit(send_linkbacks, story.pk)


@db_periodic_task(crontab(minute="*/10"))
def send_for_scheduled_stories() -> None:
    for story_id in scheduled_stories_due():
        send_linkbacks(story_id)


def scheduled_stories_due() -> list[int]:
    """Stories of public, sending blogs whose publish date came in the last window and
    lay after their last save (so they were saved while scheduled)."""
    now = timezone.now()
    due = Story.objects.published().filter(
        published_at__gt=now - SCHEDULED_WINDOW,
        blog__visibility=Visibility.PUBLIC,
        blog__send_linkbacks=True,
    )
    due = due.filter(published_at__gt=F("modified_at"))
    return list(due.values_list("pk", flat=True))
