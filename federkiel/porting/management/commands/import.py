"""`federkiel import PATH --blog NAME [--owner USER] [--timezone TZ] [--language de|en]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from federkiel.accounts.models import User
from federkiel.blogs.models import Blog, Membership, Role
from federkiel.porting import detect
from federkiel.porting.canonical import PortingError
from federkiel.porting.loader import check_blog_name, existing_time_zone, load
from federkiel.porting.progressbar import ProgressBar
from federkiel.porting.report import report_lines


class Command(BaseCommand):
    help = (
        "Import a Federkiel export, a WordPress WXR file or an Antville/twoday site export "
        "into a blog (created when missing). Accounts are matched by e-mail address or "
        "created without a password. All or nothing: on an error nothing is imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the export file")
        parser.add_argument("--blog", required=True, help="name of the blog to import into")
        parser.add_argument(
            "--owner", help="username of the owner (needed for a new blog; else its owner)"
        )
        parser.add_argument(
            "--timezone",
            help="time zone of dates without one (and of a new blog); default: the blog's, "
            "for a new blog the file's",
        )
        parser.add_argument("--language", choices=["de", "en"], help="language of a new blog")

    def handle(self, *args: Any, **options: Any) -> None:
        name = str(options["blog"]).strip().lower()
        path: Path = options["path"]
        bar = ProgressBar(lambda text: self.stderr.write(text, ending=""), self.stderr.flush)
        try:
            check_blog_name(name)
            owner = self._owner(name, options["owner"])
            with detect.opened(
                path, time_zone=options["timezone"], default_time_zone=existing_time_zone(name)
            ) as (fmt, source):
                self.stderr.write(f"{path}: {fmt.label}")
                result = load(
                    source,
                    blog_name=name,
                    owner=owner,
                    language=options["language"],
                    time_zone=options["timezone"],
                    match_users=True,
                    progress=bar,
                )
        except PortingError as error:
            bar.finish()
            raise CommandError(str(error)) from None
        bar.finish()
        counts = ", ".join(f"{key} {value}" for key, value in result.counts().items())
        verb = "created" if result.created_blog else "updated"
        self.stdout.write(f"Blog {name} {verb}: {counts}")
        for line in report_lines(result.warnings, result.skipped):
            self.stdout.write(f"- {line}")

    def _owner(self, blog_name: str, username: str | None) -> User:
        if username:
            owner = User.objects.filter(username__iexact=username).first()
            if owner is None:
                raise CommandError(f"There is no user {username!r}.")
            return owner
        blog = Blog.objects.filter(name=blog_name).first()
        if blog is None:
            raise CommandError(f"The blog {blog_name!r} does not exist yet: name its --owner.")
        membership = (
            Membership.objects.filter(blog=blog, role=Role.OWNER)
            .select_related("user")
            .order_by("created_at", "id")
            .first()
        )
        if membership is None:
            raise CommandError(f"The blog {blog_name!r} has no owner: name one with --owner.")
        return membership.user
