from django.urls import path

from federkiel.search import views

app_name = "blog_search"
urlpatterns = [
    path("search/", views.blog_search, name="search"),
    path("opensearch.xml", views.blog_opensearch, name="opensearch"),
]
