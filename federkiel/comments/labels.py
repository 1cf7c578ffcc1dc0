"""Words of the comment thread on blog pages; the layout reads them as `t.<key>`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LABELS = {
    "comments": _("Comments"),
    # {author} and {date} are filled in by the layout; keep both.
    "comment_heading": _("{author} wrote on {date}:"),
    "guest": _("guest"),
    "reply": _("reply"),
    "replies": _("Replies"),
    "edit_comment": _("edit"),
    "delete_comment": _("delete"),
    "edited": _("edited"),
    "awaiting_moderation": _("Your comment awaits moderation."),
    "deleted_by_author": _("This comment was deleted by its author."),
    "removed_comment": _("This comment was removed."),
    "write_comment": _("Write a comment"),
    "reply_to": _("Reply to"),
    "cancel_reply": _("cancel"),
    "comment_text": _("Comment"),
    "comment_hint": _("Markdown: *italic*, **bold**, [link](https://…), > quote."),
    "name": _("Name"),
    "email": _("E-mail address"),
    "email_hint": _("Optional, never shown."),
    "website": _("Web site"),
    "honeypot": _("Leave this field empty"),
    "send_comment": _("Send comment"),
    "save_comment": _("Save comment"),
    "confirm_delete_comment": _("Delete this comment? Replies to it stay."),
    "sign_in_to_comment": _("Sign in to comment."),
    "members_only_comments": _("Only members of this blog may comment."),
    "no_comments": _("No comments yet."),
    "trackback": _("Trackback"),
    "pingback": _("Pingback"),
    "webmention": _("Webmention"),
    "moderate_comments": _("Moderate comments"),
}
