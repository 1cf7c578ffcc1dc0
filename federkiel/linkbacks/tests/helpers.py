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


def assert_inert_where_shown(client, story, moderator, shown_text):
    """The story page and the moderation queue (every state a comment of the story is
    in) show `shown_text` and run nothing."""
    from federkiel.comments.models import Comment

    pages = [client.get(f"/{story.blog.name}/stories/{story.pk}/").content.decode()]
    client.force_login(moderator)
    for state in set(Comment.objects.filter(story=story).values_list("state", flat=True)):
        queue = client.get(f"/{story.blog.name}/comments/moderation/?state={state}")
        pages.append(queue.content.decode())
    for html in pages:
        assert shown_text in html
        assert active_content(html) == []
