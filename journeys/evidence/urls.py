from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("local-authorities/<str:code>/evidence/", views.la_evidence_view, name="la"),
    path("indicators/", views.indicator_list_view, name="indicators"),
    path("indicators/<slug:indicator_id>/", views.indicator_view, name="indicator"),
    path("compare/", views.compare_view, name="compare"),
    path("about-the-data/", views.about_data_view, name="about-data"),
]
