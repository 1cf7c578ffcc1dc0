from django.urls import path

from federkiel.comments import mail_views, moderation_views, views

app_name = "comments"
urlpatterns = [
    path("stories/<int:story>/comments/", views.post, name="post"),
    path("stories/<int:story>/comments/<int:pk>/edit/", views.edit, name="edit"),
    path("stories/<int:story>/comments/<int:pk>/delete/", views.delete, name="delete"),
    path("comments/moderation/", moderation_views.queue, name="moderation"),
    path("comments/settings/", moderation_views.settings, name="settings"),
    path("comments/decide/<str:token>/", mail_views.decision, name="mail_decision"),
    path("comments/unsubscribe/<slug:token>/", mail_views.unsubscribe, name="unsubscribe"),
]
