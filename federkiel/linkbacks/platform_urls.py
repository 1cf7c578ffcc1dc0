from django.urls import path

from federkiel.linkbacks import views

app_name = "linkbacks_platform"
urlpatterns = [
    # Both are reserved blog names (blogs/models.py, RESERVED_NAMES).
    path("webmention/", views.webmention, name="webmention"),
    path("xmlrpc/", views.xmlrpc, name="xmlrpc"),
]
