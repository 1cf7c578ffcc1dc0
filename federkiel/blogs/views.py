"""Blog pages: the front page, and the owner's settings, creation and deletion."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from federkiel.accounts.decorators import confirmed_email_required
from federkiel.accounts.models import User
from federkiel.archive.views import day_from_query
from federkiel.blogs.access import get_blog
from federkiel.blogs.forms import BlogCreateForm, BlogSettingsForm, DeleteBlogForm
from federkiel.blogs.lifecycle import create_blog, delete_blog
from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog
from federkiel.blogs.permissions import Action
from federkiel.porting.redirects import has_old_query, target_url
from federkiel.skins.engine import render_blog_page
from federkiel.stories.presenters import front_page_data


def front(request: HttpRequest, blog: str) -> HttpResponse:
    """The blog's front page: newest published stories, paginated (an h-feed)."""
    if "day" in request.GET:
        return day_from_query(request, blog)
    the_blog = get_blog(request, blog)
    if has_old_query(request.GET):
        # `/?p=123`: the address of an imported WordPress post.
        moved = target_url(the_blog, "/?" + request.META.get("QUERY_STRING", ""), request.user)
        if moved is not None:
            return HttpResponsePermanentRedirect(moved)
    data = front_page_data(request, the_blog, request.GET.get("page"))
    return render_blog_page(request, the_blog, "front.html", data)


@confirmed_email_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """A new blog; its creator becomes its owner."""
    assert isinstance(request.user, User)
    form = BlogCreateForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            blog = create_blog(form.save(commit=False), request.user)
        except IntegrityError:
            form.add_error("name", _("This name is already taken."))
        else:
            return redirect(blog_reverse(blog.name, "blogs:front"))
    return render(request, "blogs/create.html", {"form": form})


@require_http_methods(["GET", "POST"])
def settings(request: HttpRequest, blog: str) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.SETTINGS)
    # The form edits its own copy, so a rejected change never shows up as saved.
    form = BlogSettingsForm(request.POST or None, instance=Blog.objects.get(pk=the_blog.pk))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The settings were saved."))
        return redirect(blog_reverse(the_blog.name, "blogs:settings"))
    return render(request, "blogs/settings.html", {"blog": the_blog, "form": form})


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, blog: str) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.DELETE_BLOG)
    form = DeleteBlogForm(the_blog, request.POST or None)
    if request.method == "POST" and form.is_valid():
        title = the_blog.title
        delete_blog(the_blog)
        messages.success(request, _("The blog “%(title)s” was deleted.") % {"title": title})
        return redirect("platform:dashboard")
    return render(request, "blogs/delete.html", {"blog": the_blog, "form": form})
