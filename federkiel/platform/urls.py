from django.urls import path

from federkiel.platform import views

app_name = "platform"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
