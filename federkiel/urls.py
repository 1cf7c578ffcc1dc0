from django.contrib import admin
from django.urls import include, path

from federkiel.porting import views as porting_views

urlpatterns = [
    path("admin/", admin.site.urls),
    # Import pages and account data (`/blogs/import/…`, `/accounts/data/`).
    path("", include("federkiel.porting.platform_urls")),
    path("accounts/", include("federkiel.accounts.urls")),
    path("", include("federkiel.platform.urls")),
    path("blogs/", include("federkiel.blogs.platform_urls")),
    path("feeds/", include("federkiel.feeds.platform_urls")),
    path("", include("federkiel.search.urls")),
    path("", include("federkiel.linkbacks.platform_urls")),
    # Blog URLs come last: `/<blog>/…` matches any name not taken above.
    path("<slug:blog>/", include("federkiel.blogs.urls")),
    path("<slug:blog>/stories/", include("federkiel.stories.urls")),
    path("<slug:blog>/stories/", include("federkiel.linkbacks.urls")),
    path("<slug:blog>/", include("federkiel.archive.urls")),
    path("<slug:blog>/", include("federkiel.feeds.urls")),
    path("<slug:blog>/sidebar/", include("federkiel.sidebar.urls")),
    path("<slug:blog>/", include("federkiel.comments.urls")),
    path("<slug:blog>/", include("federkiel.search.blog_urls")),
    path("<slug:blog>/media/", include("federkiel.media.urls")),
    path("<slug:blog>/", include("federkiel.porting.urls")),
    path("<slug:blog>/", include("federkiel.stats.urls")),
    # Last: paths nothing above answers may be old addresses of imported stories.
    path("<slug:blog>/<path:path>", porting_views.old_path, name="old_path"),
]
