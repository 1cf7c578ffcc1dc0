from django.urls import path

from federkiel.stories import views

app_name = "stories"
urlpatterns = [
    path("create/", views.create, name="create"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<str:key>/", views.detail, name="detail"),
]
