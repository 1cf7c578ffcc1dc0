"""Feed checks for the tests: feedparser, jing with RFC 4287's schema, JSON Feed 1.1."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import feedparser

ATOM_SCHEMA = Path(__file__).with_name("atom.rnc")


def parse(body: bytes):
    """The parsed feed; fails on anything feedparser finds malformed."""
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def validate_atom(*documents: bytes) -> None:
    """Validate Atom documents against RFC 4287's RELAX NG schema, in one jing run."""
    jing = shutil.which("jing")
    assert jing, "jing is missing: `make system-deps` installs it"
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for number, document in enumerate(documents):
            path = Path(tmp) / f"feed{number}.xml"
            path.write_bytes(document)
            paths.append(str(path))
        result = subprocess.run(
            [jing, "-c", str(ATOM_SCHEMA), *paths], capture_output=True, text=True, check=False
        )
    assert result.returncode == 0, result.stdout


def check_json_feed(body: bytes) -> Any:
    """The JSON Feed 1.1 document, after checking what the spec requires."""
    feed = json.loads(body)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert isinstance(feed["items"], list)
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_html"), str) or isinstance(
            item.get("content_text"), str
        )
    return feed
