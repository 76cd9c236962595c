from django.urls import path

from . import views

app_name = "authorities"

urlpatterns = [
    path("search/", views.authority_search_view, name="search"),
    path("regions/<slug:slug>/", views.region_view, name="region"),
]
