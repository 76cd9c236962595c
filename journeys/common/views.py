"""Service-wide pages: health check and accessibility.

Error pages are Django's own handlers rendering the project's 400/403/404/500 templates."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def healthz_view(request):
    """Liveness: answers without touching the database (the floor for performance comparisons)."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def accessibility_view(request):
    return render(request, "common/accessibility.html")
