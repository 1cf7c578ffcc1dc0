from django.urls import path

from federkiel.blogs import views

app_name = "blogs"
urlpatterns = [
    path("", views.front, name="front"),
    path("settings/", views.settings, name="settings"),
]
