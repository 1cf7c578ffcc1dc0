from django.contrib import admin

from federkiel.porting.models import ImportJob, OldPath


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin[ImportJob]):
    """The jobs uploads start, to look into: every field is the job's own record, read-only
    (an emptied `warnings` or `skipped` box saved NULL into a NOT NULL column)."""

    list_display = ["blog_name", "owner", "format", "state", "progress", "created_at"]
    list_filter = ["state", "format"]
    search_fields = ["blog_name", "owner__username", "original_name"]
    readonly_fields = [
        "blog_name", "owner", "upload_path", "original_name", "format", "time_zone",
        "language", "interface_language", "state", "progress", "progress_label", "counts",
        "warnings", "skipped", "error_message", "error_item", "created_at", "started_at",
        "finished_at",
    ]  # fmt: skip

    def has_add_permission(self, request: object) -> bool:
        # A job comes from an upload; one added here had no owner and failed to save.
        return False


@admin.register(OldPath)
class OldPathAdmin(admin.ModelAdmin[OldPath]):
    list_display = ["blog", "path", "story", "media"]
    search_fields = ["blog__name", "path"]
    raw_id_fields = ["blog", "story", "media"]
