"""`federkiel reindex [--blog NAME]`: build the search index anew."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from federkiel.blogs.models import Blog
from federkiel.search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuilds the search index from the stories and comments (of one blog, or all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--blog", help="only this blog (by name), e.g. after a language change")

    def handle(self, *args: Any, **options: Any) -> None:
        blog = None
        if options["blog"]:
            blog = Blog.objects.filter(name=options["blog"]).first()
            if blog is None:
                raise CommandError(f"No blog named {options['blog']!r}.")
        count = rebuild(blog)
        where = f"blog {blog.name}" if blog else "all blogs"
        self.stdout.write(f"Indexed {count} entries of {where}.")
