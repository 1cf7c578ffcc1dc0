from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "federkiel.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from federkiel.comments import tasks  # noqa: F401 (registers the periodic task)
        from federkiel.comments.labels import LABELS
        from federkiel.skins.labels import register_labels

        register_labels(LABELS)
