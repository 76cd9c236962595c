"""The register of LAs and an LA's own page: they bring together the register, the journey and
the evidence, so they are composed here, above every app they draw on. They keep their
``authorities:`` URL names (see journeys/urls.py)."""

from datetime import date

from django.shortcuts import render
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.views.decorators.http import require_safe

from journeys.authorities.models import REGION_BY_SLUG, region_slug
from journeys.authorities.pages import authority_or_404, region_trail
from journeys.authorities.register import REGIONS
from journeys.authorities.selectors import authority_list
from journeys.common.pages import breadcrumbs, requested_download
from journeys.common.tables import Column, Link, Table
from journeys.evidence.records import FRAMEWORKS
from journeys.improvement import presenters
from journeys.improvement.insights import la_journey, register_journeys
from journeys.improvement.placement import STAGE_ORDER

NOT_INSPECTED = "No judged inspection on record"
# Sort keys of the register's columns; an LA without a judged inspection sorts below Inadequate.
SORTS = {
    "name": lambda row: row["name"].text,
    "region": lambda row: (REGIONS.index(row["region"]), row["name"].text),
    "stage": lambda row: (row["_stage"], row["name"].text),
    "judgement": lambda row: (row["_grade"], row["_inspected"] or date.min, row["name"].text),
}


def _judgement(inspection) -> str:
    return f"{inspection.overall.label}, {inspection.date:%-d %B %Y}" if inspection else NOT_INSPECTED


def _sortable_head(table: Table, *, sort: str, descending: bool, extra: str) -> list[dict]:
    head = []
    for column in table.columns:
        if column.key not in SORTS:
            head.append({"text": column.title})
            continue
        active = column.key == sort
        order = "asc" if active and descending else "desc" if active else "asc"
        state = ("descending" if descending else "ascending") if active else "none"
        label = column.title + (f" (sorted, {state})" if active else "")
        head.append(
            {
                "html": format_html(
                    '<a class="govuk-link" href="?sort={}&amp;order={}{}">{}</a>',
                    column.key,
                    order,
                    extra,
                    label,
                ),
                "attributes": {"aria-sort": state},
            }
        )
    return head


@require_safe
def authority_list_view(request):
    """Every current LA with its stage and latest judgement, sortable, filtered by region."""
    region = REGION_BY_SLUG.get(request.GET.get("region", ""))
    entries = register_journeys(as_of=date.today())
    rows = []
    for la in authority_list(region=region):
        entry = entries.get(la.old_la_code)
        inspection = entry["latest_inspection"] if entry else None
        rows.append(
            {
                "name": Link(la.name, reverse("authorities:detail", args=[la.old_la_code])),
                "old_la_code": la.old_la_code,
                "region": la.region,
                "stage": entry["stage"]["name"] if entry else "",
                "judgement": _judgement(inspection),
                "_stage": STAGE_ORDER.index(entry["stage"]["id"]) if entry else -1,
                "_inspected": inspection.date if inspection else None,
                "_grade": int(inspection.overall) if inspection else 0,
            }
        )
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "name"
    descending = request.GET.get("order") == "desc"
    rows.sort(key=SORTS[sort], reverse=descending)
    caption = f"Local authorities in {region}" if region else f"All {len(rows)} local authorities"
    table = Table(
        caption,
        [
            Column("name", "Local authority"),
            Column("old_la_code", "DfE code"),
            Column("region", "Region"),
            Column("stage", "Stage"),
            Column("judgement", "Latest judgement"),
        ],
        rows,
    )
    if (download := requested_download(request, table)) is not None:
        return download
    extra = f"&region={region_slug(region)}" if region else ""
    params = table.component_params()
    params["head"] = _sortable_head(table, sort=sort, descending=descending, extra=extra)
    query = f"region={region_slug(region)}&" if region else ""
    return render(
        request,
        "site/authority_list.html",
        {
            "table": table,
            "table_params": params,
            "region": region,
            "region_slug": region_slug(region) if region else "",
            "region_select": {
                "id": "region",
                "name": "region",
                "label": {"text": "Region", "classes": "govuk-label--s"},
                "items": [{"value": "", "text": "All regions"}]
                + [{"value": region_slug(r), "text": r, "selected": r == region} for r in REGIONS],
            },
            "csv_href": f"?{query}format=csv",
            "xlsx_href": f"?{query}format=xlsx",
        },
    )


def _authority_links(authorities) -> str:
    return format_html_join(
        ", ",
        '<a class="govuk-link" href="{}">{}</a>',
        ((reverse("authorities:detail", args=[a.old_la_code]), a.name) for a in authorities),
    )


def _facts(authority) -> list[dict]:
    region_href = reverse("authorities:region", args=[region_slug(authority.region)])
    facts = [
        ("DfE LA code", authority.old_la_code),
        ("ONS code", authority.new_la_code),
        ("Region", format_html('<a class="govuk-link" href="{}">{}</a>', region_href, authority.region)),
        ("Type", authority.type),
        ("Also known as", ", ".join(authority.aliases) or "None recorded"),
    ]
    if predecessors := list(authority.predecessors.all()):
        facts.append(("Formed from", _authority_links(predecessors)))
    if successors := list(authority.successors.all()):
        facts.append(("Replaced by", _authority_links(successors)))
    return [{"key": {"text": key}, "value": {"html": conditional_escape(value)}} for key, value in facts]


def la_headline(authority, user) -> dict:
    """The stage, the latest judged inspection and the key figures an LA's page leads with."""
    journey = la_journey(authority, user=user)
    entry = register_journeys(as_of=date.today()).get(authority.old_la_code, {})
    inspection = entry.get("latest_inspection")
    warning = journey.early_warning
    code = authority.old_la_code
    inspected = (
        f"{inspection.overall.label}: {FRAMEWORKS[inspection.framework]}, {inspection.date:%-d %B %Y}"
        if inspection
        else NOT_INSPECTED
    )
    rows = [
        (
            "Stage of the improvement journey",
            f"{journey.stage.name} ({journey.confidence} confidence)",
            reverse("improvement:la-journey", args=[code]),
            "Why",
            "this stage",
        ),
        ("Latest inspection", inspected, reverse("evidence:la", args=[code]), "Timeline", "of inspections"),
        (
            "Slipping back",
            warning.headline,
            None,
            "",
            "",
        ),
    ]
    benchmarks, _ = presenters.benchmark_table(code)
    return {
        "rows": [
            {
                "key": {"text": key},
                "value": {"text": value},
                **(
                    {"actions": {"items": [{"href": href, "text": text, "visuallyHiddenText": hidden}]}}
                    if href
                    else {}
                ),
            }
            for key, value, href, text, hidden in rows
        ],
        "benchmarks": benchmarks,
    }


@require_safe
def authority_detail_view(request, code: str):
    authority = authority_or_404(code)
    former_text = (
        f"{authority.name} no longer exists: it was replaced on "
        f"{authority.ended_on:%-d %B %Y}. Its history stays with its successors."
        if authority.ended_on
        else ""
    )
    headline = la_headline(authority, request.user) if authority.is_current else None
    if headline and (download := requested_download(request, headline["benchmarks"])) is not None:
        return download
    return render(
        request,
        "site/authority_detail.html",
        {
            "authority": authority,
            "headline": headline,
            "facts": _facts(authority),
            "former_text": former_text,
            "breadcrumbs": breadcrumbs(*region_trail(authority.region)),
        },
    )
