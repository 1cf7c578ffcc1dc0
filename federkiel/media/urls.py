from django.urls import path

from federkiel.media import views

app_name = "media"
urlpatterns = [
    path("", views.library, name="library"),
    path("upload/", views.upload_view, name="upload"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("files/<str:key>/<str:name>", views.serve, name="file"),
    path("files/<str:key>/<str:label>/<str:name>", views.serve, name="version"),
]
