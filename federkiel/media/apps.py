from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "federkiel.media"
    label = "media"
    verbose_name = _("Media")

    def ready(self) -> None:
        # Sets Pillow's decompression-bomb limits for the whole process.
        from federkiel.media import images  # noqa: F401
