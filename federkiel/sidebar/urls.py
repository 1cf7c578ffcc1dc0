from django.urls import path

from federkiel.sidebar import views

app_name = "sidebar"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("add/", views.add, name="add"),
    path("order/", views.order, name="order"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/visibility/", views.visibility, name="visibility"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
