"""The media library (/<blog>/media/), uploads, alt text, deletion, and the files themselves."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from federkiel.accounts.models import User
from federkiel.blogs.access import get_blog
from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog, Visibility
from federkiel.blogs.permissions import Action
from federkiel.media.access import get_media_file, get_media_for_edit, manageable_media
from federkiel.media.forms import AltTextForm, UploadForm
from federkiel.media.names import url_name
from federkiel.media.presenters import media_data
from federkiel.media.quota import bytes_used, quota_bytes
from federkiel.media.removal import delete_media
from federkiel.media.serving import VERSION_LABELS, file_response
from federkiel.media.upload_handlers import SizeLimitHandler
from federkiel.media.uploading import UploadRejected, too_large_message, upload

PAGE_SIZE = 40


def library(request: HttpRequest, blog: str) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.WRITE)
    return _library_page(request, the_blog, UploadForm())


def _library_page(
    request: HttpRequest, blog: Blog, form: UploadForm, status: int = 200
) -> HttpResponse:
    uploads = manageable_media(request.user, blog).select_related("uploaded_by")
    page = Paginator(uploads, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            **media_data(blog.name, media),
            "media": media,
            "edit_url": blog_reverse(blog.name, "media:edit", pk=media.pk),
            "delete_url": blog_reverse(blog.name, "media:delete", pk=media.pk),
        }
        for media in page.object_list
    ]
    used, quota = bytes_used(blog), quota_bytes(blog)
    return render(
        request,
        "media/library.html",
        {
            "blog": blog,
            "blog_url": blog_reverse(blog.name, "blogs:front"),
            "form": form,
            "upload_url": blog_reverse(blog.name, "media:upload"),
            "rows": rows,
            "page": page,
            "used": used,
            "quota": quota,
            "used_percent": min(100, round(100 * used / quota)) if quota else 100,
            "max_upload": settings.MEDIA_UPLOAD_MAX_BYTES,
        },
        status=status,
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@csrf_exempt
def upload_view(request: HttpRequest, blog: str) -> HttpResponse:
    """Check permission before reading the body, then let a size limit guard the reading."""
    the_blog = get_blog(request, blog, Action.WRITE)
    if request.method != "POST":
        return redirect(blog_reverse(the_blog.name, "media:library"))
    handler = SizeLimitHandler(request, settings.MEDIA_UPLOAD_MAX_BYTES)
    request.upload_handlers = [handler, *request.upload_handlers]
    return _upload(request, the_blog, handler)


@csrf_protect
def _upload(request: HttpRequest, blog: Blog, handler: SizeLimitHandler) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    media = None
    if handler.too_large:
        form.is_valid()  # the skipped file is "missing"; say why instead
        form.errors["file"] = form.error_class([too_large_message(handler.too_large[0])])
    elif form.is_valid():
        try:
            assert isinstance(request.user, User)  # get_blog let only writers through
            media = upload(
                blog, request.user, form.cleaned_data["file"], form.cleaned_data["alt_text"]
            )
        except UploadRejected as rejected:
            form.add_error("file", rejected.message)
    if _wants_json(request):
        if media is None:
            errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
            return JsonResponse({"errors": errors}, status=400)
        return JsonResponse(media_data(blog.name, media), status=201)
    if media is None:
        return _library_page(request, blog, form, status=400)
    messages.success(request, _("“%(name)s” is uploaded.") % {"name": media.name})
    return redirect(blog_reverse(blog.name, "media:library") + f"#media-{media.pk}")


def edit(request: HttpRequest, blog: str, pk: int) -> HttpResponse:
    """Change an image's alternative text (the library's inline form posts here too)."""
    the_blog = get_blog(request, blog, Action.WRITE)
    media = get_media_for_edit(request, the_blog, pk)
    form = AltTextForm(request.POST or None, instance=media)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("The description of “%(name)s” is saved.") % {"name": media.name}
        )
        return redirect(blog_reverse(the_blog.name, "media:library") + f"#media-{media.pk}")
    return render(
        request,
        "media/edit.html",
        {
            "blog": the_blog,
            "library_url": blog_reverse(the_blog.name, "media:library"),
            "item": media_data(the_blog.name, media),
            "form": form,
        },
    )


def delete(request: HttpRequest, blog: str, pk: int) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.WRITE)
    media = get_media_for_edit(request, the_blog, pk)
    library_url = blog_reverse(the_blog.name, "media:library")
    if request.method == "POST":
        name = media.name
        delete_media(media)
        messages.success(request, _("“%(name)s” is deleted.") % {"name": name})
        return redirect(library_url)
    return render(
        request,
        "media/delete.html",
        {"blog": the_blog, "library_url": library_url, "item": media_data(the_blog.name, media)},
    )


@require_GET
def serve(
    request: HttpRequest, blog: str, key: str, name: str, label: str | None = None
) -> HttpResponseBase:
    """A stored file, for whoever may read the blog (others get the same 404 as for nothing)."""
    the_blog = get_blog(request, blog)
    media = get_media_file(the_blog, key)
    if name != url_name(media.name) or (label is not None and label not in VERSION_LABELS):
        raise Http404("No such version.")
    return file_response(request, media, label, public=the_blog.visibility == Visibility.PUBLIC)
