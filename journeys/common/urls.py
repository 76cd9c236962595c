from django.urls import path

from . import views

app_name = "common"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("healthz", views.healthz_view, name="healthz"),
    path("about-the-data/", views.about_data_view, name="about-data"),
    path("accessibility/", views.accessibility_view, name="accessibility"),
]
