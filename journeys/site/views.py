"""The home page: the service in a paragraph and the regions to start from."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from journeys.authorities.models import region_slug
from journeys.authorities.register import REGIONS


@require_safe
def home_view(request):
    regions = [{"text": r, "href": reverse("authorities:region", args=[region_slug(r)])} for r in REGIONS]
    return render(request, "site/home.html", {"regions": regions})
