"""Evidence pages: an LA's evidence, one indicator across LAs, a comparison of LAs, about the data.

Every table can be downloaded (``?download=<table>&format=csv|xlsx``, the page's filters kept).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from journeys.authorities.models import LocalAuthority
from journeys.authorities.register import REGIONS
from journeys.authorities.selectors import authority_get, authority_list
from journeys.common.charts import BarChart, LineChart, Series
from journeys.common.downloads import DOWNLOAD_FORMATS, table_download
from journeys.common.services import rendered_charts_get_or_create
from journeys.common.tables import Column, Link, Table
from journeys.evidence.catalogue import Indicator, load_catalogue
from journeys.evidence.forms import CompareForm, IndicatorFilterForm
from journeys.evidence.records import PERIOD_KINDS, SUB_JUDGEMENTS, SYMBOLS, period_label, period_short_label
from journeys.evidence.selectors import (
    benchmark_rows,
    comparators,
    demonstration_notice,
    evidence_version,
    format_value,
    import_list,
    indicator_ranking,
    indicator_years,
    inspection_history,
    shown_indicators,
)
from journeys.evidence.services import rendered_fragment_get_or_create

QUARTILE_WORDS = {1: "1 (best quarter)", 2: "2", 3: "3", 4: "4 (worst quarter)"}
NEIGHBOURS = "Statistical neighbours (mean)"
# Bump when the LA evidence section's template or content changes, so stored copies are redrawn.
LA_FRAGMENT_VERSION = 6


class Page:
    """Collects a page's tables and charts; answers a download request for any of its tables."""

    def __init__(self, request):
        self.request = request
        self.tables: dict[str, Table] = {}
        self.charts: list = []

    def table(self, name: str, table: Table) -> dict:
        self.tables[name] = table
        query = {k: v for k, v in self.request.GET.items() if k not in ("download", "format")}
        links = {fmt: "?" + urlencode({**query, "download": name, "format": fmt}) for fmt in DOWNLOAD_FORMATS}
        return {"table": table, "csv_href": links["csv"], "xlsx_href": links["xlsx"]}

    def figure(self, name: str, chart, table: Table) -> dict:
        self.charts.append(chart)
        return {"chart": chart, "key": chart.key(), **self.table(name, table)}

    def download(self):
        name, fmt = self.request.GET.get("download"), self.request.GET.get("format")
        if name in self.tables and fmt in DOWNLOAD_FORMATS:
            return table_download(self.tables[name], name=self.tables[name].caption, format=fmt)
        return None

    def render(self, template: str, context: dict):
        response = self.download()
        if response is not None:
            return response
        return render(self.request, template, self.context(context))

    def render_to_string(self, template: str, context: dict) -> str:
        # Drawn without the request, so without the context processor that says this for pages.
        return render_to_string(template, {**self.context(context), "demonstration": demonstration_notice()})

    def context(self, context: dict) -> dict:
        svgs = rendered_charts_get_or_create(charts=self.charts) if self.charts else {}
        return {**context, "svgs": svgs}


def _authority_or_404(code: str) -> LocalAuthority:
    try:
        return authority_get(query=code)
    except LocalAuthority.DoesNotExist as missing:
        raise Http404("No such local authority") from missing


def _value(value, symbol, indicator: Indicator) -> str:
    if value is None and not symbol:
        return ""
    return format_value(value, symbol, indicator)


def _rank(row) -> str:
    return f"{row.rank} of {row.ranked}" if row.rank else ""


def _neighbours(row, indicator: Indicator) -> str:
    if row.neighbour_mean is None:
        return ""
    return f"{format_value(row.neighbour_mean, None, indicator)} ({row.neighbours_used} LAs)"


@require_safe
def la_evidence_view(request, code: str):
    authority = _authority_or_404(code)
    page = Page(request)
    # Trend charts are shown for one National Framework outcome or enabler at a time, chosen
    # from a contents list: all of them at once would make a page of over a megabyte.
    section = request.GET.get("section", "")
    section = section if section in load_catalogue().national_framework else ""
    if request.GET.get("download"):
        _la_evidence(page, authority, section)
        response = page.download()
        if response is not None:
            return response
    # The evidence section changes only with an import: drawn once, then read back.
    key = f"la-evidence:{LA_FRAGMENT_VERSION}:{authority.old_la_code}:{section}:{evidence_version()}"
    body = rendered_fragment_get_or_create(
        key=key,
        render=lambda: page.render_to_string(
            "evidence/_la_body.html", _la_evidence(page, authority, section)
        ),
    )
    breadcrumbs = [
        {"text": "Home", "href": reverse("common:home")},
        {"text": "Local authorities", "href": reverse("authorities:list")},
        {"text": authority.name, "href": reverse("authorities:detail", args=[authority.old_la_code])},
    ]
    # The stored section is HTML Journeys rendered itself, with autoescaping on.
    context = {"authority": authority, "body": mark_safe(body), "breadcrumbs": breadcrumbs}  # noqa: S308
    return render(request, "evidence/la.html", context)


def _la_evidence(page: Page, authority: LocalAuthority, section: str) -> dict:
    """Everything the LA evidence section shows; registers its tables and charts on the page.

    The headline table has every indicator; the trend charts are those of one ``section``
    (none when it is empty).
    """
    catalogue = load_catalogue()
    with_figures = {i.national_framework for i in shown_indicators() if i.kind != "judgement"}
    rows = list(benchmark_rows(la_code=authority.old_la_code))
    by_indicator: dict[str, list] = {}
    for row in rows:
        by_indicator.setdefault(row.indicator, []).append(row)

    headline_rows, figures, notes = [], [], []
    for indicator in shown_indicators():
        series_rows = by_indicator.get(indicator.id)
        if not series_rows:
            continue
        latest = series_rows[-1]
        headline_rows.append(
            {
                "indicator": Link(indicator.title, reverse("evidence:indicator", args=[indicator.id])),
                "section": catalogue.national_framework.get(indicator.national_framework or "", ""),
                "year": period_short_label(latest.period_kind, latest.year),
                "value": _value(latest.value, latest.symbol, indicator),
                "neighbours": _neighbours(latest, indicator),
                "region": _value(latest.region_value, latest.region_symbol, indicator),
                "england": _value(latest.england_value, latest.england_symbol, indicator),
                "rank": _rank(latest),
                "quartile": QUARTILE_WORDS.get(latest.quartile, ""),
                "trend": latest.trend_summary or "Not enough years for a trend",
            }
        )
        if latest.joint_return and latest.joint_return not in notes:
            notes.append(latest.joint_return)
        if indicator.national_framework != section:
            continue
        chart = LineChart(
            title=f"{indicator.title}, {authority.name}",
            y_title=indicator.unit.title.capitalize(),
            series=(
                Series(authority.name, tuple((r.year, r.value) for r in series_rows)),
                Series(NEIGHBOURS, tuple((r.year, r.neighbour_mean) for r in series_rows)),
                Series(latest.region or "Region", tuple((r.year, r.region_value) for r in series_rows)),
                Series("England", tuple((r.year, r.england_value) for r in series_rows)),
            ),
        )
        table = _series_table(chart, series_rows, indicator)
        figures.append({**page.figure(indicator.id, chart, table), "indicator": indicator, "latest": latest})

    headline = Table(
        caption=f"Headline indicators for {authority.name}, latest year",
        columns=[
            Column("indicator", "Indicator"),
            Column("section", "National Framework"),
            Column("year", "Year"),
            Column("value", authority.name, numeric=True),
            Column("neighbours", NEIGHBOURS, numeric=True),
            Column("region", authority.region, numeric=True),
            Column("england", "England", numeric=True),
            Column("rank", "Rank (1 = best)", numeric=True),
            Column("quartile", "Quartile"),
            Column("trend", "Trend"),
        ],
        rows=headline_rows,
    )
    history = inspection_history(authority=authority)
    timeline = Table(
        caption=f"Inspection timeline for {authority.name}",
        columns=[
            Column("date", "Inspection date"),
            Column("published", "Published"),
            Column("framework", "Framework"),
            Column("kind", "Kind"),
            Column("overall", "Overall effectiveness"),
            *[Column(key, title) for key, title in SUB_JUDGEMENTS.items()],
            Column("inspected", "LA inspected"),
        ],
        rows=[
            {
                "date": f"{e.record.start_date:%-d %b %Y}" if e.record.start_date else "Not known",
                "published": f"{e.record.published:%-d %b %Y}" if e.record.published else "",
                "framework": e.framework_title,
                "kind": e.record.kind.capitalize() + (f": {e.record.theme}" if e.record.theme else ""),
                "overall": e.overall_label
                or (
                    "No overall grade (from April 2026)"
                    if e.record.framework == "ilacs_2026"
                    else "Not graded"
                ),
                **e.sub_judgement_labels(),
                "inspected": e.inherited_from.name if e.inherited_from else authority.name,
            }
            for e in reversed(history)
        ],
    )
    return {
        "authority": authority,
        "headline": page.table("headline", headline),
        "figures": figures,
        "section": section,
        "sections": [
            {"id": key, "title": title, "current": key == section}
            for key, title in catalogue.national_framework.items()
            if key in with_figures
        ],
        "section_title": catalogue.national_framework.get(section, ""),
        "timeline": page.table("inspections", timeline),
        "events": list(reversed(history)),
        "joint_notes": notes,
        "predecessors": list(authority.predecessors.all()),
        "successors": list(authority.successors.all()),
        "symbols": SYMBOLS,
        "has_symbols": any(r.symbol for r in rows),
    }


def _series_table(chart: LineChart, rows: list, indicator: Indicator) -> Table:
    """The chart's data as a table, with the LA's symbol where its figure is not a number."""
    columns = [Column("year", PERIOD_KINDS.get(indicator.period_kind or "", "Year").capitalize())] + [
        Column(f"s{i}", s.name, numeric=True) for i, s in enumerate(chart.series)
    ]
    body = []
    for r in rows:
        body.append(
            {
                "year": period_short_label(r.period_kind, r.year),
                "s0": _value(r.value, r.symbol, indicator),
                "s1": _value(r.neighbour_mean, None, indicator),
                "s2": _value(r.region_value, r.region_symbol, indicator),
                "s3": _value(r.england_value, r.england_symbol, indicator),
            }
        )
    return Table(caption=f"Data for the chart: {chart.title}", columns=columns, rows=body)


@require_safe
def indicator_list_view(request):
    page = Page(request)
    catalogue = load_catalogue()
    by_section: dict[str, list[Indicator]] = {}
    for indicator in shown_indicators():
        by_section.setdefault(indicator.national_framework or "", []).append(indicator)
    sections = []
    for key, title in catalogue.national_framework.items():
        if key not in by_section:
            continue
        table = Table(
            caption=title,
            columns=[
                Column("title", "Indicator"),
                Column("unit", "Unit"),
                Column("period", "Period"),
                Column("polarity", "Better when"),
                Column("isos", "Isos enabler"),
            ],
            rows=[
                {
                    "title": Link(i.title, reverse("evidence:indicator", args=[i.id])),
                    "unit": i.unit.title,
                    "period": PERIOD_KINDS.get(i.period_kind or "", "Inspection date").capitalize(),
                    "polarity": _polarity(i),
                    "isos": catalogue.isos_enablers.get(i.isos_enabler or "", ""),
                }
                for i in by_section[key]
            ],
        )
        sections.append({"id": key, "title": title, "table": page.table(f"indicators-{key}", table)})
    metrics = catalogue.dashboard_metrics
    coverage = Table(
        caption="DfE dashboard metrics held by Journeys",
        columns=[
            Column("number", "Metric", numeric=True),
            Column("title", "DfE dashboard metric"),
            Column("section", "National Framework"),
            Column("held", "Held"),
            Column("why", "Indicator, or why it is missing"),
        ],
        rows=[
            {
                "number": str(m.number),
                "title": m.title,
                "section": catalogue.national_framework[m.section],
                "held": "Yes" if m.held_by else "No",
                "why": "; ".join(catalogue[i].title for i in m.held_by) + (f". {m.note}" if m.note else "")
                if m.held_by
                else m.missing,
            }
            for m in metrics
        ],
    )
    return page.render(
        "evidence/indicators.html",
        {
            "sections": sections,
            "coverage": page.table("dashboard-coverage", coverage),
            "held_count": sum(1 for m in metrics if m.held_by),
            "metric_count": len(metrics),
        },
    )


def _polarity(indicator: Indicator) -> str:
    return {"higher_is_better": "Higher", "higher_is_worse": "Lower"}.get(indicator.polarity, "Neither")


@require_safe
def indicator_view(request, indicator_id: str):
    catalogue = load_catalogue()
    indicator = catalogue.indicators.get(indicator_id)
    if indicator is None or not indicator.is_shown or indicator.kind == "judgement":
        raise Http404("No such indicator")
    years = indicator_years(indicator=indicator.id)
    form = IndicatorFilterForm(request.GET or None, years=years)
    year = years[0] if years else None
    region = ""
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or year
        region = form.cleaned_data["region"]
    page = Page(request)
    context = {
        "indicator": indicator,
        "form": form,
        "year": year,
        "period": period_label(indicator.period_kind, year) if year else "",
        "region": region,
        "polarity": _polarity(indicator),
        "breadcrumbs": [
            {"text": "Home", "href": reverse("common:home")},
            {"text": "Indicators", "href": reverse("evidence:indicators")},
        ],
    }
    if year is None:
        return page.render("evidence/indicator.html", context)
    ranking = indicator_ranking(indicator=indicator.id, year=year, region=region or None)
    table = Table(
        caption=f"{indicator.title}, {year}: {region or 'all local authorities'}",
        columns=[
            Column("rank", "Rank (1 = best)", numeric=True),
            Column("la", "Local authority"),
            Column("region", "Region"),
            Column("value", "Value", numeric=True),
            Column("neighbours", NEIGHBOURS, numeric=True),
            Column("quartile", "Quartile"),
            Column("trend", "Trend"),
        ],
        rows=[
            {
                # The rank heads its row, so an LA without a figure says so instead of leaving it empty.
                "rank": str(row.rank) if row.rank else "Not ranked",
                "la": Link(authority.name, reverse("evidence:la", args=[authority.old_la_code])),
                "region": authority.region,
                "value": _value(row.value, row.symbol, indicator),
                "neighbours": _neighbours(row, indicator),
                "quartile": QUARTILE_WORDS.get(row.quartile, ""),
                "trend": row.trend_direction.capitalize() if row.trend_direction else "",
            }
            for row, authority in ranking
        ],
    )
    published = comparators(indicator=indicator.id)
    areas = [
        a for a in ("England", *REGIONS) if (a, year) in published and published[(a, year)][0] is not None
    ]
    chart = BarChart(
        title=f"{indicator.title}, {year}: England and regions",
        x_title=indicator.unit.title.capitalize(),
        series=(Series(indicator.title, tuple((a, published[(a, year)][0]) for a in areas)),),
        highlighted=("England", region) if region else ("England",),
    )
    chart_table = Table(
        caption=f"Data for the chart: {chart.title}",
        columns=[Column("area", "Area"), Column("value", "Value", numeric=True)],
        rows=[{"area": a, "value": _value(*published[(a, year)], indicator)} for a in areas],
    )
    context.update(
        {
            "ranking": page.table("ranking", table),
            "figure": page.figure("regions", chart, chart_table) if areas else None,
            "ranked_count": ranking[0][0].ranked if ranking else 0,
        }
    )
    return page.render("evidence/indicator.html", context)


@require_safe
def compare_view(request):
    catalogue = load_catalogue()
    authorities = list(authority_list())
    indicators = shown_indicators()
    form = CompareForm(
        request.GET or None,
        authorities=[(a.old_la_code, a.name) for a in authorities],
        indicators=[(i.id, i.title) for i in indicators],
    )
    page = Page(request)
    context: dict = {"form": form}
    if form.is_bound and form.is_valid():
        by_code = {a.old_la_code: a for a in authorities}
        chosen = [by_code[c] for c in form.cleaned_data["codes"]]
        rows_by_la = {a.old_la_code: list(benchmark_rows(la_code=a.old_la_code)) for a in chosen}
        latest: dict[tuple[str, str], object] = {}
        for code, rows in rows_by_la.items():
            for row in rows:
                latest[(code, row.indicator)] = row  # rows come by year, so the last is the latest
        table = Table(
            caption="Latest figures of the chosen local authorities",
            columns=[Column("indicator", "Indicator")]
            + [Column(a.old_la_code, a.name, numeric=True) for a in chosen]
            + [Column("england", "England", numeric=True)],
            rows=[
                {
                    "indicator": Link(i.title, reverse("evidence:indicator", args=[i.id])),
                    **{a.old_la_code: _latest_text(latest.get((a.old_la_code, i.id)), i) for a in chosen},
                    "england": _england_text([latest.get((a.old_la_code, i.id)) for a in chosen], i),
                }
                for i in indicators
            ],
        )
        indicator = catalogue[form.cleaned_data["indicator"]]
        series = [
            Series(
                a.name,
                tuple((r.year, r.value) for r in rows_by_la[a.old_la_code] if r.indicator == indicator.id),
            )
            for a in chosen
        ]
        england = {
            r.year: r.england_value
            for a in chosen
            for r in rows_by_la[a.old_la_code]
            if r.indicator == indicator.id
        }
        series.append(Series("England", tuple(sorted(england.items()))))
        chart = LineChart(
            title=f"{indicator.title}: {', '.join(a.name for a in chosen)}",
            y_title=indicator.unit.title.capitalize(),
            series=tuple(series),
        )
        context.update(
            {
                "chosen": chosen,
                "table": page.table("latest", table),
                "figure": page.figure("chart", chart, chart.table()),
                "indicator": indicator,
            }
        )
    return page.render("evidence/compare.html", context)


def _latest_text(row, indicator: Indicator) -> str:
    if row is None:
        return "Not held"
    return f"{_value(row.value, row.symbol, indicator)} ({row.year})"


def _england_text(rows, indicator: Indicator) -> str:
    row = next((r for r in rows if r is not None), None)
    return "" if row is None else f"{_value(row.england_value, row.england_symbol, indicator)} ({row.year})"


@require_safe
def about_data_view(request):
    page = Page(request)
    imports = list(import_list())
    table = Table(
        caption="Files imported",
        columns=[
            Column("file", "File"),
            Column("format", "Format"),
            Column("sha256", "SHA-256 (first 12)"),
            Column("read", "Rows read", numeric=True),
            Column("loaded", "Loaded", numeric=True),
            Column("skipped", "Skipped", numeric=True),
            Column("why", "Why rows were skipped"),
            Column("imported", "Imported"),
        ],
        rows=[
            {
                "file": i.file_name,
                "format": i.format_title,
                "sha256": i.sha256[:12],
                "read": str(i.rows_read),
                "loaded": str(i.rows_loaded),
                "skipped": str(i.rows_skipped),
                "why": "; ".join(f"{r['rows']}: {r['reason']}" for r in i.skipped_reasons) or "None skipped",
                "imported": f"{i.imported_at:%-d %b %Y %H:%M}",
            }
            for i in imports
        ],
    )
    return page.render(
        "evidence/about_data.html",
        {"imports": imports, "table": page.table("imports", table), "symbols": SYMBOLS},
    )
