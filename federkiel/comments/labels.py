"""Words of the comment thread on blog pages; the layout reads them as `t.<key>`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LABELS = {
    "comments": _("Comments"),
    # {author} and {date} are filled in by the layout; keep both.
    "comment_heading": _("{author} wrote on {date}:"),
    "comment_guest": _("guest"),
    "comment_reply": _("reply"),
    "edit_comment": _("edit"),
    "delete_comment": _("delete"),
    "comment_edited": _("edited"),
    "awaiting_moderation": _("Your comment awaits moderation."),
    "deleted_by_author": _("This comment was deleted by its author."),
    "removed_comment": _("This comment was removed."),
    "write_comment": _("Write a comment"),
    "reply_to": _("Reply to"),
    "cancel_reply": _("cancel"),
    "comment_text": _("Comment"),
    "comment_hint": _("Markdown: *italic*, **bold**, [link](https://…), > quote."),
    "commenter_name": _("Name"),
    "commenter_email": _("E-mail address"),
    "commenter_email_hint": _("Optional, never shown."),
    "commenter_website": _("Web site"),
    "honeypot": _("Leave this field empty"),
    "notify_replies": _("Notify me by e-mail of replies"),
    "notify_replies_hint": _("Every such mail has a link to stop them."),
    "send_comment": _("Send comment"),
    "save_comment": _("Save comment"),
    "confirm_delete_comment": _("Delete this comment? Replies to it stay."),
    "sign_in_to_comment": _("Sign in to comment."),
    "members_only_comments": _("Only members of this blog may comment."),
    "no_comments": _("No comments yet."),
    "kind_trackback": _("Trackback"),
    "kind_pingback": _("Pingback"),
    "kind_webmention": _("Webmention"),
    "moderate_comments": _("Moderate comments"),
}
