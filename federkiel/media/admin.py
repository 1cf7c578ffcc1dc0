from __future__ import annotations

from django.contrib import admin

from federkiel.media.models import MediaFile, MediaQuota


@admin.register(MediaQuota)
class MediaQuotaAdmin(admin.ModelAdmin[MediaQuota]):
    """The operator gives one blog more (or less) upload space than FEDERKIEL_MEDIA_QUOTA_MB."""

    list_display = ("blog", "quota_mb")
    search_fields = ("blog__name", "blog__title")
    raw_id_fields = ("blog",)


@admin.register(MediaFile)
class MediaFileAdmin(admin.ModelAdmin[MediaFile]):
    """A read-only overview; uploads are managed on each blog's media page."""

    list_display = ("name", "blog", "kind", "size", "uploaded_by", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "blog__name", "uploaded_by__username")
    list_select_related = ("blog", "uploaded_by")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
