from django.urls import path

from federkiel.linkbacks import views

app_name = "linkbacks"
urlpatterns = [
    # Under `/<blog>/stories/`: twoday's address of a story's trackback URL.
    path("<str:key>/modTrackback", views.trackback, name="trackback"),
]
