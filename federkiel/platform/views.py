from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from federkiel.accounts.models import User
from federkiel.blogs.permissions import Action, can
from federkiel.feeds.links import platform_feed_links
from federkiel.platform import community

DIRECTORY_PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    """The community at a glance: newest stories and comments, recently updated and new
    blogs."""
    return render(
        request,
        "platform/home.html",
        {
            "stories": community.newest_stories(),
            "comments": community.newest_comments(),
            "updated_blogs": community.recently_updated_blogs(),
            "new_blogs": community.newest_blogs(),
            "feeds": platform_feed_links(),
        },
    )


def directory(request: HttpRequest) -> HttpResponse:
    """All public blogs, by name, paginated."""
    paginator = Paginator(community.directory(), DIRECTORY_PAGE_SIZE)
    number = request.GET.get("page", "1")
    if not number.isdigit() or not 1 <= int(number) <= paginator.num_pages:
        raise Http404("No such page.")
    page = paginator.page(int(number))
    return render(
        request,
        "platform/directory.html",
        {"page": page, "blogs": [community.blog_item(b) for b in page.object_list]},
    )


def profile(request: HttpRequest, username: str) -> HttpResponse:
    """A member's public profile. Inactive accounts are not shown."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise Http404("No such user.")
    return render(request, "platform/profile.html", {"profile": community.profile(user)})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in user's blogs and roles."""
    memberships = list(request.user.memberships.select_related("blog").order_by("blog__name"))  # type: ignore[union-attr]
    for membership in memberships:
        membership.blog.remember_role(request.user, membership.role)  # type: ignore[arg-type]
    stats_blogs = {m.blog_id for m in memberships if can(request.user, m.blog, Action.STATS)}
    return render(
        request, "platform/dashboard.html", {"memberships": memberships, "stats_blogs": stats_blogs}
    )
