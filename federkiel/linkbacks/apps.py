from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkbacksConfig(AppConfig):
    name = "federkiel.linkbacks"
    label = "linkbacks"
    verbose_name = _("Linkbacks")

    def ready(self) -> None:
        from federkiel.linkbacks import tasks  # noqa: F401 (register the task)
