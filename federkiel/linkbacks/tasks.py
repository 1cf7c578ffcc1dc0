"""Background work for linkbacks: verifying a webmention's source after the request."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from federkiel.linkbacks.webmention import verify


@db_task()
def verify_webmention(
    story_id: int, source: str, target: str, ip_address: str | None, user_agent: str
) -> str:
    return verify(story_id, source, target, ip_address, user_agent)
