"""Plain data for the sidebar modules of a blog page.

Each kind has one presenter that gets all visible modules of that kind at once and
returns one dict per module, so a page costs the same queries however many modules
it shows: one for the modules, then at most a fixed few per kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from markupsafe import Markup

from federkiel.archive.calendar import this_months_calendar
from federkiel.archive.topics import topics_with_counts
from federkiel.blogs.dates import iso, short_date
from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog
from federkiel.blogs.permissions import Action, can
from federkiel.comments.models import Comment
from federkiel.comments.text import excerpt
from federkiel.feeds.formats import FORMATS
from federkiel.feeds.links import NAMES, blog_comment_feed_links, blog_feed_links
from federkiel.search.text import MAX_QUERY_LENGTH
from federkiel.sidebar.arranging import default_modules
from federkiel.sidebar.kinds import Kind
from federkiel.sidebar.models import Module, Sidebar
from federkiel.sidebar.text import clean_box_html
from federkiel.stats.figures import top_referrers, view_counts
from federkiel.stories.models import Story

# None for a module with nothing to show (it is left out of the page).
ModuleData = dict[str, Any]
Presenter = Callable[[HttpRequest, Blog, list[Module]], list[ModuleData | None]]

RECENT_MAX = 20
# The referrer list shows the referring sites of this many days.
REFERRER_DAYS = 7
# Characters of a comment shown in "recently written".
EXCERPT_LENGTH = 60


def present_text(
    request: HttpRequest, blog: Blog, modules: list[Module]
) -> list[ModuleData | None]:
    # Stored clean; cleaned again with the widest allow-list in case a row was edited
    # by other means (the admin, an import).
    result: list[ModuleData | None] = []
    for module in modules:
        html = clean_box_html(str(module.setting("text", "")), rich=True)
        result.append({"html": Markup(html)} if html.strip() else None)  # noqa: S704
    return result


def _count(module: Module) -> int:
    count = module.setting("count", 5)
    return max(1, min(RECENT_MAX, count)) if isinstance(count, int) else 5


def recent_stories(blog: Blog, limit: int) -> list[dict[str, Any]]:
    """The newest published stories of this blog only; drafts and scheduled stay out."""
    stories = (
        Story.objects.published()
        .filter(blog=blog)
        .select_related("author")
        .only(
            "pk",
            "slug",
            "title",
            "published_at",
            "blog_id",
            "author__username",
            "author__display_name",
        )
        .order_by("-published_at", "-id")[:limit]
    )
    return [
        {
            "title": story.title,
            "url": blog_reverse(blog.name, "stories:detail", key=story.slug or str(story.pk)),
            "author": story.author.public_name if story.author else "",
            "date": short_date(story.published_at, blog),
            "iso": iso(story.published_at, blog),
            "kind": "story",
            "about": "",
            "moment": story.published_at,
        }
        for story in stories
    ]


def recent_comments(blog: Blog, limit: int) -> list[dict[str, Any]]:
    """The newest published comments on this blog's published stories."""
    comments = (
        Comment.objects.visible()
        .of_blog(blog)
        .select_related("author", "story")
        .only(
            "pk",
            "kind",
            "guest_name",
            "rendered_html",
            "created_at",
            "story__slug",
            "story__title",
            "author__username",
            "author__display_name",
        )
        .order_by("-created_at", "-id")[:limit]
    )
    entries = []
    for comment in comments:
        story = comment.story
        url = blog_reverse(blog.name, "stories:detail", key=story.slug or str(story.pk))
        entries.append(
            {
                "title": excerpt(comment.rendered_html, EXCERPT_LENGTH) or story.title,
                "url": f"{url}#comment-{comment.pk}",
                "about": _("Comment on “%(story)s”") % {"story": story.title},
                "kind": "comment",
                "author": comment.display_name,
                "date": short_date(comment.created_at, blog),
                "iso": iso(comment.created_at, blog),
                "moment": comment.created_at,
            }
        )
    return entries


def present_recent(
    request: HttpRequest, blog: Blog, modules: list[Module]
) -> list[ModuleData | None]:
    """Stories and comments mixed, newest first; two queries however many modules."""
    limit = max(_count(m) for m in modules)
    entries = recent_stories(blog, limit) + recent_comments(blog, limit)
    entries.sort(key=lambda entry: entry["moment"], reverse=True)
    plain = [{k: v for k, v in entry.items() if k != "moment"} for entry in entries]
    return [{"entries": plain[: _count(m)]} for m in modules]


def present_user_status(
    request: HttpRequest, blog: Blog, modules: list[Module]
) -> list[ModuleData | None]:
    arrange_url = (
        blog_reverse(blog.name, "sidebar:manage") if can(request.user, blog, Action.LAYOUT) else ""
    )
    return [{"arrange_url": arrange_url} for _m in modules]


def present_blog_status(
    request: HttpRequest, blog: Blog, modules: list[Module]
) -> list[ModuleData | None]:
    today = timezone.localtime(timezone.now(), blog.tz).date()
    days = max(0, (today - timezone.localtime(blog.created_at, blog.tz).date()).days)
    data = {
        "online_since": ngettext("Online for %(days)s day", "Online for %(days)s days", days)
        % {"days": formats.number_format(days, force_grouping=True)},
        "updated": short_date(blog.updated_at, blog),
        "updated_iso": iso(blog.updated_at, blog),
    }
    return [dict(data) for _m in modules]


def spelled_out(address: str) -> str:
    """'olga (at) example (dot) org': readable for people, not a pattern for harvesters."""
    local, _sep, domain = address.partition("@")
    at = _("(at)")
    dot = _("(dot)")
    return f"{local} {at} " + f" {dot} ".join(domain.split("."))


def present_contact(
    request: HttpRequest, blog: Blog, modules: list[Module]
) -> list[ModuleData | None]:
    result: list[ModuleData | None] = []
    for module in modules:
        address = str(module.setting("address", ""))
        as_link = module.setting("show_as") == "link"
        result.append(
            {
                "address_text": address if as_link else spelled_out(address),
                "mailto": f"mailto:{address}" if as_link else "",
            }
            if "@" in address
            else None
        )
    return result


def web_links(stored: Any) -> list[dict[str, str]]:
    """The stored links that are http(s) addresses; anything else is skipped."""
    links = stored if isinstance(stored, list) else []
    return [
        {"title": str(link.get("title") or link["url"]), "url": str(link["url"])}
        for link in links
        if isinstance(link, dict) and str(link.get("url", "")).startswith(("http://", "https://"))
    ]


def present_links(
    request: HttpRequest, blog: Blog, modules: list[Module]
) -> list[ModuleData | None]:
    return [{"links": links} if (links := web_links(m.setting("links"))) else None for m in modules]


def present_counter(
    request: HttpRequest, blog: Blog, modules: list[Module]
) -> list[ModuleData | None]:
    today, total = view_counts(blog)
    data = {
        "today": formats.number_format(today, force_grouping=True),
        "total": formats.number_format(total, force_grouping=True),
    }
    return [dict(data) for _m in modules]


def present_referrers(
    request: HttpRequest, blog: Blog, modules: list[Module]
) -> list[ModuleData | None]:
    """The sites most views came from in the last week, as text (never links: anyone
    can send any `Referer`)."""
    counted = top_referrers(blog, REFERRER_DAYS, limit=max(_count(m) for m in modules))
    referrers = [
        {"source": source, "views": formats.number_format(views, force_grouping=True)}
        for source, views in counted
    ]
    return [{"referrers": referrers[: _count(m)]} for m in modules]


def present_calendar(
    request: HttpRequest, blog: Blog, modules: list[Module]
) -> list[ModuleData | None]:
    calendar = this_months_calendar(blog)
    return [{"calendar": calendar} for _m in modules]


def present_topics(
    request: HttpRequest, blog: Blog, modules: list[Module]
) -> list[ModuleData | None]:
    """Topics with published stories, by name, with their number of stories."""
    topics = [
        {
            "name": topic.name,
            "url": blog_reverse(blog.name, "archive:topic", key=topic.slug),
            "count": topic.story_count,  # type: ignore[attr-defined]
        }
        for topic in topics_with_counts(blog)
    ]
    return [{"topics": topics} for _m in modules]


def present_subscribe(
    request: HttpRequest, blog: Blog, modules: list[Module]
) -> list[ModuleData | None]:
    """The blog's story and comment feeds; restricted and closed blogs have none, so the
    module is left out."""
    stories, comments = blog_feed_links(blog), blog_comment_feed_links(blog)
    if not stories:
        return [None for _m in modules]

    def listed(links: list[dict[str, str]]) -> list[dict[str, str]]:
        return [
            {"name": NAMES[fmt], "url": link["url"], "type": link["type"]}
            for fmt, link in zip(FORMATS, links, strict=True)
        ]

    data = {"feeds": listed(stories), "comment_feeds": listed(comments)}
    return [dict(data) for _m in modules]


def present_search(
    request: HttpRequest, blog: Blog, modules: list[Module]
) -> list[ModuleData | None]:
    """A form that sends `q` to the blog's own search page (on its host in subdomain mode)."""
    data = {
        "action": blog_reverse(blog.name, "blog_search:search"),
        "max_length": MAX_QUERY_LENGTH,
    }
    return [dict(data, field_id=f"module-search-{index}") for index, _m in enumerate(modules)]


PRESENTERS: dict[str, Presenter] = {
    Kind.TEXT: present_text,
    Kind.RECENT: present_recent,
    Kind.USER_STATUS: present_user_status,
    Kind.BLOG_STATUS: present_blog_status,
    Kind.CONTACT: present_contact,
    Kind.LINKS: present_links,
    Kind.COUNTER: present_counter,
    Kind.REFERRERS: present_referrers,
    Kind.CALENDAR: present_calendar,
    Kind.TOPICS: present_topics,
    Kind.SUBSCRIBE: present_subscribe,
    Kind.SEARCH: present_search,
}


def modules_of(blog: Blog) -> list[Module]:
    """The blog's modules in order; the default set (unsaved) if it was never arranged."""
    modules = list(Module.objects.filter(blog=blog).order_by("position", "id"))
    if modules or Sidebar.objects.filter(blog=blog).exists():
        return modules
    return default_modules(blog)


def sidebar_data(request: HttpRequest, blog: Blog) -> list[ModuleData | None]:
    """The visible modules of a blog, each as `kind`, `html_id`, `title` and its own data."""
    shown = [m for m in modules_of(blog) if not m.hidden and m.kind in PRESENTERS]
    by_kind: dict[str, list[Module]] = {}
    for module in shown:
        by_kind.setdefault(module.kind, []).append(module)
    data: dict[int, ModuleData | None] = {}
    for kind, group in by_kind.items():
        for module, module_data in zip(group, PRESENTERS[kind](request, blog, group), strict=True):
            data[id(module)] = module_data
    return [
        {
            "kind": module.kind,
            "html_id": f"module-{module.pk or f'default-{index}'}",
            "title": module.title,
            **module_data,
        }
        for index, module in enumerate(shown)
        if (module_data := data[id(module)]) is not None
    ]
