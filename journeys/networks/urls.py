from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("networks/", views.national_view, name="national"),
    path("networks/regions/<slug:slug>/", views.region_view, name="region"),
    path("networks/<int:pk>/", views.detail_view, name="detail"),
    path("networks/<int:pk>/edit/", views.edit_view, name="edit"),
    path("networks/<int:pk>/dissolve/", views.dissolve_view, name="dissolve"),
]
