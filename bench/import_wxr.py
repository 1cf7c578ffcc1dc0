"""WXR import benchmark: a generated WordPress export through WxrSource and the loader.

    nice .venv/bin/python bench/import_wxr.py [--stories 5000] [--comments 50000]
        [--database sqlite|postgres|both] [--smaller 10] [--tracemalloc] [--profile FILE]

Writes a WXR 1.2 file with the given numbers of stories and comments (threaded, with
pingbacks and trackbacks, held and spam comments, categories and tags) to a temporary
file, streaming, then imports it into a fresh database in a child process of its own:
SQLite in a temporary file (the test settings), or a temporary PostgreSQL database on
127.0.0.1:5432 (user postgres; dropped at the end; DATABASE_URL names another server).
A file `--smaller` times smaller is imported the same way, so the two peaks of memory
side by side show whether memory grows with the size of the file. Reported: wall time
of `loader.load`, the child's peak resident memory (ru_maxrss) before and after the
import, and with --tracemalloc the peak of Python allocations during the import
(slower). --profile writes cProfile statistics of the large import to FILE.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _words(text: str) -> list[str]:
    return text.split()


WORDS = _words(
    "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch "
    "Haus Garten Wetter Regen Sonne Meer Hafen Schiff Segeln Fahrrad Urlaub Reise Kiel "
    "Förde Möwe Leuchtturm Strand Fähre Kaffee Kuchen Buch Musik Abend Morgen Woche Sommer "
    "Winter Schnee Wind Freunde Familie laufen fahren schreiben lesen schön groß klein"
)
CATEGORIES = [f"Kategorie {n}" for n in range(20)]
TAGS = [f"Schlagwort {n}" for n in range(100)]

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="WordPress/6.4.3" created="2024-12-01 10:22" -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Benchmark</title>
	<link>https://bench.example.org</link>
	<description>Generated</description>
	<language>de-DE</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://bench.example.org</wp:base_site_url>
	<wp:base_blog_url>https://bench.example.org</wp:base_blog_url>
"""


def _sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high))).capitalize() + "."


def _date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def write_wxr_file(out: IO[str], stories: int, comments: int, seed: int = 20090108) -> None:
    """A WordPress-shaped export, written item by item (never held in memory)."""
    rng = random.Random(seed)
    out.write(HEAD)
    for n in range(1, 6):
        out.write(
            f"\t<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login><![CDATA[autor{n}]]>"
            f"</wp:author_login><wp:author_email><![CDATA[autor{n}@example.org]]>"
            f"</wp:author_email><wp:author_display_name><![CDATA[Autor {n}]]>"
            "</wp:author_display_name></wp:author>\n"
        )
    for n, name in enumerate(CATEGORIES, start=1):
        out.write(
            f"\t<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>kategorie-{n - 1}"
            f"</wp:category_nicename><wp:category_parent></wp:category_parent>"
            f"<wp:cat_name><![CDATA[{name}]]></wp:cat_name></wp:category>\n"
        )
    for n, name in enumerate(TAGS, start=100):
        out.write(
            f"\t<wp:tag><wp:term_id>{n}</wp:term_id><wp:tag_slug>schlagwort-{n - 100}"
            f"</wp:tag_slug><wp:tag_name><![CDATA[{name}]]></wp:tag_name></wp:tag>\n"
        )
    start = datetime(2010, 1, 1, 12, 0, tzinfo=UTC)
    comment_id = 0
    per_story, extra = divmod(comments, stories) if stories else (0, 0)
    for post in range(1, stories + 1):
        published = start + timedelta(hours=post * 7)
        local = published + timedelta(hours=1)
        slug = f"beitrag-{post}"
        paragraphs = "\n\n".join(
            " ".join(_sentence(rng, 6, 18) for _ in range(rng.randint(2, 6)))
            for _ in range(rng.randint(2, 6))
        )
        terms = "".join(
            f'\t\t<category domain="category" nicename="kategorie-{c}"><![CDATA[{CATEGORIES[c]}]]>'
            "</category>\n"
            for c in rng.sample(range(len(CATEGORIES)), rng.randint(1, 2))
        ) + "".join(
            f'\t\t<category domain="post_tag" nicename="schlagwort-{t}"><![CDATA[{TAGS[t]}]]>'
            "</category>\n"
            for t in rng.sample(range(len(TAGS)), rng.randint(0, 3))
        )
        status = "draft" if post % 50 == 0 else "publish"
        out.write(
            f"""	<item>
		<title><![CDATA[{_sentence(rng, 2, 7)[:-1]}]]></title>
		<link>https://bench.example.org/{published:%Y/%m/%d}/{slug}/</link>
		<pubDate>{published:%a, %d %b %Y %H:%M:%S} +0000</pubDate>
		<dc:creator><![CDATA[autor{post % 5 + 1}]]></dc:creator>
		<guid isPermaLink="false">https://bench.example.org/?p={post}</guid>
		<description></description>
		<content:encoded><![CDATA[{paragraphs}]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>{post}</wp:post_id>
		<wp:post_date><![CDATA[{_date(local)}]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[{_date(published)}]]></wp:post_date_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:ping_status><![CDATA[open]]></wp:ping_status>
		<wp:post_name><![CDATA[{slug}]]></wp:post_name>
		<wp:status><![CDATA[{status}]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
{terms}		<wp:postmeta>
		<wp:meta_key><![CDATA[_edit_last]]></wp:meta_key>
		<wp:meta_value><![CDATA[1]]></wp:meta_value>
		</wp:postmeta>
"""
        )
        ids: list[int] = []
        for n in range(per_story + (1 if post <= extra else 0)):
            comment_id += 1
            written = published + timedelta(minutes=17 * (n + 1))
            roll = rng.random()
            kind = "pingback" if roll < 0.03 else "trackback" if roll < 0.05 else "comment"
            parent = rng.choice(ids) if ids and kind == "comment" and rng.random() < 0.35 else 0
            approved = "0" if roll > 0.97 else "spam" if roll > 0.95 else "1"
            user_id = rng.randint(1, 5) if rng.random() < 0.1 else 0
            ids.append(comment_id)
            guest = f"gast{comment_id % 997}"
            out.write(
                f"""		<wp:comment>
			<wp:comment_id>{comment_id}</wp:comment_id>
			<wp:comment_author><![CDATA[Gast {comment_id % 997}]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[{guest}@example.com]]></wp:comment_author_email>
			<wp:comment_author_url>https://{guest}.example.com/</wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[192.0.2.{comment_id % 250}]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[{_date(written + timedelta(hours=1))}]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[{_date(written)}]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[{_sentence(rng, 8, 40)}

{_sentence(rng, 4, 20)}]]></wp:comment_content>
			<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
			<wp:comment_type><![CDATA[{kind}]]></wp:comment_type>
			<wp:comment_parent>{parent}</wp:comment_parent>
			<wp:comment_user_id>{user_id}</wp:comment_user_id>
		</wp:comment>
"""
            )
        out.write("\t</item>\n")
    out.write("</channel>\n</rss>\n")


def child(path: str, trace: bool, profile: str | None) -> dict[str, object]:
    """Runs in a fresh process against one database: migrate, import, measure."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from federkiel.accounts.models import User
    from federkiel.porting.loader import load
    from federkiel.porting.wxr import WxrSource

    call_command("migrate", verbosity=0)
    owner = User.objects.create_user("importer", "importer@example.org", "x")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        import tracemalloc

        tracemalloc.start()
    source = WxrSource(Path(path))
    began = time.perf_counter()
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(load, source, blog_name="bench", owner=owner)
        profiler.dump_stats(profile)
    else:
        result = load(source, blog_name="bench", owner=owner)
    seconds = time.perf_counter() - began
    peak_python = None
    if trace:
        import tracemalloc

        peak_python = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "vendor": connection.vendor,
        "file_mb": Path(path).stat().st_size / 2**20,
        "stories": result.stories,
        "comments": result.comments,
        "seconds": seconds,
        "rss_before_mb": rss_before / 1024,  # Linux reports KiB
        "rss_after_mb": rss_after / 1024,
        "tracemalloc_peak_mb": peak_python,
    }


def run_child(
    env: dict[str, str], path: Path, trace: bool, profile: str | None
) -> dict[str, object]:
    args = [sys.executable, __file__, "--child", str(path)]
    if trace:
        args.append("--tracemalloc")
    if profile:
        args += ["--profile", profile]
    output = subprocess.run(args, env=env, check=True, capture_output=True, text=True, cwd=ROOT)
    return dict(json.loads(output.stdout.strip().splitlines()[-1]))


def _postgres(name: str | None) -> str:
    parts = urlsplit(PG_SERVER)
    return urlunsplit(parts._replace(path=f"/{name or 'postgres'}"))


def one_database(database: str, files: list[Path], base: dict[str, str], args) -> list[dict]:
    results = []
    for number, path in enumerate(files):
        profile = args.profile if number == 0 else None
        if database == "sqlite":
            with tempfile.TemporaryDirectory(prefix="federkiel-bench-db-") as data:
                env = {**base, "FEDERKIEL_DATA_DIR": data}
                results.append(run_child(env, path, args.tracemalloc, profile))
            continue
        import psycopg

        name = f"federkiel_bench_wxr_{os.getpid()}_{number}"
        with psycopg.connect(_postgres(None), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        try:
            env = {**base, "DATABASE_URL": _postgres(name)}
            results.append(run_child(env, path, args.tracemalloc, profile))
        finally:
            with psycopg.connect(_postgres(None), autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--smaller", type=int, default=10, help="also a file N times smaller")
    parser.add_argument("--tracemalloc", action="store_true", help="peak Python allocations")
    parser.add_argument("--profile", help="cProfile statistics of the large import to FILE")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.tracemalloc, args.profile)))
        return 0

    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    with tempfile.TemporaryDirectory(prefix="federkiel-bench-wxr-") as directory:
        sizes = [(args.stories, args.comments)]
        if args.smaller > 1:
            sizes.append((args.stories // args.smaller, args.comments // args.smaller))
        files = []
        for stories, comments in sizes:
            path = Path(directory) / f"wxr-{stories}-{comments}.xml"
            with path.open("w", encoding="utf-8") as out:
                write_wxr_file(out, stories, comments)
            files.append(path)
        base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        base["DJANGO_SETTINGS_MODULE"] = "federkiel.settings_test"
        for database in databases:
            print(f"{database}: importing …", file=sys.stderr)
            for result in one_database(database, files, base, args):
                traced = result["tracemalloc_peak_mb"]
                print(
                    f"{result['vendor']:<10} {result['stories']:>6} stories "
                    f"{result['comments']:>7} comments  file {result['file_mb']:6.1f} MB  "
                    f"load {result['seconds']:6.1f} s  peak RSS {result['rss_before_mb']:6.1f}"
                    f" → {result['rss_after_mb']:6.1f} MB"
                    + (f"  tracemalloc peak {traced:6.1f} MB" if traced is not None else "")
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
