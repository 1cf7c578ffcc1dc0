from django.urls import path

from federkiel.stories import views

app_name = "stories"
urlpatterns = [
    path("create/", views.create, name="create"),
    path("preview/", views.preview, name="preview"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<str:key>/", views.detail, name="detail"),
]
