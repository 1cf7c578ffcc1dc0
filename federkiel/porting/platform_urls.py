"""Platform pages: import into a new blog, the import jobs, one's account data."""

from django.urls import path

from federkiel.porting import views

app_name = "porting"
urlpatterns = [
    path("blogs/import/", views.new_import, name="new_import"),
    path("blogs/import/<int:pk>/", views.job, name="job"),
    path("blogs/import/<int:pk>/status/", views.job_status, name="job_status"),
    path("accounts/data/", views.account_data_download, name="account_data"),
]
