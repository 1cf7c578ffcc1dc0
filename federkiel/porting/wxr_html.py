"""WordPress post and comment text as WordPress shows it.

WordPress stores classic-editor text without paragraph tags and adds them on display
("autop": a blank line starts a paragraph, a single line break becomes `<br />`). Block
editor text (`<!-- wp:… -->` comments) is stored as finished HTML and left alone.
`[caption]` shortcodes become `<figure>` with a `<figcaption>`; other shortcodes stay
as text, since only the WordPress plugins behind them could render them.
"""

from __future__ import annotations

import re

# Elements that end a paragraph: WordPress's own list, as far as HTML still has them.
_BLOCK = frozenset(
    {
        "address", "article", "aside", "audio", "blockquote", "canvas", "caption", "col",
        "colgroup", "dd", "details", "div", "dl", "dt", "embed", "fieldset", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
        "hr", "iframe", "legend", "li", "main", "map", "math", "menu", "nav", "noscript",
        "object", "ol", "option", "p", "picture", "pre", "section", "select", "source",
        "summary", "svg", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "tr",
        "ul", "video", "script", "style",
    }
)  # fmt: skip
# Their content is kept byte for byte.
_RAW = frozenset({"pre", "script", "style", "textarea", "svg", "math"})
# Where loose text becomes paragraphs, as on a WordPress page.
_PARAGRAPH_CONTEXTS = frozenset({"blockquote"})
# Containers whose text becomes paragraphs only when it has blank lines in it.
_FLOW = frozenset(
    {"div", "section", "article", "aside", "header", "footer", "main", "nav", "details"}
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)  # fmt: skip

_TOKEN = re.compile(r"(<!--.*?-->|<[^<>]*>)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
BREAK = "<br />\n"
_MORE = re.compile(r"[ \t]*\n?[ \t]*<!--(?:more|nextpage)\b.*?-->[ \t]*\n?", re.DOTALL)
_CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
_CAPTION_MEDIA = re.compile(
    r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)\s*(.*?)\s*$", re.DOTALL | re.IGNORECASE
)
_CAPTION_ATTRIBUTE = re.compile(r"""\bcaption\s*=\s*(["'])(.*?)\1""", re.DOTALL)


def is_block_editor_text(text: str) -> bool:
    return "<!-- wp:" in text


def wordpress_html(text: str) -> str:
    """A post's stored text as the HTML WordPress would show."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if is_block_editor_text(text):
        return text
    if "<" not in text and "[" not in text:
        return plain_paragraphs(text)
    # The teaser mark and page breaks read best as a paragraph break.
    text = _MORE.sub("\n\n", text)
    return autop(captions_to_figures(text))


def plain_paragraphs(text: str) -> str:
    """`autop` for text without any markup (most comments), without tokenising it."""
    paragraphs = (p.strip() for p in _BLANK_LINE.split(text))
    return "\n".join("<p>" + _LINE_BREAK.sub(BREAK, p) + "</p>" for p in paragraphs if p)


def captions_to_figures(text: str) -> str:
    def figure(match: re.Match[str]) -> str:
        media = _CAPTION_MEDIA.match(match.group(2))
        if media is None:
            return match.group(0)
        caption = media.group(2)
        if not caption:
            attribute = _CAPTION_ATTRIBUTE.search(match.group(1))
            caption = attribute.group(2) if attribute else ""
        inner = media.group(1)
        if caption:
            inner += f"<figcaption>{caption}</figcaption>"
        return f"<figure>{inner}</figure>"

    return _CAPTION.sub(figure, text)


def _tag(token: str) -> tuple[bool, str] | None:
    """(closing, name) of a tag token; None for text and comments."""
    if token.startswith("<!--"):
        return None
    match = _TAG.match(token)
    if match is None:
        return None
    return match.group(1) == "/", match.group(2).lower()


def autop(text: str) -> str:
    """Paragraphs and line breaks for text written without them."""
    tokens = [t for t in _TOKEN.split(text) if t]
    out: list[str] = []
    run: list[str] = []  # inline tokens since the last block boundary
    stack: list[str] = []  # open block elements
    raw: str | None = None  # inside <pre> and the like until its end tag

    def flush() -> None:
        if run:
            out.append(_inline(run, stack[-1] if stack else None))
            run.clear()

    for token in tokens:
        tag = _tag(token)
        if raw is not None:
            out.append(token)
            if tag == (True, raw):
                raw = None
                if stack and stack[-1] == tag[1]:
                    stack.pop()
            continue
        if tag is None or tag[1] not in _BLOCK:
            run.append(token)
            continue
        closing, name = tag
        flush()
        out.append(token)
        if closing:
            if name in stack:
                while stack and stack.pop() != name:
                    pass
        elif name not in _VOID and not token.rstrip().endswith("/>"):
            stack.append(name)
            if name in _RAW:
                raw = name
    flush()
    return "".join(out).strip()


def _inline(tokens: list[str], container: str | None) -> str:
    """Loose text between two block boundaries, inside `container` (None: top level)."""
    paragraphs: list[list[str]] = [[]]
    for token in tokens:
        if token.startswith("<"):
            paragraphs[-1].append(token)
            continue
        parts = _BLANK_LINE.split(token)
        paragraphs[-1].append(parts[0])
        for part in parts[1:]:
            paragraphs.append([part])
    shaped = [_line_breaks(p) for p in paragraphs]
    shaped = [p for p in shaped if p]
    if not shaped:
        # Whitespace between blocks keeps one line break, for readable source.
        return "\n" if any("\n" in t for t in tokens if not t.startswith("<")) else ""
    wrap = (
        container is None
        or container in _PARAGRAPH_CONTEXTS
        or (container in _FLOW and len(shaped) > 1)
    )
    if not wrap:
        return "\n".join(shaped)
    lead = "\n" if not tokens[0].startswith("<") and "\n" in _leading_space(tokens[0]) else ""
    return lead + "".join(p + "\n" if _only_comments(p) else f"<p>{p}</p>\n" for p in shaped)


def _leading_space(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _only_comments(html: str) -> bool:
    return not _COMMENT.sub("", html).strip()


def _line_breaks(tokens: list[str]) -> str:
    """Join one paragraph's tokens, trimmed, with single line breaks as `<br />`."""
    tokens = list(tokens)
    while tokens and not tokens[0].startswith("<") and not tokens[0].strip():
        tokens.pop(0)
    while tokens and not tokens[-1].startswith("<") and not tokens[-1].strip():
        tokens.pop()
    if not tokens:
        return ""
    if not tokens[0].startswith("<"):
        tokens[0] = tokens[0].lstrip()
    if not tokens[-1].startswith("<"):
        tokens[-1] = tokens[-1].rstrip()
    pieces: list[str] = []
    after_break = False
    for token in tokens:
        if token.startswith("<"):
            pieces.append(token)
            after_break = _tag(token) == (False, "br")
            continue
        if after_break and token.startswith("\n"):
            # "line<br />\nline": the author's own break; keep it, add none.
            pieces.append("\n")
            token = token[1:]
        pieces.append(_LINE_BREAK.sub(BREAK, token))
        after_break = False
    return "".join(pieces)
