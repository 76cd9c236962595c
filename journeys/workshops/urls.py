from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("workshops/", views.series_list_view, name="list"),
    path("workshops/plan/", views.plan_view, name="plan"),
    path("workshops/<slug:slug>/", views.series_view, name="series"),
    path("workshops/<slug:slug>/write-report/", views.series_report_view, name="series-report"),
    path("workshops/<slug:slug>/withdraw-report/", views.series_withdraw_view, name="series-withdraw"),
    path("workshops/<slug:slug>/<slug:workshop>/", views.workshop_view, name="workshop"),
    path("workshops/<slug:slug>/<slug:workshop>/contribute/", views.contribute_view, name="contribute"),
    path("workshops/<slug:slug>/<slug:workshop>/attendance/", views.attendance_view, name="attendance"),
    path(
        "workshops/<slug:slug>/<slug:workshop>/contributions/<int:pk>/",
        views.contribution_view,
        name="contribution",
    ),
]
