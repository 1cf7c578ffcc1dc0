"""Blog pages that belong to no single blog yet, under `/blogs/` (a reserved name)."""

from django.urls import path

from federkiel.blogs import member_views, views

app_name = "blogs_platform"
urlpatterns = [
    path("new/", views.create, name="create"),
    path("invitations/", member_views.invitation_list, name="invitations"),
    path("invitations/<str:key>/", member_views.invitation, name="invitation"),
]
