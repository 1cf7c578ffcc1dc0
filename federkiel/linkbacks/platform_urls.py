from django.urls import path

from federkiel.linkbacks import views

app_name = "linkbacks_platform"
urlpatterns = [
    # `webmention` is a reserved blog name (blogs/models.py, RESERVED_NAMES).
    path("webmention/", views.webmention, name="webmention"),
]
