"""Writing a blog's sidebar: the default set, adding, moving, hiding, changing, removing.

Positions are kept as 0..n-1 in the order shown; every change renumbers in one
transaction, so two modules never share a place for long.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from federkiel.blogs.models import Blog
from federkiel.sidebar.kinds import DEFAULT_SET, DEFAULT_TITLES, KINDS, MAX_MODULES
from federkiel.sidebar.models import Module, Sidebar
from federkiel.sidebar.options import default_settings


def default_modules(blog: Blog) -> list[Module]:
    """The default sidebar of a blog, unsaved, titled in the blog's language."""
    with translation.override(blog.language):
        return [
            Module(
                blog=blog,
                kind=kind,
                title=str(DEFAULT_TITLES[kind]),
                position=position,
                settings=default_settings(kind),
            )
            for position, kind in enumerate(DEFAULT_SET)
        ]


def add_default_modules(blog: Blog) -> None:
    """Store the default sidebar of a blog that was never arranged; safe to call twice."""
    if Sidebar.objects.filter(blog=blog).exists():
        return
    try:
        with transaction.atomic():
            Sidebar.objects.create(blog=blog)
            if not Module.objects.filter(blog=blog).exists():
                Module.objects.bulk_create(default_modules(blog))
    except IntegrityError:
        return  # another request arranged it at the same moment


def _in_order(blog: Blog) -> list[Module]:
    """The blog's modules in their order, locked until the transaction ends."""
    return list(Module.objects.select_for_update().filter(blog=blog).order_by("position", "id"))


def _renumber(modules: list[Module]) -> None:
    changed = []
    for position, module in enumerate(modules):
        if module.position != position:
            module.position = position
            changed.append(module)
    Module.objects.bulk_update(changed, ["position"])


def add_module(
    blog: Blog, kind: str, *, title: str, hidden: bool, settings: dict[str, Any]
) -> Module:
    """Place a new module at the bottom of the sidebar."""
    if kind not in KINDS:
        raise ValidationError(_("Unknown module kind “%(kind)s”."), params={"kind": kind})
    with transaction.atomic():
        add_default_modules(blog)
        modules = _in_order(blog)
        if len(modules) >= MAX_MODULES:
            raise ValidationError(
                _("A sidebar holds at most %(max)d modules. Remove one first."),
                params={"max": MAX_MODULES},
            )
        _renumber(modules)
        return Module.objects.create(
            blog=blog,
            kind=kind,
            title=title,
            hidden=hidden,
            settings=settings,
            position=len(modules),
        )


def update_module(module: Module, *, title: str, hidden: bool, settings: dict[str, Any]) -> None:
    module.title = title
    module.hidden = hidden
    module.settings = settings
    module.save(update_fields=["title", "hidden", "settings"])


def set_hidden(module: Module, hidden: bool) -> None:
    module.hidden = hidden
    module.save(update_fields=["hidden"])


def move_module(blog: Blog, module: Module, offset: int) -> None:
    """Move a module `offset` places down (negative: up), stopping at either end."""
    with transaction.atomic():
        modules = _in_order(blog)
        index = next(i for i, m in enumerate(modules) if m.pk == module.pk)
        target = max(0, min(len(modules) - 1, index + offset))
        modules.insert(target, modules.pop(index))
        _renumber(modules)


def set_order(blog: Blog, ids: list[int]) -> None:
    """Put the modules in the given order; `ids` must name each module of the blog once."""
    with transaction.atomic():
        modules = {m.pk: m for m in _in_order(blog)}
        if sorted(ids) != sorted(modules):
            raise ValidationError(_("The sidebar changed meanwhile; reload the page."))
        _renumber([modules[pk] for pk in ids])


def remove_module(blog: Blog, module: Module) -> None:
    with transaction.atomic():
        module.delete()
        _renumber(_in_order(blog))
