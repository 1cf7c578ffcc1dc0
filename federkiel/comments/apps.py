from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "federkiel.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from federkiel.comments import checks, tasks  # noqa: F401 (register the check and task)
        from federkiel.comments.labels import LABELS
        from federkiel.skins.labels import register_labels

        register_labels(LABELS)
