"""Service-wide pages: home, health check, about the data, accessibility.

Error pages are Django's own handlers rendering the project's 400/403/404/500 templates."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from journeys.authorities.models import region_slug
from journeys.authorities.register import REGIONS


@require_safe
def home_view(request):
    regions = [{"text": r, "href": reverse("authorities:region", args=[region_slug(r)])} for r in REGIONS]
    return render(request, "common/home.html", {"regions": regions})


@require_safe
def healthz_view(request):
    """Liveness: answers without touching the database (the floor for performance comparisons)."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def about_data_view(request):
    return render(request, "common/about_data.html")


@require_safe
def accessibility_view(request):
    return render(request, "common/accessibility.html")
