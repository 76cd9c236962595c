from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("about-the-data/releases/", views.releases_view, name="releases"),
]
