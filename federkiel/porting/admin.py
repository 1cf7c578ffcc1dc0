from django.contrib import admin

from federkiel.porting.models import ImportJob, OldPath


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin[ImportJob]):
    list_display = ["blog_name", "owner", "format", "state", "progress", "created_at"]
    list_filter = ["state", "format"]
    search_fields = ["blog_name", "owner__username", "original_name"]
    readonly_fields = [
        "blog_name", "owner", "upload_path", "original_name", "format", "time_zone",
        "language", "interface_language", "state", "progress", "progress_label", "counts",
        "error_message", "error_item", "created_at", "started_at", "finished_at",
    ]  # fmt: skip


@admin.register(OldPath)
class OldPathAdmin(admin.ModelAdmin[OldPath]):
    list_display = ["blog", "path", "story", "media"]
    search_fields = ["blog__name", "path"]
    raw_id_fields = ["blog", "story", "media"]
