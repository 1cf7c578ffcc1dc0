"""Helpers for the linkback tests."""

from html.parser import HTMLParser


class _ActiveContent(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"script: {data.strip()[:80]}")

    def handle_endtag(self, tag):
        self._in_script = False


def active_content(html: str) -> list[str]:
    """Scripts and event-handler or javascript: attributes a browser would run."""
    parser = _ActiveContent()
    parser.feed(html)
    return parser.found
