from django.urls import path

from federkiel.stats import views

app_name = "stats"
urlpatterns = [
    path("stats/", views.statistics, name="statistics"),
]
