"""Small WXR documents for the WXR tests, and reading a source into lists."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from federkiel.porting.wxr import WxrSource

FIXTURES = Path(__file__).parent / "fixtures" / "wxr"


def wxr(
    items: str = "", *, version: str = "1.2", channel: str = "", language: str = "de-DE"
) -> str:
    """A WXR file's text: a channel with `channel` (authors, terms) and `items`."""
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/{version}/">
<channel>
	<title>Testblog</title>
	<link>https://test.example.org</link>
	<description>Nur ein Test</description>
	<language>{language}</language>
	<wp:wxr_version>{version}</wp:wxr_version>
	<wp:base_blog_url>https://test.example.org</wp:base_blog_url>
{channel}
{items}
</channel>
</rss>
"""


def item(
    post_id: int | str = 1,
    *,
    title: str = "Ein Beitrag",
    content: str = "Text.",
    post_type: str = "post",
    status: str = "publish",
    date: str = "2024-03-10 14:30:00",
    date_gmt: str = "2024-03-10 13:30:00",
    comments: str = "",
    extra: str = "",
) -> str:
    return f"""<item>
	<title><![CDATA[{title}]]></title>
	<link>https://test.example.org/?p={post_id}</link>
	<dc:creator><![CDATA[anna]]></dc:creator>
	<content:encoded><![CDATA[{content}]]></content:encoded>
	<wp:post_id>{post_id}</wp:post_id>
	<wp:post_date><![CDATA[{date}]]></wp:post_date>
	<wp:post_date_gmt><![CDATA[{date_gmt}]]></wp:post_date_gmt>
	<wp:status><![CDATA[{status}]]></wp:status>
	<wp:post_type><![CDATA[{post_type}]]></wp:post_type>
	{extra}
	{comments}
</item>"""


def comment(
    comment_id: int | str,
    *,
    parent: int | str = 0,
    approved: str = "1",
    comment_type: str = "comment",
    date: str = "2024-03-11 10:00:00",
    date_gmt: str = "2024-03-11 09:00:00",
    user_id: int = 0,
    content: str = "Ein Kommentar.",
) -> str:
    return f"""<wp:comment>
	<wp:comment_id>{comment_id}</wp:comment_id>
	<wp:comment_author><![CDATA[Gast {comment_id}]]></wp:comment_author>
	<wp:comment_author_email><![CDATA[gast{comment_id}@example.com]]></wp:comment_author_email>
	<wp:comment_date><![CDATA[{date}]]></wp:comment_date>
	<wp:comment_date_gmt><![CDATA[{date_gmt}]]></wp:comment_date_gmt>
	<wp:comment_content><![CDATA[{content}]]></wp:comment_content>
	<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
	<wp:comment_type><![CDATA[{comment_type}]]></wp:comment_type>
	<wp:comment_parent>{parent}</wp:comment_parent>
	<wp:comment_user_id>{user_id}</wp:comment_user_id>
</wp:comment>"""


def write(tmp_path: Path, text: str | bytes, name: str = "export.xml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def read(path: Path, **kwargs) -> dict[str, list]:
    """The source's records grouped by type name ("StoryRecord": [...])."""
    grouped: dict[str, list] = defaultdict(list)
    for record in WxrSource(path, **kwargs).records():
        grouped[type(record).__name__].append(record)
    return grouped
