from django.urls import path

from . import views

app_name = "common"

urlpatterns = [
    path("healthz", views.healthz_view, name="healthz"),
    path("accessibility/", views.accessibility_view, name="accessibility"),
]
