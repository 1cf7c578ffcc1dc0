from django.urls import path

from federkiel.platform import seo, views

app_name = "platform"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("directory/", views.directory, name="directory"),
    path("users/<str:username>/", views.profile, name="profile"),
    path("robots.txt", seo.robots, name="robots"),
    path("sitemap.xml", seo.platform_sitemap, name="sitemap"),
    path("sitemap-<section>.xml", seo.platform_sitemap, name="sitemap_section"),
    path("<slug:blog>/robots.txt", seo.blog_robots, name="blog_robots"),
    path("<slug:blog>/sitemap.xml", seo.blog_sitemap, name="blog_sitemap"),
]
