from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkbacksConfig(AppConfig):
    name = "federkiel.linkbacks"
    label = "linkbacks"
    verbose_name = _("Linkbacks")
