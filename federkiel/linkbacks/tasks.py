"""Background work for linkbacks: verifying a webmention's or pingback's source after the
request (`webmention.verify`: fetch, check the link, save, update or withdraw)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from federkiel.linkbacks.webmention import verify

verify_linkback = db_task()(verify)
