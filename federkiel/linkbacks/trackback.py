"""Trackback 1.1: the form a ping sends and the XML answer."""

from __future__ import annotations

import codecs
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

from django.http import HttpRequest, HttpResponse

from federkiel.comments.models import Comment
from federkiel.linkbacks.receiving import Incoming, without_markup

FIELDS = ("title", "excerpt", "url", "blog_name")
MAX_FIELDS = 20


def decode(data: bytes, charset: str) -> str:
    """Bytes in the declared charset; undeclared ones as UTF-8, else Windows-1252 (what
    old blog software sends without saying)."""
    if charset:
        try:
            return data.decode(codecs.lookup(charset).name, "replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def form_fields(request: HttpRequest) -> dict[str, str]:
    """The ping's fields, each value decoded by the charset of the Content-Type header
    (form-encoded, as Trackback 1.1 says; other forms as Django reads them)."""
    if request.content_type != "application/x-www-form-urlencoded":
        return {name: request.POST.get(name, "") for name in FIELDS}
    charset = request.content_params.get("charset", "") if request.content_params else ""
    try:
        pairs = parse_qsl(
            request.body.decode("latin-1"),
            keep_blank_values=True,
            encoding="latin-1",
            max_num_fields=MAX_FIELDS,
        )
    except ValueError:  # more fields than a ping has: read none of them
        return {}
    fields: dict[str, str] = {}
    for name, value in pairs:
        if name in FIELDS and name not in fields:
            fields[name] = decode(value.encode("latin-1"), charset)
    return fields


def incoming_trackback(fields: dict[str, str], ip_address: str | None, user_agent: str) -> Incoming:
    return Incoming(
        kind=Comment.Kind.TRACKBACK,
        source_url=fields.get("url", ""),
        title=without_markup(fields.get("title", "")),
        excerpt=without_markup(fields.get("excerpt", "")),
        author_name=without_markup(fields.get("blog_name", "")),
        ip_address=ip_address,
        user_agent=user_agent,
    )


def response(error: str | None = None, status: int = 200) -> HttpResponse:
    """`<error>0</error>` for success, else `<error>1</error>` with the message."""
    body = '<?xml version="1.0" encoding="utf-8"?>\n<response>\n'
    if error is None:
        body += "<error>0</error>\n"
    else:
        body += f"<error>1</error>\n<message>{escape(error)}</message>\n"
    body += "</response>\n"
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
