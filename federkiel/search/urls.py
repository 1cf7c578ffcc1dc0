from django.urls import path

from federkiel.search import views

app_name = "search"
urlpatterns = [
    path("search/", views.platform_search, name="platform"),
    path("opensearch.xml", views.platform_opensearch, name="opensearch"),
]
