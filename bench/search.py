"""Search benchmark: 100,000 stories and 50,000 comments on SQLite and on PostgreSQL,
query times side by side.

    .venv/bin/python bench/search.py [--stories 100000] [--comments 50000] [--repeat 7]

Creates a temporary SQLite file and a temporary PostgreSQL database on 127.0.0.1:5432
(user postgres; dropped again at the end), fills each with the same generated blogs,
stories and comments (bulk insert, then bulk indexing; every 15th comment is held for
moderation and stays out of the index), runs a set of realistic searches through
`federkiel.search.query.search` (what a results page calls, snippets included) and
prints the median and 95th percentile time per query for both databases, each query
in two variants run alternately: ranking every match, and the newest
`query.CANDIDATES` only (the default).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def _words(text: str) -> list[str]:
    return text.split()


GERMAN = _words(
    "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch "
    "es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über "
    "so zum war haben nur oder aber vor zur bis mehr durch man dann heute wieder schon "
    "Haus Häuser Garten Wetter Regen Sonne Meer Hafen Schiff Segeln Fahrrad Urlaub Reise "
    "Kiel Hamburg Berlin Stadt Dorf Straße Bahn Zug Kaffee Kuchen Buch Bücher Musik Konzert "
    "Fußball Spiel Mannschaft Abend Morgen Woche Sommer Winter Herbst Frühling Schnee Wind "
    "Freunde Familie Kinder Schule Arbeit Büro Computer Internet Blog Kommentar Foto Bilder "
    "Katze Hund Vogel Möwe Leuchtturm Strand Wald Berg See Fluss Brücke Markt Essen Küche "
    "laufen gehen fahren schreiben lesen denken sagen sehen finden spielen kochen backen "
    "alt neu groß klein schön gut schlecht lang kurz warm kalt hell dunkel schnell langsam"
)
ENGLISH = _words(
    "the and of to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they you were her all she there would their we him been has when who "
    "will more no if out so said what up its about into than them can only other new some "
    "house houses garden weather rain sun sea harbour ship sailing bicycle holiday journey "
    "London Boston city village street train coffee cake book books music concert football "
    "game team evening morning week summer winter autumn spring snow wind friends family "
    "children school work office computer internet blog comment photo pictures cat dog bird "
    "gull lighthouse beach forest mountain lake river bridge market food kitchen running "
    "walking driving writing reading thinking saying seeing finding playing cooking baking "
    "old big small beautiful good bad long short warm cold bright dark fast slow"
)
SYLLABLES = _words("ka lo mi ra tu ne vo si pe da gu ri fe no ba ti lu ze mo ha")


def vocabulary(common: list[str], rng: random.Random, rare: int) -> tuple[list[str], list[float]]:
    """Common words first, then made-up rare ones; cumulative Zipf weights by rank."""
    made_up = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(3, 4))) for _ in range(rare)})
    words = common + made_up
    return words, list(accumulate(1.0 / (rank + 1) for rank in range(len(words))))


def queries() -> list[tuple[str, str, str, str]]:
    """(label, query, scope, viewer): scope 'platform' or 'blog' (a German or English one)."""
    return [
        ("de one word", "Garten", "blog-de", "guest"),
        ("de stemmed", "Häusern", "blog-de", "guest"),
        ("de two words", "Fahrrad Urlaub", "blog-de", "guest"),
        ("de phrase", '"das Wetter"', "blog-de", "guest"),
        ("de exclusion", "Wetter -Regen", "blog-de", "guest"),
        ("en one word", "garden", "blog-en", "guest"),
        ("en two words", "bicycle holiday", "blog-en", "guest"),
        ("platform one word", "Leuchtturm", "platform", "guest"),
        ("platform two words", "Kaffee Kuchen", "platform", "guest"),
        ("platform rare word", "RARE", "platform", "guest"),
        ("platform, member", "Hafen Schiff", "platform", "member"),
        ("platform, page 3", "Katze", "platform-p3", "guest"),
        ("platform very common", "Haus", "platform", "guest"),
        ("platform no match", "Quantenchromodynamik", "platform", "guest"),
    ]


def child(stories: int, comments: int, repeat: int) -> dict[str, object]:
    """Runs inside one database: migrate, fill, index, search. Prints JSON."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "federkiel.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from federkiel.accounts.models import User
    from federkiel.blogs.models import Blog, Membership, Role, Visibility
    from federkiel.comments.models import Comment
    from federkiel.search import query
    from federkiel.search.indexing import index_comments_in_bulk, index_stories_in_bulk
    from federkiel.search.query import search
    from federkiel.stories.models import Story

    call_command("migrate", verbosity=0)
    rng = random.Random(20090108)
    german, german_weights = vocabulary(GERMAN, rng, 4000)
    english, english_weights = vocabulary(ENGLISH, rng, 4000)
    rare_word = german[-7]
    now = timezone.now()

    started = time.perf_counter()
    blog_count = 200
    users = User.objects.bulk_create(
        User(username=f"writer{i}", email=f"writer{i}@example.org") for i in range(blog_count)
    )
    blogs = Blog.objects.bulk_create(
        Blog(
            name=f"blog{i:03d}",
            title=f"Blog {i}",
            language="de" if i % 2 == 0 else "en",
            visibility=Visibility.RESTRICTED
            if i % 10 == 3
            else Visibility.CLOSED
            if i % 20 == 7
            else Visibility.PUBLIC,
        )
        for i in range(blog_count)
    )
    Membership.objects.bulk_create(
        Membership(blog=blog, user=user, role=Role.OWNER)
        for blog, user in zip(blogs, users, strict=True)
    )
    member = users[0]
    Membership.objects.bulk_create(
        Membership(blog=blog, user=member, role=Role.SUBSCRIBER)
        for blog in blogs[1:]
        if blog.visibility != Visibility.PUBLIC
    )

    def story(i: int) -> Story:
        blog = blogs[i % blog_count]
        words, weights = (
            (german, german_weights) if blog.language == "de" else (english, english_weights)
        )
        title = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(3, 6))).capitalize()
        paragraphs = [
            " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(30, 60))) + "."
            for _ in range(rng.randint(1, 4))
        ]
        return Story(
            blog=blog,
            author=users[i % blog_count],
            title=title,
            slug=f"s-{i}",
            text="\n\n".join(paragraphs),
            rendered_html="".join(f"<p>{p}</p>" for p in paragraphs),
            status=Story.Status.DRAFT if i % 25 == 0 else Story.Status.PUBLISHED,
            published_at=now - timedelta(minutes=i),
        )

    commentable: list[tuple[int, str]] = []  # (story id, language)
    for start in range(0, stories, 5000):
        with transaction.atomic():
            made = Story.objects.bulk_create(
                story(i) for i in range(start, min(stories, start + 5000))
            )
            commentable += [
                (s.pk, s.blog.language) for s in made if s.status == Story.Status.PUBLISHED
            ]

    def comment(i: int) -> Comment:
        story_id, language = commentable[rng.randrange(len(commentable))]
        words, weights = (
            (german, german_weights) if language == "de" else (english, english_weights)
        )
        text = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(8, 40))) + "."
        return Comment(
            story_id=story_id,
            guest_name=f"Gast {i % 500}",
            text=text,
            rendered_html=f"<p>{text}</p>",
            state=Comment.State.PENDING if i % 15 == 0 else Comment.State.PUBLISHED,
            created_at=now - timedelta(seconds=i),
        )

    for start in range(0, comments, 5000):
        with transaction.atomic():
            Comment.objects.bulk_create(
                comment(i) for i in range(start, min(comments, start + 5000))
            )
    inserted = time.perf_counter() - started

    started = time.perf_counter()
    with transaction.atomic():
        indexed = index_stories_in_bulk(
            Story.objects.select_related("blog", "author").order_by("pk").iterator(2000)
        )
        indexed += index_comments_in_bulk(
            Comment.objects.published()
            .select_related("story__blog", "author")
            .order_by("pk")
            .iterator(2000)
        )
    indexing = time.perf_counter() - started
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_entry")
            # Every table's statistics, as autovacuum would have them (the blogs' too).
            cursor.execute("ANALYZE")

    german_blog = Blog.objects.get(name="blog002")
    english_blog = Blog.objects.get(name="blog001")
    timings: dict[str, dict[str, float]] = {}
    for label, text, scope, viewer in queries():
        text = text.replace("RARE", rare_word)
        blog = {"blog-de": german_blog, "blog-en": english_blog}.get(scope)
        page = 3 if scope.endswith("p3") else 1
        who = member if viewer == "member" else None
        # A/B, alternating run by run: ranking every match, or the newest ones only.
        variants = {"all": None, "capped": query.CANDIDATES}
        samples: dict[str, list[float]] = {name: [] for name in variants}
        for run in range(repeat + 1):  # the first run of each is a warm-up
            for name, candidates in variants.items():
                query.CANDIDATES = candidates
                begin = time.perf_counter()
                results = search(text, who, blog=blog, page=page)
                if run:
                    samples[name].append((time.perf_counter() - begin) * 1000)
        query.CANDIDATES = variants["capped"]
        timings[label] = {"hits": results.total, "more": results.more}
        for name, times in samples.items():
            times.sort()
            timings[label][f"{name}_median"] = statistics.median(times)
            timings[label][f"{name}_p95"] = times[
                min(len(times) - 1, round(0.95 * (len(times) - 1)))
            ]
    return {
        "vendor": connection.vendor,
        "stories": stories,
        "comments": comments,
        "indexed": indexed,
        "insert_seconds": inserted,
        "index_seconds": indexing,
        "timings": timings,
    }


def run_child(env: dict[str, str], stories: int, comments: int, repeat: int) -> dict[str, object]:
    output = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            *("--stories", str(stories), "--comments", str(comments), "--repeat", str(repeat)),
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return dict(json.loads(output.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per query")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="one database only")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.stories, args.comments, args.repeat)))
        return 0

    import psycopg

    results = []
    with tempfile.TemporaryDirectory(prefix="federkiel-bench-") as directory:
        base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        base.update(FEDERKIEL_DATA_DIR=directory, DJANGO_SETTINGS_MODULE="federkiel.settings")
        if args.only in (None, "sqlite"):
            print(f"SQLite: {args.stories} stories, {args.comments} comments …", file=sys.stderr)
            results.append(run_child(base, args.stories, args.comments, args.repeat))
        if args.only in (None, "postgresql"):
            name = f"federkiel_bench_{os.getpid()}"
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE {name}")
            try:
                print(f"PostgreSQL: {args.stories} stories, {args.comments} comments …",
                      file=sys.stderr)  # fmt: skip
                env = {**base, "DATABASE_URL": f"{PG_SERVER}/{name}"}
                results.append(run_child(env, args.stories, args.comments, args.repeat))
            finally:
                with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
                    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    for result in results:
        print(
            f"{result['vendor']}: {result['stories']} stories and {result['comments']} "
            f"comments inserted in "
            f"{result['insert_seconds']:.1f} s, {result['indexed']} entries indexed in "
            f"{result['index_seconds']:.1f} s"
        )
    print("median / p95 ms; 'all' ranks every match, 'capped' the newest 1,000 (the default)")
    header = f"{'query':<24}" + "".join(
        f"{r['vendor'] + ' all':>20}{r['vendor'] + ' capped':>20}{'hits':>7}" for r in results
    )
    print(header)
    for label, *_ in queries():
        row = f"{label:<24}"
        for result in results:
            timing = result["timings"][label]  # type: ignore[index]
            hits = f"{timing['hits']}{'+' if timing['more'] else ''}"
            for name in ("all", "capped"):
                row += f"{timing[name + '_median']:>11.1f} / {timing[name + '_p95']:>6.1f}"
            row += f"{hits:>7}"
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
