"""The sidebar settings page (/<blog>/sidebar/): owners add, move, hide, change and
remove modules. Plain forms that work without JavaScript; arrange.js adds dragging."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from federkiel.blogs.access import get_blog
from federkiel.blogs.links import blog_reverse
from federkiel.blogs.models import Blog, Role
from federkiel.blogs.permissions import Action
from federkiel.sidebar.access import get_module
from federkiel.sidebar.arranging import (
    add_default_modules,
    add_module,
    move_module,
    remove_module,
    set_hidden,
    set_order,
    update_module,
)
from federkiel.sidebar.forms import AddModuleForm, ModuleForm
from federkiel.sidebar.kinds import DEFAULT_TITLES, KINDS, MAX_MODULES, Kind
from federkiel.sidebar.models import Module
from federkiel.sidebar.options import default_settings, options_form

MOVES = {"up": -1, "down": 1}


def _manage_url(blog: Blog, module: Module | None = None) -> str:
    url = blog_reverse(blog.name, "sidebar:manage")
    return f"{url}#module-{module.pk}" if module else url


def _rich(request: HttpRequest, blog: Blog) -> bool:
    """Owners may use the richer HTML allow-list in text boxes."""
    return blog.role_of(request.user) == Role.OWNER  # type: ignore[arg-type]


def _kind_label(kind: str) -> str:
    return str(Kind(kind).label) if kind in KINDS else kind


def _label(module: Module) -> str:
    return module.title or _kind_label(module.kind)


def manage(request: HttpRequest, blog: str) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.LAYOUT)
    add_default_modules(the_blog)
    modules = list(the_blog.sidebar_modules.order_by("position", "id"))
    rows = [
        {
            "module": module,
            "kind_label": _kind_label(module.kind),
            "edit_url": blog_reverse(the_blog.name, "sidebar:edit", pk=module.pk),
            "move_url": blog_reverse(the_blog.name, "sidebar:move", pk=module.pk),
            "visibility_url": blog_reverse(the_blog.name, "sidebar:visibility", pk=module.pk),
            "delete_url": blog_reverse(the_blog.name, "sidebar:delete", pk=module.pk),
            "first": index == 0,
            "last": index == len(modules) - 1,
        }
        for index, module in enumerate(modules)
    ]
    return render(
        request,
        "sidebar/manage.html",
        {
            "blog": the_blog,
            "blog_url": blog_reverse(the_blog.name, "blogs:front"),
            "rows": rows,
            "full": len(modules) >= MAX_MODULES,
            "max_modules": MAX_MODULES,
            "add_form": AddModuleForm(),
            "add_url": blog_reverse(the_blog.name, "sidebar:add"),
            "order_url": blog_reverse(the_blog.name, "sidebar:order"),
        },
    )


def add(request: HttpRequest, blog: str) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.LAYOUT)
    kind_form = AddModuleForm(request.POST if request.method == "POST" else request.GET)
    if not kind_form.is_valid():
        messages.error(request, _("Choose which kind of module to add."))
        return redirect(_manage_url(the_blog))
    kind = kind_form.cleaned_data["kind"]
    rich = _rich(request, the_blog)
    if request.method == "POST":
        form = ModuleForm(request.POST)
        options = options_form(kind, request.POST, rich=rich)
        if form.is_valid() and options.is_valid():
            try:
                module = add_module(
                    the_blog,
                    kind,
                    title=form.cleaned_data["title"],
                    hidden=form.cleaned_data["hidden"],
                    settings=options.to_settings(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("“%(module)s” was added at the bottom of the sidebar.")
                    % {"module": _label(module)},
                )
                return redirect(_manage_url(the_blog, module))
    else:
        with translation.override(the_blog.language):
            title = str(DEFAULT_TITLES[kind])
        form = ModuleForm(initial={"title": title})
        options = options_form(kind, settings=default_settings(kind), rich=rich)
    return render(
        request,
        "sidebar/edit.html",
        {
            "blog": the_blog,
            "kind": kind,
            "kind_label": _kind_label(kind),
            "form": form,
            "options": options,
            "action_url": blog_reverse(the_blog.name, "sidebar:add"),
            "manage_url": _manage_url(the_blog),
            "adding": True,
        },
    )


def edit(request: HttpRequest, blog: str, pk: int) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.LAYOUT)
    module = get_module(the_blog, pk)
    rich = _rich(request, the_blog)
    if request.method == "POST":
        form = ModuleForm(request.POST)
        options = options_form(module.kind, request.POST, rich=rich)
        if form.is_valid() and options.is_valid():
            update_module(
                module,
                title=form.cleaned_data["title"],
                hidden=form.cleaned_data["hidden"],
                settings=options.to_settings(),
            )
            messages.success(request, _("“%(module)s” was saved.") % {"module": _label(module)})
            return redirect(_manage_url(the_blog, module))
    else:
        form = ModuleForm(initial={"title": module.title, "hidden": module.hidden})
        options = options_form(module.kind, settings=module.settings, rich=rich)
    return render(
        request,
        "sidebar/edit.html",
        {
            "blog": the_blog,
            "module": module,
            "kind": module.kind,
            "kind_label": _kind_label(module.kind),
            "form": form,
            "options": options,
            "action_url": blog_reverse(the_blog.name, "sidebar:edit", pk=module.pk),
            "manage_url": _manage_url(the_blog),
            "adding": False,
        },
    )


@require_POST
def move(request: HttpRequest, blog: str, pk: int) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.LAYOUT)
    module = get_module(the_blog, pk)
    offset = MOVES.get(request.POST.get("direction", ""))
    if offset is None:
        return HttpResponseBadRequest(_("Move a module up or down."))
    move_module(the_blog, module, offset)
    return redirect(_manage_url(the_blog, module))


@require_POST
def visibility(request: HttpRequest, blog: str, pk: int) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.LAYOUT)
    module = get_module(the_blog, pk)
    hidden = request.POST.get("hidden") == "1"
    set_hidden(module, hidden)
    text = _("“%(module)s” is hidden.") if hidden else _("“%(module)s” is shown again.")
    messages.success(request, text % {"module": _label(module)})
    return redirect(_manage_url(the_blog, module))


def delete(request: HttpRequest, blog: str, pk: int) -> HttpResponse:
    the_blog = get_blog(request, blog, Action.LAYOUT)
    module = get_module(the_blog, pk)
    if request.method == "POST":
        remove_module(the_blog, module)
        messages.success(request, _("“%(module)s” was removed.") % {"module": _label(module)})
        return redirect(_manage_url(the_blog))
    return render(
        request,
        "sidebar/delete.html",
        {
            "blog": the_blog,
            "module": module,
            "label": _label(module),
            "kind_label": _kind_label(module.kind),
            "manage_url": _manage_url(the_blog),
        },
    )


@require_POST
def order(request: HttpRequest, blog: str) -> HttpResponse:
    """The new order after dragging (arrange.js): `order` lists every module id once."""
    the_blog = get_blog(request, blog, Action.LAYOUT)
    try:
        ids = [int(value) for value in request.POST.getlist("order")]
        set_order(the_blog, ids)
    except ValueError:
        return JsonResponse(
            {"error": _("The sidebar changed meanwhile; reload the page.")}, status=400
        )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"ok": True})
