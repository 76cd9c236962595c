from django.urls import path

from . import views

app_name = "authorities"

urlpatterns = [
    path("local-authorities/", views.authority_list_view, name="list"),
    path("search/", views.authority_search_view, name="search"),
    path("local-authorities/<str:code>/", views.authority_detail_view, name="detail"),
    path("regions/<slug:slug>/", views.region_view, name="region"),
]
