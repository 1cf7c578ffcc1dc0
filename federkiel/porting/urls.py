"""Pages under `/<blog>/`: import into the blog, export it."""

from django.urls import path

from federkiel.porting import views

app_name = "porting_blog"
urlpatterns = [
    path("import/", views.blog_import, name="import"),
    path("export/", views.export, name="export"),
]
