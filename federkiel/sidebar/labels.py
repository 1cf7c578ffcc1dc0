"""Words of the sidebar module templates (`t.module_*`), registered with the layout labels."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Promise] = {
    "module_arrange": _("Arrange the sidebar"),
    "module_nothing_written": _("Nothing written yet."),
    "module_no_topics": _("No topics yet."),
    "module_last_updated": _("Last updated:"),
    "module_mail_me_at": _("Mail me at"),
    "module_views_today": _("Page views today:"),
    "module_views_total": _("Page views in total:"),
    "module_no_referrers": _("No referrers in the last 7 days."),
    "module_feeds_stories": _("Stories"),
    "module_feeds_comments": _("Comments"),
    "module_search_for": _("Search this blog for"),
    "module_search": _("Search"),
}
