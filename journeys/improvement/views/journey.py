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
    la_journey,
    sector_over_time,
    sector_report,
    timescale_curves,
    timescales_report,
)
from ..sector import DEFAULT_CONVENTION, JUDGEMENT_LABELS
from ..timescales import CAVEAT, INDICATIVE


@require_safe
def la_journey_view(request, code: str):
    la = authority_or_404(code)
    journey = la_journey(la, user=request.user)
    benchmarks, benchmark_rows = presenters.benchmark_table(la.old_la_code)
    profile = journey.enabler_profile
    tables = {
        "markers": presenters.markers_table(journey),
        "timeline": presenters.timeline_table(journey),
        "profile": presenters.enabler_table(profile) if profile else None,
        "same_stage": presenters.same_stage_table(profile) if profile else None,
        "benchmarks": benchmarks,
    }
    chosen = tables.get(request.GET.get("table", "benchmarks"))
    if chosen is not None and (download := requested_download(request, chosen)) is not None:
        return download
    in_scope = permissions.belongs_to_la(request.user, la)
    return render(
        request,
        "improvement/la_journey.html",
        {
            "la": la,
            "journey": journey,
            "position": presenters.position_sentence(journey),
            "placed_from": presenters.placed_from_sentence(journey),
            "latest_rows": presenters.latest_inspection_rows(journey),
            "markers": tables["markers"],
            "window": presenters.window_sentence(journey.improvement_window),
            "risk": presenters.risk_sentence(journey.slipping_back),
            # At Good or better the first statement is the risk of slipping back, said above.
            "warning_statements": journey.early_warning.statements[1 if journey.slipping_back else 0 :],
            "timeline": tables["timeline"],
            "from_predecessors": any(e.la != la.old_la_code for e in journey.timeline),
            "benchmarks": benchmarks,
            "benchmark_chart": presenters.benchmark_chart(benchmark_rows, la.name),
            "profile": profile,
            "profile_table": tables["profile"],
            "same_stage_table": tables["same_stage"],
            "profile_chart": presenters.enabler_chart(profile, la.name) if profile else None,
            "in_scope": in_scope,
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
    """Every LA of a region: stage, improvement window, risk of slipping back and latest
    inspection, sortable."""
    region = REGION_BY_SLUG.get(slug)
    if region is None:
        raise Http404("No such region")
    today = date.today()
    authorities = list(authority_list(region=region))
    journeys = {la.old_la_code: la_journey(la, user=request.user, as_of=today) for la in authorities}
    sort = request.GET.get("sort", "name")
    sort = sort if sort in presenters.REGION_SORTS else "name"
    descending = request.GET.get("order") == "desc"
    rows = presenters.region_rows(authorities, journeys, sort=sort, descending=descending)
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
