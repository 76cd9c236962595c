from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("local-authorities/<str:code>/evidence/", views.la_evidence_view, name="la"),
    path("indicators/", views.indicator_list_view, name="indicators"),
    path("indicators/<slug:indicator_id>/", views.indicator_view, name="indicator"),
    path("compare/", views.compare_view, name="compare"),
    path("comparison-groups/", views.groups_view, name="groups"),
    path("comparison-groups/new/", views.group_new_view, name="group-new"),
    path("comparison-groups/<int:pk>/", views.group_edit_view, name="group-edit"),
    path("comparison-groups/<int:pk>/delete/", views.group_delete_view, name="group-delete"),
    path("about-the-data/", views.about_data_view, name="about-data"),
]
