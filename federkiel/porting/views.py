"""The owner's pages: import (into a blog or a new one), the job's progress, export."""

from __future__ import annotations

import tempfile
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from federkiel.accounts.decorators import confirmed_email_required
from federkiel.accounts.models import User
from federkiel.blogs.access import get_blog
from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog
from federkiel.blogs.permissions import Action
from federkiel.media.upload_handlers import SizeLimitHandler
from federkiel.porting import jobs, ourzip, redirects
from federkiel.porting.account_data import account_data
from federkiel.porting.forms import ImportForm, NewBlogImportForm, too_large_message
from federkiel.porting.models import ImportJob

# Room for the form fields and multipart boundaries around the file.
FORM_OVERHEAD = 64 * 1024


def _too_long(request: HttpRequest) -> bool:
    """Whether the request announces more bytes than an import may have (nothing read yet)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.IMPORT_MAX_BYTES + FORM_OVERHEAD


def _guarded_upload(request: HttpRequest) -> SizeLimitHandler:
    """Stop reading the file as soon as it passes the limit."""
    handler = SizeLimitHandler(request, settings.IMPORT_MAX_BYTES)
    request.upload_handlers = [handler, *request.upload_handlers]
    return handler


def _bound(form: ImportForm, handler: SizeLimitHandler) -> bool:
    if handler.too_large:
        form.is_valid()
        form.errors["file"] = form.error_class([too_large_message()])
        return False
    return form.is_valid()


def _start(request: HttpRequest, form: ImportForm, blog_name: str) -> HttpResponse:
    assert isinstance(request.user, User)
    job = jobs.start_import(
        request.user,
        blog_name,
        form.cleaned_data["file"],
        time_zone=form.cleaned_data["time_zone"],
        language=form.cleaned_data["language"],
    )
    return redirect("porting:job", pk=job.pk)


def _refused(request: HttpRequest, template: str, form: ImportForm, **context: Any) -> HttpResponse:
    form.errors["file"] = form.error_class([too_large_message()])
    return render(request, template, {"form": form, **context}, status=413)


# --- import into an existing blog ------------------------------------------------------


@csrf_exempt
@require_http_methods(["GET", "POST"])
def blog_import(request: HttpRequest, blog: str) -> HttpResponse:
    """Permission first, then the announced size, then a guarded read of the body."""
    the_blog = get_blog(request, blog, Action.IMPORT)
    context = _blog_context(request, the_blog)
    if request.method == "POST" and _too_long(request):
        return _refused(request, "porting/import.html", ImportForm(), **context)
    handler = _guarded_upload(request)
    return _blog_import(request, the_blog, handler, context)


@csrf_protect
def _blog_import(
    request: HttpRequest, blog: Blog, handler: SizeLimitHandler, context: dict[str, Any]
) -> HttpResponse:
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if _bound(form, handler):
            return _start(request, form, blog.name)
    else:
        form = ImportForm(initial={"time_zone": "", "language": ""})
    return render(request, "porting/import.html", {"form": form, **context})


def _blog_context(request: HttpRequest, blog: Blog) -> dict[str, Any]:
    return {
        "blog": blog,
        "jobs": ImportJob.objects.filter(owner_id=request.user.pk, blog_name=blog.name)[:10],
    }


# --- import into a new blog ------------------------------------------------------------


@csrf_exempt
@confirmed_email_required
@require_http_methods(["GET", "POST"])
def new_import(request: HttpRequest) -> HttpResponseBase:
    assert isinstance(request.user, User)
    context = {"jobs": ImportJob.objects.filter(owner=request.user)[:10]}
    if request.method == "POST" and _too_long(request):
        form = NewBlogImportForm(user=request.user)
        return _refused(request, "porting/new_import.html", form, **context)
    handler = _guarded_upload(request)
    return _new_import(request, handler, context)


@csrf_protect
def _new_import(
    request: HttpRequest, handler: SizeLimitHandler, context: dict[str, Any]
) -> HttpResponse:
    assert isinstance(request.user, User)
    if request.method == "POST":
        form = NewBlogImportForm(request.POST, request.FILES, user=request.user)
        if _bound(form, handler):
            return _start(request, form, form.cleaned_data["name"])
    else:
        form = NewBlogImportForm(user=request.user)
    return render(request, "porting/new_import.html", {"form": form, **context})


# --- the job ---------------------------------------------------------------------------


def _own_job(request: HttpRequest, pk: int) -> ImportJob:
    """The requester's job; anybody else's is the same 404 as a missing one."""
    job = ImportJob.objects.filter(pk=pk, owner_id=request.user.pk).first()
    if job is None:
        raise Http404("No such import.")
    return job


@login_required
@require_GET
def job(request: HttpRequest, pk: int) -> HttpResponse:
    the_job = _own_job(request, pk)
    status = jobs.status(the_job)
    blog_url = ""
    if the_job.state == ImportJob.State.DONE:
        blog_url = blog_reverse(the_job.blog_name, "blogs:front")
    response = render(
        request,
        "porting/job.html",
        {"job": the_job, "status": status, "blog_url": blog_url},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    response = JsonResponse(jobs.status(_own_job(request, pk)))
    response["Cache-Control"] = "no-store"
    return response


# --- export ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def export(request: HttpRequest, blog: str) -> HttpResponseBase:
    """GET: what the export holds; POST: the zip, built in a temporary file and streamed."""
    the_blog = get_blog(request, blog, Action.EXPORT)
    if request.method != "POST":
        return render(request, "porting/export.html", {"blog": the_blog})
    handle = tempfile.TemporaryFile(prefix="federkiel-export-")  # noqa: SIM115 (FileResponse closes it)
    try:
        ourzip.write_export(the_blog, handle)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    filename = f"{the_blog.name}-{timezone.localdate(timezone=the_blog.tz):%Y-%m-%d}.zip"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/zip"
    )
    response["Cache-Control"] = "no-store"
    return response


# --- old addresses and account data ----------------------------------------------------


def old_path(request: HttpRequest, blog: str, path: str) -> HttpResponse:
    """A path no page of the blog answers: the page with a slash appended (this view
    matches everything, so CommonMiddleware cannot tell any more), the new home of an
    imported story or file, or 404."""
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not old_path:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    the_blog = get_blog(request, blog)
    query = request.META.get("QUERY_STRING", "")
    return redirects.redirect_or_404(the_blog, f"/{path}?{query}", request.user)


@login_required
@require_GET
def account_data_download(request: HttpRequest) -> JsonResponse:
    """Everything the platform holds about the signed-in member, as one JSON file."""
    assert isinstance(request.user, User)
    response = JsonResponse(account_data(request.user), json_dumps_params={"indent": 2})
    filename = f"federkiel-{request.user.username}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
