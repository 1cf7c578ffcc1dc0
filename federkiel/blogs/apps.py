from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Words of the blog layout about membership (the links in "User Status").
LABELS = {
    "follow_blog": _("Follow this blog"),
    "membership": _("Your membership"),
}


class BlogsConfig(AppConfig):
    name = "federkiel.blogs"
    label = "blogs"
    verbose_name = _("Blogs")

    def ready(self) -> None:
        from federkiel.skins.labels import register_labels

        register_labels(LABELS)
