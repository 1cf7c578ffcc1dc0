"""The one background queue (huey). Every feature enqueues through here, after commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction


def enqueue_on_commit(task: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Queue `task(*args, **kwargs)` when the current transaction commits (now if none)."""
    transaction.on_commit(lambda: task(*args, **kwargs), robust=True)
