"""`federkiel export --blog NAME PATH.zip`: the blog as a Federkiel export zip."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from federkiel.blogs.models import Blog
from federkiel.porting import ourzip
from federkiel.porting.progressbar import ProgressBar


class Command(BaseCommand):
    help = "Write a blog with everything in it to a Federkiel export zip."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the zip file to write (must not exist)")
        parser.add_argument("--blog", required=True, help="name of the blog")

    def handle(self, *args: Any, **options: Any) -> None:
        name = str(options["blog"]).strip().lower()
        path: Path = options["path"]
        blog = Blog.objects.filter(name=name).first()
        if blog is None:
            raise CommandError(f"There is no blog {name!r}.")
        if path.exists():
            raise CommandError(f"{path} exists already; choose another name or remove it.")
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent}.")
        partial = path.with_name(f".{path.name}.part")
        bar = ProgressBar(lambda text: self.stderr.write(text, ending=""), self.stderr.flush)
        try:
            with partial.open("wb") as out:
                ourzip.write_export(blog, out, progress=bar)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            bar.finish()
            raise
        bar.finish()
        self.stdout.write(f"Blog {name} exported to {path} ({path.stat().st_size} bytes).")
