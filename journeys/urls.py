"""Journeys URLs: one include per app, the API under /api/v1."""

from django.contrib import admin
from django.urls import include, path

from .api import api
from .authorities.urls import urlpatterns as authority_urlpatterns
from .site.urls import authority_urlpatterns as composed_authority_urlpatterns

urlpatterns = [
    path("", include("journeys.site.urls")),
    path("", include("journeys.common.urls")),
    path("", include("journeys.evidence.urls")),
    path("", include((authority_urlpatterns + composed_authority_urlpatterns, "authorities"))),
    path("", include("journeys.frameworks.urls")),
    path("", include("journeys.improvement.urls")),
    path("", include("journeys.reports.urls")),
    path("", include("journeys.priorities.urls")),
    path("", include("journeys.contacts.urls")),
    path("", include("journeys.networks.urls")),
    path("", include("journeys.support.urls")),
    path("", include("journeys.workshops.urls")),
    path("", include("journeys.notifications.urls")),
    path("accounts/", include("journeys.accounts.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
