from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SidebarConfig(AppConfig):
    name = "federkiel.sidebar"
    label = "sidebar"
    verbose_name = _("Sidebar")

    def ready(self) -> None:
        from federkiel.sidebar.labels import LABELS
        from federkiel.skins.labels import register_labels

        register_labels(LABELS)
