"""The home page, and the page about Journeys itself."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_safe

from journeys.authorities.models import region_slug
from journeys.authorities.register import REGIONS
from journeys.priorities.selectors import model_provenance

from .authorities import la_headline
from .home import home_tasks, region_glance


@require_safe
def home_view(request):
    regions = [{"text": r, "href": reverse("authorities:region", args=[region_slug(r)])} for r in REGIONS]
    context = {"regions": regions}
    user = request.user
    if user.is_authenticated:
        context["tasks"] = home_tasks(user)
        if user.la_id:
            context["la_glance"] = la_headline(user.la, user)
        elif user.region:
            context["region_glance"] = region_glance(user.region)
            context["region_slug"] = region_slug(user.region)
    return render(request, "site/home.html", context)


@require_safe
def about_view(request):
    model = model_provenance()
    rows = [
        (
            "Model",
            format_html('<a class="govuk-link" href="{0}">{1}</a>', model["source_url"], model["name"]),
        ),
        (
            "Licence",
            format_html('<a class="govuk-link" href="{0}">{1}</a>', model["licence_url"], model["licence"]),
        ),
        (
            "Published checksum",
            format_html("SHA-256 <code>{}</code>, {} bytes", model["sha256"], f"{model['size']:,}"),
        ),
        (
            "On this service",
            "In use: checked against the published checksum" if model["verified"] else "Not in use",
        ),
    ]
    return render(
        request,
        "site/about.html",
        {
            "model": model,
            "model_rows": [{"key": {"text": key}, "value": {"html": value}} for key, value in rows],
            "model_warning": (
                f"Theme suggestions use a simpler word-matching method (TF-IDF), because {model['reason']}."
            ),
        },
    )
