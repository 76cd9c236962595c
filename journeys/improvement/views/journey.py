"""The LA journey page, the methodology pages, the region and sector views, briefing downloads."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from journeys.authorities.models import REGION_BY_SLUG, LocalAuthority, region_slug
from journeys.authorities.selectors import authority_get, authority_list
from journeys.common.downloads import table_download
from journeys.common.tables import Column, Link, Table
from journeys.reports.services import BRIEFING_FORMATS, briefing_render

from .. import presenters
from ..forms import AsOfForm
from ..insights import (
    CURVE_TITLES,
    TIMESCALES_METHOD,
    backtest_report,
    early_warnings,
    la_journey,
    sector_over_time,
    sector_report,
    timescale_curves,
    timescales_report,
)
from ..placement import STAGE_ORDER
from ..sector import JUDGEMENT_LABELS
from ..timescales import CAVEAT, INDICATIVE


def _authority(code: str) -> LocalAuthority:
    try:
        return authority_get(query=code)
    except LocalAuthority.DoesNotExist as missing:
        raise Http404("No such local authority") from missing


def _download(request, table: Table):
    download = request.GET.get("format")
    if download in ("csv", "xlsx"):
        return table_download(table, name=table.caption, format=download)
    return None


@require_safe
def la_journey_view(request, code: str):
    la = _authority(code)
    journey = la_journey(la, user=request.user)
    benchmarks, benchmark_rows = presenters.benchmark_table(la.old_la_code)
    if (download := _download(request, benchmarks)) is not None:
        return download
    profile = journey["enabler_profile"]
    in_scope = request.user.is_authenticated and request.user.la_id == la.pk
    return render(
        request,
        "improvement/la_journey.html",
        {
            "la": la,
            "journey": journey,
            "benchmarks": benchmarks,
            "benchmark_chart": presenters.benchmark_chart(benchmark_rows, la.name),
            "profile": profile,
            "profile_table": presenters.enabler_table(profile) if profile else None,
            "profile_chart": presenters.enabler_chart(profile, la.name) if profile else None,
            "in_scope": in_scope,
            "stages": [(stage_id, stage_id == journey["stage"]["id"]) for stage_id in STAGE_ORDER],
            "breadcrumbs": [
                {"text": "Home", "href": reverse("common:home")},
                {"text": "Local authorities", "href": reverse("authorities:list")},
                {"text": la.name, "href": reverse("authorities:detail", args=[la.old_la_code])},
            ],
        },
    )


@require_safe
def briefing_view(request, code: str, format: str):
    if format not in BRIEFING_FORMATS:
        raise Http404("No such format")
    la = _authority(code)
    content = briefing_render(la=la, format=format, user=request.user)
    response = HttpResponse(content, content_type=BRIEFING_FORMATS[format])
    response["Content-Disposition"] = f'attachment; filename="journeys-briefing-{slugify(la.name)}.{format}"'
    return response


@require_safe
def timescales_methodology_view(request):
    report = timescales_report()
    table = presenters.curves_table(report, CURVE_TITLES)
    if (download := _download(request, table)) is not None:
        return download
    return render(
        request,
        "improvement/methodology_timescales.html",
        {
            "report": report,
            "table": table,
            "chart": presenters.curves_chart(timescale_curves()),
            "method": [p for p in TIMESCALES_METHOD.split("\n\n") if p.strip()],
            "caveat": CAVEAT,
            "indicative": INDICATIVE,
        },
    )


@require_safe
def early_warning_methodology_view(request):
    report = backtest_report()
    table = presenters.backtest_table(report)
    if (download := _download(request, table)) is not None:
        return download
    tested = report["auc"] is not None
    best_name, best = (
        max(report["baselines"].items(), key=lambda item: item[1]["auc"]) if tested else (None, None)
    )
    return render(
        request,
        "improvement/methodology_early_warning.html",
        {
            "report": report,
            "table": table,
            "tested": tested,
            "chart": presenters.backtest_chart(report) if tested else None,
            "best_name": best_name,
            "best": best,
            "beaten_by": [
                name for name, m in report["baselines"].items() if tested and m["auc"] >= report["auc"]
            ],
        },
    )


SORTS = {
    "name": lambda r: r["name"].text,
    "stage": lambda r: (r["_stage"], r["name"].text),
    "risk": lambda r: (r["_risk"], r["name"].text),
    "window": lambda r: (r["_window"] or date.max, r["name"].text),
    "inspection": lambda r: (r["_inspected"] or date.min, r["name"].text),
}


def _window_text(step: dict | None) -> str:
    if not step or not step["earliest"]:
        return "Not estimated"
    earliest = f"{date.fromisoformat(step['earliest']):%b %Y}"
    return (
        f"{earliest} to {date.fromisoformat(step['latest']):%b %Y}" if step["latest"] else f"From {earliest}"
    )


@login_required
@require_safe
def region_journeys_view(request, slug: str):
    """Every LA of a region: stage, risk band, next-step window and latest inspection, sortable."""
    region = REGION_BY_SLUG.get(slug)
    if region is None:
        raise Http404("No such region")
    today = date.today()
    authorities = list(authority_list(region=region))
    warnings = early_warnings(as_of=today, la_codes=[a.old_la_code for a in authorities])
    rows = []
    for la in authorities:
        journey = la_journey(la, user=request.user, as_of=today)
        step = journey["next_step"]
        latest = next((e for e in reversed(journey["evidence_used"]) if e.startswith("Inspection ")), None)
        warning = warnings[la.old_la_code]
        rows.append(
            {
                "name": Link(la.name, reverse("improvement:la-journey", args=[la.old_la_code])),
                "stage": journey["stage"]["name"],
                "confidence": journey["confidence"].capitalize(),
                "risk": f"{warning.band.capitalize()} ({warning.score:.0f})",
                "window": _window_text(step),
                "inspection": f"{date.fromisoformat(latest.split()[1]):%-d %b %Y}"
                if latest
                else "None on record",
                "_stage": STAGE_ORDER.index(journey["stage"]["id"]),
                "_risk": warning.score,
                "_window": date.fromisoformat(step["earliest"]) if step and step["earliest"] else None,
                "_inspected": date.fromisoformat(latest.split()[1]) if latest else None,
            }
        )
    sort = request.GET.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    descending = request.GET.get("order") == "desc"
    rows.sort(key=SORTS[sort], reverse=descending)
    titles = {
        "name": "Local authority",
        "stage": "Stage",
        "risk": "Slipping-back risk",
        "window": "Next-step window",
        "inspection": "Latest inspection",
    }
    table = Table(
        f"Improvement journeys in {region}",
        [
            Column("name", titles["name"]),
            Column("stage", titles["stage"]),
            Column("confidence", "Confidence"),
            Column("risk", titles["risk"]),
            Column("window", titles["window"]),
            Column("inspection", titles["inspection"]),
        ],
        rows,
    )
    if (download := _download(request, table)) is not None:
        return download
    head = []
    for column in table.columns:
        if column.key in SORTS:
            active = column.key == sort
            next_order = "asc" if active and descending else "desc" if active else "asc"
            attributes = {"aria-sort": ("descending" if descending else "ascending") if active else "none"}
            label = column.title + (
                " (sorted, " + ("descending" if descending else "ascending") + ")" if active else ""
            )
            head.append(
                {"html": Link(label, f"?sort={column.key}&order={next_order}"), "attributes": attributes}
            )
        else:
            head.append({"text": column.title})
    params = table.component_params()
    params["head"] = [
        {**h, "html": presenters.link_html(h["html"])} if isinstance(h.get("html"), Link) else h for h in head
    ]
    by_stage = {}
    for row in rows:
        by_stage[row["stage"]] = by_stage.get(row["stage"], 0) + 1
    chart = presenters.count_chart(
        [{"label": name, "count": by_stage.get(name, 0)} for name in presenters.stage_names()],
        title=f"LAs in {region} by stage of the journey",
        what="LAs",
    )
    return render(
        request,
        "improvement/region.html",
        {
            "region": region,
            "table": table,
            "table_params": params,
            "chart": chart,
            "breadcrumbs": [
                {"text": "Home", "href": reverse("common:home")},
                {"text": "Local authorities", "href": reverse("authorities:list")},
                {"text": region, "href": reverse("authorities:region", args=[region_slug(region)])},
            ],
        },
    )


@require_safe
def sector_view(request):
    form = AsOfForm(data=request.GET or None)
    as_of = date.today()
    if request.GET and form.is_valid() and form.cleaned_data.get("as_of"):
        as_of = form.cleaned_data["as_of"]
    report = sector_report(as_of=as_of)
    series = sector_over_time()
    table = presenters.sector_table(series)
    if (download := _download(request, table)) is not None:
        return download
    at_date = Table(
        f"Latest judgements on {as_of:%-d %B %Y}",
        [Column("judgement", "Latest judgement"), Column("count", "Local authorities", numeric=True)],
        [{"judgement": label, "count": report["by_judgement"][label]} for label in JUDGEMENT_LABELS],
    )
    return render(
        request,
        "improvement/sector.html",
        {
            "form": form,
            "report": report,
            "as_of": as_of,
            "at_date": at_date,
            "table": table,
            "chart": presenters.sector_chart(series),
        },
    )
