"""Feeds of the whole platform, under `/feeds/`."""

from django.urls import re_path

from federkiel.feeds import views

app_name = "platform_feeds"
urlpatterns = [
    re_path(r"^(?P<fmt>rss|atom|json)/$", views.feed, {"kind": "platform"}, name="stories"),
]
