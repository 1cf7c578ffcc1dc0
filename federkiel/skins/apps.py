from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkinsConfig(AppConfig):
    name = "federkiel.skins"
    label = "skins"
    verbose_name = _("Skins")
