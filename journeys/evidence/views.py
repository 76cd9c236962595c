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
from journeys.authorities.pages import authority_or_404, authority_trail
from journeys.authorities.selectors import authority_list
from journeys.common.pages import DOWNLOAD_FORMATS, breadcrumbs, table_download
from journeys.common.services import rendered_charts_get_or_create
from journeys.common.tables import Column, Table, chart_table
from journeys.evidence import presentation
from journeys.evidence.catalogue import load_catalogue
from journeys.evidence.derivations import derived
from journeys.evidence.forms import CompareForm, IndicatorFilterForm
from journeys.evidence.records import SYMBOLS
from journeys.evidence.selectors import (
    benchmark_rows,
    comparators,
    demonstration_notice,
    import_list,
    indicator_ranking,
    indicator_years,
    inspection_history,
    shown_indicators,
)

from . import presenters


class Page:
    """Collects a page's tables and charts; answers a download request for any of its tables."""

    def __init__(self, request, query: dict | None = None):
        self.request = request
        # The page's filters, kept in its download links (drawn without a request: given).
        self.query = dict(request.GET.items()) if query is None else query
        self.tables: dict[str, Table] = {}
        self.charts: list = []

    def table(self, name: str, table: Table) -> dict:
        self.tables[name] = table
        query = {k: v for k, v in self.query.items() if k not in ("download", "format")}
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


@require_safe
def la_evidence_view(request, code: str):
    authority = authority_or_404(code)
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
    body = derived(
        "evidence:" + section_key(authority.old_la_code, section), lambda: la_section_html(authority, section)
    )
    trail = breadcrumbs(*authority_trail(authority))
    # The stored section is HTML Journeys rendered itself, with autoescaping on.
    context = {"authority": authority, "body": mark_safe(body), "breadcrumbs": trail}  # noqa: S308
    return render(request, "evidence/la.html", context)


def section_key(la_code: str, section: str) -> str:
    return f"la-section:{la_code}:{section}"


def la_section_html(authority: LocalAuthority, section: str) -> str:
    """The LA evidence page's section as HTML. It changes only with the evidence, so it is
    derived once per import (the default section of every LA) and read back by the page: drawn
    live it takes several times as long as the rest of the page."""
    page = Page(None, query={"section": section} if section else {})
    return page.render_to_string("evidence/_la_body.html", _la_evidence(page, authority, section))


def derive_sections(today) -> list[tuple[str, str]]:
    """Every current LA's evidence page as first shown (no outcome's trend charts chosen)."""
    return [
        (section_key(authority.old_la_code, ""), la_section_html(authority, ""))
        for authority in authority_list().prefetch_related("predecessors", "successors")
    ]


def _la_evidence(page: Page, authority: LocalAuthority, section: str) -> dict:
    """Everything the LA evidence section shows; registers its tables and charts on the page."""
    catalogue = load_catalogue()
    rows = list(benchmark_rows(la_code=authority.old_la_code))
    evidence = presenters.la_evidence(authority, rows, section)
    charted = {i.national_framework for i in shown_indicators() if i.kind != "judgement"}
    history = inspection_history(authority=authority)
    figures = [
        {**page.figure(f.indicator.id, f.chart, f.table), "indicator": f.indicator, "latest": f.latest}
        for f in evidence.figures
    ]
    return {
        "authority": authority,
        "headline": page.table("headline", evidence.headline),
        "figures": figures,
        "sections": [
            {"id": key, "title": title, "current": key == section}
            for key, title in catalogue.national_framework.items()
            if key in charted
        ],
        "section_title": catalogue.national_framework.get(section, ""),
        "timeline": page.table("inspections", presenters.inspection_timeline(authority, history)),
        "events": list(reversed(history)),
        "joint_notes": evidence.joint_notes,
        "predecessors": list(authority.predecessors.all()),
        "successors": list(authority.successors.all()),
        "symbols": SYMBOLS,
        "has_symbols": any(r.symbol for r in rows),
    }


@require_safe
def indicator_list_view(request):
    page = Page(request)
    sections = [
        {"id": key, "title": title, "table": page.table(f"indicators-{key}", table)}
        for key, title, table in presenters.indicator_sections(shown_indicators())
    ]
    metrics = load_catalogue().dashboard_metrics
    context = {
        "sections": sections,
        "coverage": page.table("dashboard-coverage", presenters.dashboard_coverage()),
        "held_count": sum(1 for m in metrics if m.held_by),
        "metric_count": len(metrics),
    }
    return page.render("evidence/indicators.html", context)


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
        "period": presentation.indicator_period(indicator, year) if year else "",
        "region": region,
        "polarity": presenters.polarity(indicator),
        "source": indicator.source(catalogue.indicators),
        "breadcrumbs": breadcrumbs(("Indicators", reverse("evidence:indicators"))),
    }
    if year is None:
        return page.render("evidence/indicator.html", context)
    ranking = indicator_ranking(indicator=indicator.id, year=year, region=region or None)
    table = presenters.ranking_table(indicator, year, region, ranking)
    regions = presenters.regions_figure(indicator, year, region, comparators(indicator=indicator.id))
    context.update(
        {
            "ranking": page.table("ranking", table),
            "figure": page.figure("regions", *regions) if regions else None,
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
        indicator = catalogue[form.cleaned_data["indicator"]]
        table = presenters.comparison_table(chosen, indicators, rows_by_la)
        chart = presenters.comparison_chart(chosen, indicator, rows_by_la)
        context.update(
            {
                "chosen": chosen,
                "table": page.table("latest", table),
                "figure": page.figure("chart", chart, chart_table(chart)),
                "indicator": indicator,
            }
        )
    return page.render("evidence/compare.html", context)


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
                "imported": f"{i.imported_at:%-d %B %Y %H:%M}",
            }
            for i in imports
        ],
    )
    return page.render(
        "evidence/about_data.html",
        {"imports": imports, "table": page.table("imports", table), "symbols": SYMBOLS},
    )
