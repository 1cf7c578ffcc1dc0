from django.urls import path

from federkiel.blogs import member_views, views

app_name = "blogs"
urlpatterns = [
    path("", views.front, name="front"),
    path("settings/", views.settings, name="settings"),
    path("delete/", views.delete, name="delete"),
    path("members/", member_views.member_list, name="members"),
    path("members/<int:user_id>/role/", member_views.change_role, name="change_role"),
    path("members/<int:user_id>/remove/", member_views.remove_member, name="remove_member"),
    path(
        "members/invitations/<int:pk>/revoke/",
        member_views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("subscribe/", member_views.subscribe, name="subscribe"),
    path("membership/", member_views.membership, name="membership"),
]
