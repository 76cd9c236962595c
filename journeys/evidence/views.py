"""Evidence pages: an LA's evidence, one indicator across LAs, a comparison of LAs, about the data.

Every table can be downloaded (``?download=<table>&format=csv|xlsx``, the page's filters kept).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
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
from journeys.common.tables import Column, Table
from journeys.evidence import presentation, services
from journeys.evidence.catalogue import load_catalogue
from journeys.evidence.derivations import derived
from journeys.evidence.forms import (
    MAX_COMPARED,
    CompareForm,
    ComparisonGroupForm,
    IndicatorFilterForm,
    compare_query,
)
from journeys.evidence.models import ComparisonGroup
from journeys.evidence.records import SYMBOLS
from journeys.evidence.selectors import (
    benchmark_rows,
    comparators,
    comparison_group_get,
    comparison_groups_for,
    demonstration_notice,
    first_indicator_with_figures,
    import_list,
    indicator_ranking,
    indicator_years,
    inspection_history,
    la_neighbour_groups,
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
    context["groups"] = _group_links(request.user, [authority.old_la_code])
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
    """Every LA's evidence page as first shown (no outcome's trend charts chosen), former LAs'
    too: their pages are still read for the years they reported."""
    authorities = authority_list(include_former=True).prefetch_related("predecessors", "successors")
    return [
        (section_key(authority.old_la_code, ""), la_section_html(authority, "")) for authority in authorities
    ]


def _group_links(user, first: list[str], indicator: str | None = None) -> list[dict]:
    """The user's saved groups, each as a link to compare it (after ``first``, if given)."""
    if not user.is_authenticated:
        return []
    links = []
    for group in comparison_groups_for(user=user):
        codes = list(dict.fromkeys([*first, *group.la_codes]))
        links.append(
            {
                "group": group,
                "href": reverse("evidence:compare") + compare_query(codes, indicator),
                "cut": max(0, len(codes) - MAX_COMPARED),
            }
        )
    return links


def _la_evidence(page: Page, authority: LocalAuthority, section: str) -> dict:
    """Everything the LA evidence section shows; registers its tables and charts on the page."""
    catalogue = load_catalogue()
    rows = list(benchmark_rows(la_code=authority.old_la_code))
    evidence = presenters.la_evidence(authority, rows, section)
    groups = la_neighbour_groups(la_code=authority.old_la_code)
    neighbour_tables = [
        {"group": g, **page.table(f"neighbours-{g.model}", presenters.neighbours_table(authority, g))}
        for g in groups
    ]
    chart_first = first_indicator_with_figures(la_code=authority.old_la_code)
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
        "neighbour_tables": neighbour_tables,
        "compare_neighbours": reverse("evidence:compare")
        + compare_query(
            [authority.old_la_code, *groups[0].codes] if groups else [authority.old_la_code], chart_first
        ),
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
    query = request.GET.copy()
    if any(query.get(f"la{n}") for n in range(1, MAX_COMPARED + 1)) and not query.get("indicator"):
        # Opened with LAs alone (from a link): chart the first indicator, rather than refuse.
        query["indicator"] = indicators[0].id
    form = CompareForm(
        query or None,
        authorities=[(a.old_la_code, a.name) for a in authorities],
        indicators=[(i.id, i.title) for i in indicators],
    )
    page = Page(request)
    indicator_id = query.get("indicator") if query.get("indicator") in catalogue.indicators else None
    context: dict = {"form": form, "max_compared": MAX_COMPARED}
    own = getattr(request.user, "la", None)
    if own is not None:
        groups = la_neighbour_groups(la_code=own.old_la_code)
        if groups:
            codes = [own.old_la_code, *groups[0].codes]
            context["own_neighbours"] = {
                "authority": own,
                "href": reverse("evidence:compare") + compare_query(codes, indicator_id),
            }
    context["groups"] = _group_links(request.user, [], indicator_id)
    if form.is_bound and form.is_valid():
        by_code = {a.old_la_code: a for a in authorities}
        chosen = [by_code[c] for c in form.cleaned_data["codes"]]
        rows_by_la = {a.old_la_code: list(benchmark_rows(la_code=a.old_la_code)) for a in chosen}
        indicator = catalogue[form.cleaned_data["indicator"]]
        table = presenters.comparison_table(chosen, indicators, rows_by_la)
        chart = presenters.comparison_chart(chosen, indicator, rows_by_la)
        series = presenters.comparison_series_table(chart, chosen, indicator, rows_by_la)
        context.update(
            {
                "chosen": chosen,
                "table": page.table("latest", table),
                "figure": page.figure("chart", chart, series),
                "indicator": indicator,
                "one_line_each": len(chosen) < presenters.CHART_LINES,
                "save_href": reverse("evidence:group-new") + compare_query(form.cleaned_data["codes"]),
            }
        )
    return page.render("evidence/compare.html", context)


# --- Saved comparison groups ---------------------------------------------------------------------


def _groups_trail() -> list[dict]:
    return breadcrumbs(("Your comparison groups", reverse("evidence:groups")))


def _group_form(request, *, group=None) -> ComparisonGroupForm:
    taken = {g.name for g in comparison_groups_for(user=request.user) if group is None or g.pk != group.pk}
    authorities = [(a.old_la_code, a.name) for a in authority_list()]
    if request.method == "POST":
        return ComparisonGroupForm(request.POST, authorities=authorities, taken=taken)
    codes = group.la_codes if group else [request.GET.get(f"la{n}", "") for n in range(1, MAX_COMPARED + 1)]
    initial = {f"la{n}": code for n, code in enumerate(codes, start=1) if code}
    if group:
        initial["name"] = group.name
    return ComparisonGroupForm(initial=initial, authorities=authorities, taken=taken)


def _own_group_or_404(request, pk: int):
    try:
        return comparison_group_get(user=request.user, pk=pk)
    except ComparisonGroup.DoesNotExist as missing:
        raise Http404("No such comparison group") from missing


@login_required
@require_safe
def groups_view(request):
    names = dict(authority_list(include_former=True).values_list("old_la_code", "name"))
    # One summary-list row per group: its LAs, and links to compare, change or delete it.
    rows = [
        {
            "key": {"text": g.name},
            "value": {"text": ", ".join(names.get(code, code) for code in g.la_codes)},
            "actions": {
                "items": [
                    {
                        "href": reverse("evidence:compare") + compare_query(g.la_codes),
                        "text": "Compare",
                        "visuallyHiddenText": g.name,
                    },
                    {
                        "href": reverse("evidence:group-edit", args=[g.pk]),
                        "text": "Change",
                        "visuallyHiddenText": g.name,
                    },
                    {
                        "href": reverse("evidence:group-delete", args=[g.pk]),
                        "text": "Delete",
                        "visuallyHiddenText": g.name,
                    },
                ]
            },
        }
        for g in comparison_groups_for(user=request.user)
    ]
    return render(
        request,
        "evidence/groups.html",
        {
            "rows": rows,
            "max_compared": MAX_COMPARED,
            "new_href": reverse("evidence:group-new"),
            "breadcrumbs": breadcrumbs(),
        },
    )


@login_required
def group_new_view(request):
    form = _group_form(request)
    if request.method == "POST" and form.is_valid():
        group = services.comparison_group_create(
            user=request.user, name=form.cleaned_data["name"], la_codes=form.cleaned_data["codes"]
        )
        messages.success(request, f"Comparison group {group.name} saved.")
        return redirect("evidence:groups")
    return render(
        request,
        "evidence/group_form.html",
        {"form": form, "title": "Save a comparison group", "breadcrumbs": _groups_trail()},
    )


@login_required
def group_edit_view(request, pk: int):
    group = _own_group_or_404(request, pk)
    form = _group_form(request, group=group)
    if request.method == "POST" and form.is_valid():
        services.comparison_group_update(
            user=request.user,
            group=group,
            name=form.cleaned_data["name"],
            la_codes=form.cleaned_data["codes"],
        )
        messages.success(request, f"Comparison group {group.name} saved.")
        return redirect("evidence:groups")
    return render(
        request,
        "evidence/group_form.html",
        {"form": form, "group": group, "title": f"Change {group.name}", "breadcrumbs": _groups_trail()},
    )


@login_required
def group_delete_view(request, pk: int):
    group = _own_group_or_404(request, pk)
    if request.method == "POST":
        services.comparison_group_delete(user=request.user, group=group)
        messages.success(request, f"Comparison group {group.name} deleted.")
        return redirect("evidence:groups")
    return render(request, "evidence/group_delete.html", {"group": group, "breadcrumbs": _groups_trail()})


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
