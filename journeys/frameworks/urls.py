from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("framework/", views.framework_overview_view, name="overview"),
    path("framework/stages/<slug:stage_id>/", views.stage_view, name="stage"),
    path("framework/enablers/<slug:enabler_id>/", views.enabler_view, name="enabler"),
    path("framework/matrix/", views.matrix_view, name="matrix"),
]
