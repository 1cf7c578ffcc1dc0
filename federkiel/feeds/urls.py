"""Feeds of a blog, under `/<blog>/`."""

from django.urls import path, re_path

from federkiel.feeds import views

FMT = r"(?P<fmt>rss|atom|json)"

app_name = "feeds"
urlpatterns = [
    path("rss", views.rss_alias, name="rss_alias"),
    path("index.rdf", views.rss_alias, name="rdf_alias"),
    re_path(rf"^feeds/{FMT}/$", views.feed, {"kind": "stories"}, name="stories"),
    re_path(rf"^feeds/comments/{FMT}/$", views.feed, {"kind": "comments"}, name="comments"),
    re_path(
        rf"^feeds/stories/(?P<story>[0-9]{{1,19}})/comments/{FMT}/$",
        views.feed,
        {"kind": "story_comments"},
        name="story_comments",
    ),
    re_path(
        rf"^feeds/topics/(?P<topic>[-a-zA-Z0-9_]+)/{FMT}/$",
        views.feed,
        {"kind": "topic"},
        name="topic",
    ),
]
