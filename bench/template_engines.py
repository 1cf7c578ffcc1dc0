"""Template engines for blog pages: Jinja2's ImmutableSandboxedEnvironment vs python-liquid.

Renders the data of one story page (story, 20 comments with replies, sidebar with
four modules, 30 layout labels) through equivalent templates in both engines
(bench/templates/jinja and bench/templates/liquid, modelled on the default layout), in one
run, alternating the engines, and prints the median time per render and the ratio.
Both engines autoescape; the outputs are checked to be the same HTML first.

    .venv/bin/python bench/template_engines.py [--renders 200] [--repeats 15]

(`make bench` runs it.) Needs no database: the data has the shape the presenters
(`federkiel.stories.presenters.story_data` and friends) produce.
"""

from __future__ import annotations

import argparse
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import liquid
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parent / "templates"


LABEL_KEYS = [
    "home", "stories", "topics", "permalink", "edit", "by", "former_member", "newer", "older",
    "page", "no_stories", "draft", "scheduled", "comments_closed", "trackback_url",
    "user_status", "not_signed_in", "sign_in", "sign_out", "profile", "write_story", "manage",
    "skip_to_content", "sidebar", "powered_by", "delete", "archive", "calendar", "search",
    "subscribe",
]  # fmt: skip


def story_page_data() -> dict[str, Any]:
    paragraph = (
        '<p>Heute war ich am <em>Hafen</em> und habe <a href="https://example.org/" '
        'rel="noopener nofollow ugc">Schiffe</a> gezählt: &lt;viele&gt; &amp; große.</p>\n'
    )
    labels = {key: f"Label {key} – „{key}“" for key in LABEL_KEYS}
    comments = [
        {
            "heading": f"Also sprach <leser{n}> am Donnerstag, 8. Januar 2009, 21:{n:02d}:",
            "html": Markup(f"<p>Kommentar {n} mit <strong>Meinung</strong> &amp; Text.</p>"),
            "replies": [
                {"author": "PeZwo", "date": "8. Jan, 23:47", "html": Markup("<p>Danke!</p>")}
                for _ in range(n % 3)
            ],
        }
        for n in range(20)
    ]
    return {
        "blog": {
            "name": "kiel",
            "title": "Kieler <Nachrichten>",
            "tagline": "Von der Förde & drumherum",
            "language": "de",
            "url": "/kiel/",
        },
        "viewer": {"signed_in": False, "login_url": "/accounts/login/?next=%2Fkiel%2F"},
        "t": labels,
        "feeds": [
            {"type": "application/rss+xml", "title": "RSS", "url": "/kiel/rss"},
            {"type": "application/atom+xml", "title": "Atom", "url": "/kiel/atom"},
        ],
        "story": {
            "id": 1,
            "title": "Über Füße & \"Schuhe\"",
            "html": Markup(paragraph * 12),
            "url": "/kiel/stories/ueber-fuesse/",
            "published_long": "Donnerstag, 8. Januar 2009, 21:59",
            "published_short": "8. Jan, 21:59",
            "published_iso": "2009-01-08T21:59:00+01:00",
            "author": {"name": "schlafmuetze", "url": "https://example.org/~s", "former": False},
            "topics": [{"name": f"Thema {n}", "slug": f"thema-{n}"} for n in range(5)],
            "edit_url": "",
        },
        "comments": comments,
        "sidebar": [
            {"kind": "userstatus", "title": "User Status"},
            {
                "kind": "recent",
                "title": "zuletzt geschrieben",
                "entries": [
                    {"url": f"/kiel/stories/{n}/", "title": f"Beitrag <{n}>", "author": "olga",
                     "date": "15. Jul, 02:09"}
                    for n in range(10)
                ],
            },
            {
                "kind": "topics",
                "title": "Themen",
                "entries": [
                    {"url": f"/kiel/topics/t{n}/", "name": f"Thema {n}", "count": n}
                    for n in range(15)
                ],
            },
            {"kind": "text", "title": "Carpe Diem", "html": Markup("<p>CDs im Auto</p>")},
        ],
    }  # fmt: skip


def jinja_renderer() -> Callable[[dict[str, Any]], str]:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(TEMPLATES / "jinja"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    template = env.get_template("story.html")
    return lambda data: template.render(data)


def liquid_renderer() -> Callable[[dict[str, Any]], str]:
    env = liquid.Environment(
        extra=True, autoescape=True, loader=liquid.CachingFileSystemLoader(TEMPLATES / "liquid")
    )
    template = env.get_template("story.html")
    return lambda data: template.render(**data)


def normalised(html: str) -> str:
    """The same markup whatever whitespace the two engines keep around tags."""
    return re.sub(r"\s+", " ", re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html))).strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200, help="renders per sample")
    parser.add_argument("--repeats", type=int, default=15, help="samples per engine")
    args = parser.parse_args()

    data = story_page_data()
    engines = {"jinja2 sandbox": jinja_renderer(), "python-liquid": liquid_renderer()}
    outputs = {name: normalised(render(data)) for name, render in engines.items()}
    if len(set(outputs.values())) != 1:
        print("The engines render different HTML; the templates are not equivalent.")
        return 1
    size = len(next(iter(engines.values()))(data).encode())

    samples: dict[str, list[float]] = {name: [] for name in engines}
    for _ in range(args.repeats):  # alternate, so drift on a shared machine hits both
        for name, render in engines.items():
            start = time.perf_counter()
            for _ in range(args.renders):
                render(data)
            samples[name].append((time.perf_counter() - start) / args.renders)

    print(f"Story page ({size} bytes of HTML), {args.repeats} samples x {args.renders} renders")
    print(
        f"Python {platform.python_version()}, Jinja2 {jinja2.__version__}, "
        f"python-liquid {liquid.__version__}"
    )
    medians = {name: statistics.median(times) for name, times in samples.items()}
    for name, median in medians.items():
        spread = max(samples[name]) - min(samples[name])
        print(f"  {name:15} median {median * 1e3:7.3f} ms/render  (spread {spread * 1e3:.3f} ms)")
    ratio = medians["python-liquid"] / medians["jinja2 sandbox"]
    print(f"  python-liquid / jinja2 sandbox = {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
