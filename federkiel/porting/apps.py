from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortingConfig(AppConfig):
    name = "federkiel.porting"
    label = "porting"
    verbose_name = _("Import and export")
