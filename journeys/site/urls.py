from django.urls import path

from . import authorities, views

app_name = "site"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("about/", views.about_view, name="about"),
]

# The register and an LA's page, composed here, keep their authorities: names (journeys/urls.py).
authority_urlpatterns = [
    path("local-authorities/", authorities.authority_list_view, name="list"),
    path("local-authorities/<str:code>/", authorities.authority_detail_view, name="detail"),
]
