"""The LA journey page, the methodology pages, the region and sector views."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from journeys.accounts import permissions
from journeys.authorities.models import REGION_BY_SLUG
from journeys.authorities.pages import authority_or_404, authority_trail, region_trail
from journeys.authorities.selectors import authority_list
from journeys.common.pages import breadcrumbs, requested_download
from journeys.common.tables import Column, Table

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
from ..sector import DEFAULT_CONVENTION, JUDGEMENT_LABELS
from ..timescales import CAVEAT, INDICATIVE


@require_safe
def la_journey_view(request, code: str):
    la = authority_or_404(code)
    journey = la_journey(la, user=request.user)
    benchmarks, benchmark_rows = presenters.benchmark_table(la.old_la_code)
    if (download := requested_download(request, benchmarks)) is not None:
        return download
    profile = journey["enabler_profile"]
    in_scope = permissions.belongs_to_la(request.user, la)
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
            "breadcrumbs": breadcrumbs(*authority_trail(la)),
        },
    )


@require_safe
def timescales_methodology_view(request):
    report = timescales_report()
    table = presenters.curves_table(report, CURVE_TITLES)
    if (download := requested_download(request, table)) is not None:
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
    if (download := requested_download(request, table)) is not None:
        return download
    targets = list(report["targets"].values())
    tested = bool(targets) and targets[0]["auc"] is not None
    return render(
        request,
        "improvement/methodology_early_warning.html",
        {
            "report": report,
            "targets": presenters.backtest_targets(report),
            "first": targets[0] if tested else None,
            "table": table,
            "tested": tested,
            "chart": presenters.backtest_chart(report) if tested else None,
            "method": [p for p in report["method"].split("\n\n") if p.strip()],
        },
    )


@login_required
@require_safe
def region_journeys_view(request, slug: str):
    """Every LA of a region: stage, how often LAs like it came out worse, next-step window and
    latest inspection, sortable."""
    region = REGION_BY_SLUG.get(slug)
    if region is None:
        raise Http404("No such region")
    today = date.today()
    authorities = list(authority_list(region=region))
    warnings = early_warnings(as_of=today, la_codes=[a.old_la_code for a in authorities])
    journeys = {la.old_la_code: la_journey(la, user=request.user, as_of=today) for la in authorities}
    sort = request.GET.get("sort", "name")
    sort = sort if sort in presenters.REGION_SORTS else "name"
    descending = request.GET.get("order") == "desc"
    rows = presenters.region_rows(authorities, journeys, warnings, sort=sort, descending=descending)
    table = presenters.region_table(region, rows)
    if (download := requested_download(request, table)) is not None:
        return download
    params = presenters.region_table_params(table, sort=sort, descending=descending)
    chart = presenters.region_stage_chart(region, rows)
    return render(
        request,
        "improvement/region.html",
        {
            "region": region,
            "table": table,
            "table_params": params,
            "chart": chart,
            "breadcrumbs": breadcrumbs(*region_trail(region)),
        },
    )


@require_safe
def sector_view(request):
    form = AsOfForm(data=request.GET or None)
    as_of, convention = date.today(), DEFAULT_CONVENTION
    if request.GET and form.is_valid():
        as_of = form.cleaned_data.get("as_of") or as_of
        convention = form.cleaned_data.get("convention") or convention
    report = sector_report(as_of=as_of, convention=convention)
    series = sector_over_time(convention=convention)
    table = presenters.sector_table(series)
    if (download := requested_download(request, table)) is not None:
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


def derive_charts(today: date) -> list[tuple[str, int]]:
    """Draw the charts the journey, methodology and sector pages show on published evidence alone
    into the chart store, so no request draws them; returns how many it drew or found."""
    figures = [
        presenters.curves_chart(timescale_curves()),
        presenters.sector_chart(sector_over_time(convention=DEFAULT_CONVENTION)),
    ]
    report = backtest_report()
    if next(iter(report["targets"].values()), {}).get("auc") is not None:
        figures.append(presenters.backtest_chart(report))
    for la in authority_list():
        _, rows = presenters.benchmark_table(la.old_la_code)
        figures.append(presenters.benchmark_chart(rows, la.name))
    return [("charts", sum(figure is not None for figure in figures))]
