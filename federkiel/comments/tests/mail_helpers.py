"""Reading comment mails that arrived at the loopback SMTP server."""

import re
from urllib.parse import urlsplit


def body(message):
    return message.get_content().replace("\r\n", "\n")


def header(message, name):
    """A header's value as a mail program reads it (unfolded)."""
    return " ".join(str(message[name]).split())


def subject(message):
    return header(message, "Subject")


def links(message):
    """Every URL in a message's body, in order."""
    return re.findall(r"https?://\S+", body(message))


def link_after(message, words):
    """The URL on the line after the line that says `words`."""
    lines = body(message).splitlines()
    for number, line in enumerate(lines[:-1]):
        if words in line:
            return lines[number + 1].strip()
    raise AssertionError(f"no link after {words!r} in:\n{body(message)}")


def path_of(url):
    """A URL as the test client requests it: path and query."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
