"""Pages for the regions and the search for a local authority. The register and an LA's own page
draw on the journey and the evidence, so they are composed in journeys.site."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from journeys.common.pages import breadcrumbs, requested_download
from journeys.common.tables import Column, Link, Table

from .models import REGION_BY_SLUG
from .selectors import authority_list, authority_search


def _authority_table(caption: str, authorities) -> Table:
    return Table(
        caption=caption,
        columns=[
            Column("name", "Local authority"),
            Column("old_la_code", "DfE code"),
            Column("new_la_code", "ONS code"),
            Column("region", "Region"),
            Column("type", "Type"),
        ],
        rows=[
            {
                "name": Link(a.name, reverse("authorities:detail", args=[a.old_la_code])),
                "old_la_code": a.old_la_code,
                "new_la_code": a.new_la_code,
                "region": a.region,
                "type": a.type,
            }
            for a in authorities
        ],
    )


def _download_or_render(request, table: Table, template: str, context: dict):
    return requested_download(request, table) or render(request, template, {**context, "table": table})


@require_safe
def region_view(request, slug: str):
    region = REGION_BY_SLUG.get(slug)
    if region is None:
        raise Http404("No such region")
    authorities = authority_list(region=region)
    table = _authority_table(f"Local authorities in {region}", authorities)
    trail = breadcrumbs(("Local authorities", reverse("authorities:list")))
    return _download_or_render(
        request, table, "authorities/region.html", {"region": region, "breadcrumbs": trail}
    )


@require_safe
def authority_search_view(request):
    """Find an LA by name, alias or code; an exact code or name goes straight to its page."""
    query = request.GET.get("q", "").strip()[:100]
    exact, matches = authority_search(query=query) if query else (None, [])
    if exact is not None:
        return redirect("authorities:detail", exact.old_la_code)
    results = [
        {
            "href": reverse("authorities:detail", args=[a.old_la_code]),
            "name": a.name,
            "detail": " · ".join(
                [a.region, f"DfE code {a.old_la_code}", f"ONS code {a.new_la_code}"]
                + ([] if a.is_current else [f"replaced on {a.ended_on:%-d %B %Y}" if a.ended_on else "ended"])
            ),
        }
        for a in matches
    ]
    error = "" if query or "q" not in request.GET else "Enter a local authority name or code"
    return render(
        request,
        "authorities/search.html",
        {
            "query": query,
            "results": results,
            "error": error,
            "error_list": [{"text": error, "href": "#search-page-q"}],
            "error_message": {"text": error} if error else None,
            "search_label": {"text": "Name or code", "classes": "govuk-label--s"},
            "search_hint": {"text": "For example Birmingham, 330 or E08000025"},
            "breadcrumbs": breadcrumbs(("Local authorities", reverse("authorities:list"))),
        },
    )
