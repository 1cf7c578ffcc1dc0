"""Loader benchmark: hand-made canonical records (no file to parse) through `loader.load`.

    nice .venv/bin/python bench/load_records.py [--stories 5000] [--comments-each 10]
        [--match-users]

Runs against a fresh test database of the test settings: SQLite, or PostgreSQL when
DATABASE_URL is set (FEDERKIEL_TEST_DB_SUFFIX names the test database). Comments are
Markdown (the costlier path: each is rendered); every third is a reply. Prints the wall
time of `load` and the peak resident memory of the process. bench/import_wxr.py measures
a whole WordPress import (parsing included).
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "federkiel.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

START = datetime(2005, 1, 1, tzinfo=UTC)
PARAGRAPH = "<p>Ein Absatz mit <b>Text</b> und einem <a href='https://x.example'>Link</a>.</p>"


class Records:
    def __init__(self, stories: int, comments_each: int) -> None:
        self.stories = stories
        self.comments_each = comments_each
        self.done = 0

    def records(self) -> Iterator[Any]:
        from federkiel.porting.canonical import (
            BlogRecord,
            CommentRecord,
            StoryRecord,
            UserRecord,
        )

        yield BlogRecord(name="bench", title="Bench")
        for u in range(50):
            yield UserRecord(ref=f"u{u}", username=f"user{u}", email=f"u{u}@example.org")
        for s in range(self.stories):
            self.done = s
            yield StoryRecord(
                ref=str(s),
                title=f"Geschichte {s} über Kiel",
                text=PARAGRAPH * 8,
                published_at=START + timedelta(hours=s),
                author_ref=f"u{s % 50}",
                old_paths=[f"/stories/{s}/"],
            )
            for c in range(self.comments_each):
                yield CommentRecord(
                    ref=f"{s}-{c}",
                    story_ref=str(s),
                    text=f"Kommentar {c} mit *etwas* Text.\n\nZweiter Absatz.",
                    created_at=START + timedelta(hours=s, minutes=c),
                    parent_ref=f"{s}-0" if c % 3 == 2 else None,
                    guest_name="Gast",
                    author_ref=f"u{c}" if c % 4 == 0 else None,
                )

    def fraction_done(self) -> float:
        return self.done / self.stories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--comments-each", type=int, default=10)
    parser.add_argument("--match-users", action="store_true")
    args = parser.parse_args()
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        from federkiel.accounts.models import User
        from federkiel.porting.loader import load

        owner = User.objects.create(username="benchowner", email="owner@example.org")
        source = Records(args.stories, args.comments_each)
        started = time.perf_counter()
        result = load(source, blog_name="bench", owner=owner, match_users=args.match_users)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(
            f"{connection.vendor}: {result.stories} stories, {result.comments} comments "
            f"in {seconds:.1f} s; peak memory {peak} MB"
        )
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
