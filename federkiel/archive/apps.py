from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Words of the blog layout on archive pages and in the calendar.
LABELS = {
    "no_topics": _("No topics yet."),
    "calendar": _("Looking back"),
}


class ArchiveConfig(AppConfig):
    name = "federkiel.archive"
    label = "archive"
    verbose_name = _("Archive")

    def ready(self) -> None:
        from federkiel.skins.labels import register_labels

        register_labels(LABELS)
