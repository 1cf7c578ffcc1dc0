"""Create a demo blog with stories on an empty database (used by `make run`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from federkiel.platform.demo import DEMO_LOGIN, DEMO_PASSWORD, create_demo


class Command(BaseCommand):
    help = "Creates a demo blog, user and stories when the database holds no users yet."

    def handle(self, *args: Any, **options: Any) -> None:
        created = create_demo()
        if created:
            self.stdout.write(f"Demo blog created: http://127.0.0.1:8000/{created.name}/")
        else:
            self.stdout.write("The database already has users; no demo data added.")
        self.stdout.write(
            f"Open http://127.0.0.1:8000/ — demo login: {DEMO_LOGIN} / {DEMO_PASSWORD}"
        )
