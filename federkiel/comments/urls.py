from django.urls import path

from federkiel.comments import views

app_name = "comments"
urlpatterns = [
    path("stories/<int:story>/comments/", views.post, name="post"),
    path("stories/<int:story>/comments/<int:pk>/edit/", views.edit, name="edit"),
    path("stories/<int:story>/comments/<int:pk>/delete/", views.delete, name="delete"),
]
