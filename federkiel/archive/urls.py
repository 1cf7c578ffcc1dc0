from django.urls import path, re_path

from federkiel.archive import views

app_name = "archive"
urlpatterns = [
    re_path(r"^(?P<day>[0-9]{8})/$", views.day, name="day"),
    re_path(r"^(?P<month>[0-9]{6})/$", views.month, name="month"),
    path("topics/", views.topics, name="topics"),
    path("topics/<str:key>/", views.topic, name="topic"),
]
