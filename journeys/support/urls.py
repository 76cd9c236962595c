from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("support/", views.support_catalogue_view, name="catalogue"),
    path("support/engagements/new/", views.engagement_create_view, name="engagement-create"),
    path("support/engagements/<int:pk>/outcome/", views.engagement_outcome_view, name="engagement-outcome"),
    path("support/engagements/<int:pk>/delete/", views.engagement_delete_view, name="engagement-delete"),
    path("local-authorities/<str:code>/support/", views.la_support_view, name="la"),
]
