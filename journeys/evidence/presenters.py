"""What the evidence pages show, as tables and charts: the LA's headline figures and series, its
inspection timeline, an indicator's ranking and regions, and a comparison of chosen LAs.

Built from the selectors' rows; the views register them on the page (for downloads) and render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse

from journeys.authorities.models import LocalAuthority
from journeys.authorities.register import REGIONS
from journeys.common.charts import BarChart, LineChart, Series
from journeys.common.tables import Column, Link, Table
from journeys.evidence import presentation
from journeys.evidence.catalogue import Indicator, load_catalogue
from journeys.evidence.presentation import NEIGHBOURS_HEADING, OTHER_NEIGHBOURS_HEADING, RANK_HEADING
from journeys.evidence.records import PERIOD_KINDS, SUB_JUDGEMENTS
from journeys.evidence.selectors import shown_indicators

_value = presentation.format_cell


def _rank(row, indicator: Indicator) -> str:
    return presentation.rank_name(row.rank, row.ranked, indicator.polarity)


def _neighbours(row, indicator: Indicator) -> str:
    return presentation.neighbours_cell(
        row.neighbour_mean, row.neighbours_used, row.neighbour_model, indicator
    )


def _other_neighbours(row, indicator: Indicator) -> str:
    return presentation.neighbours_cell(
        row.other_neighbour_mean, row.other_neighbours_used, row.other_neighbour_model, indicator
    )


def _year(row, indicator: Indicator, formed: int | None = None) -> str:
    short = presentation.period_short(presentation.period_kind(indicator), row.year)
    return short + presentation.FIRST_YEAR_MARK if formed and row.year <= formed else short


def formed_year(authority: LocalAuthority) -> int | None:
    """The year a new LA was formed (the day after its predecessors ended), or None."""
    ends = [p.ended_on for p in authority.predecessors.all() if p.ended_on]
    return (max(ends) + timedelta(days=1)).year if ends else None


def polarity(indicator: Indicator) -> str:
    return presentation.polarity_name(indicator.polarity)


@dataclass(frozen=True)
class IndicatorFigure:
    """One indicator's series for an LA: the chart, its table and the latest row."""

    indicator: Indicator
    chart: LineChart
    table: Table
    latest: object


@dataclass(frozen=True)
class LaEvidence:
    headline: Table
    figures: list[IndicatorFigure]
    joint_notes: list[str]


def la_evidence(authority: LocalAuthority, rows: list, section: str = "") -> LaEvidence:
    """The LA's headline table (latest period of every indicator), and a chart and table for each
    indicator of one National Framework outcome or enabler (``section``; none when empty)."""
    catalogue = load_catalogue()
    by_indicator: dict[str, list] = {}
    for row in rows:
        by_indicator.setdefault(row.indicator, []).append(row)

    formed = formed_year(authority)
    headline_rows, figures = [], []
    notes = [presentation.first_year_note(authority.name, formed)] if formed else []
    for indicator in shown_indicators():
        series_rows = by_indicator.get(indicator.id)
        if not series_rows:
            continue
        latest = series_rows[-1]
        headline_rows.append(
            {
                "indicator": Link(indicator.title, reverse("evidence:indicator", args=[indicator.id])),
                "section": catalogue.national_framework.get(indicator.national_framework or "", ""),
                "year": presentation.indicator_period(indicator, latest.year),
                "value": _value(latest.value, latest.symbol, indicator),
                "neighbours": _neighbours(latest, indicator),
                "other_neighbours": _other_neighbours(latest, indicator),
                "region": _value(latest.region_value, latest.region_symbol, indicator),
                "england": _value(latest.england_value, latest.england_symbol, indicator),
                "rank": _rank(latest, indicator),
                "quartile": presentation.quartile_name(latest.quartile, missing=""),
                "trend": latest.trend_summary or presentation.direction_name(None),
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
                Series(NEIGHBOURS_HEADING, tuple((r.year, r.neighbour_mean) for r in series_rows)),
                Series(latest.region or "Region", tuple((r.year, r.region_value) for r in series_rows)),
                Series("England", tuple((r.year, r.england_value) for r in series_rows)),
            ),
            marks=_model_changes(series_rows),
        )
        figures.append(
            IndicatorFigure(indicator, chart, _series_table(chart, series_rows, indicator, formed), latest)
        )

    headline = Table(
        caption=f"Headline indicators for {authority.name}, latest year",
        columns=[
            Column("indicator", "Indicator"),
            Column("section", "National Framework"),
            Column("year", "Period"),
            Column("value", authority.name, numeric=True),
            Column("neighbours", NEIGHBOURS_HEADING, numeric=True),
            Column("other_neighbours", OTHER_NEIGHBOURS_HEADING, numeric=True),
            Column("region", authority.region, numeric=True),
            Column("england", "England", numeric=True),
            Column("rank", RANK_HEADING, numeric=True),
            Column("quartile", "Quartile"),
            Column("trend", "Trend"),
        ],
        rows=headline_rows,
    )
    return LaEvidence(headline, figures, notes)


def neighbours_table(authority: LocalAuthority, group) -> Table:
    """An LA's statistical neighbours under one model, closest first, with DfE's closeness bands."""
    return Table(
        caption=(
            f"{presentation.neighbours_sentence(authority.name, group.model, len(group.neighbours))}, "
            f"used for {group.years}"
        ),
        columns=[
            Column("rank", "Closeness rank"),
            Column("la", "Local authority"),
            Column("band", "Closeness (DfE)"),
        ],
        rows=[
            {
                "rank": str(n.rank),
                "la": Link(n.name, reverse("evidence:la", args=[n.code])),
                "band": presentation.closeness_name(n.band),
            }
            for n in group.neighbours
        ],
    )


def inspection_timeline(authority: LocalAuthority, history: list) -> Table:
    """Every inspection and visit, latest first, predecessors' included."""
    return Table(
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
                "date": f"{e.record.start_date:%-d %B %Y}" if e.record.start_date else "Not known",
                "published": f"{e.record.published:%-d %B %Y}" if e.record.published else "",
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


def _series_table(chart: LineChart, rows: list, indicator: Indicator, formed: int | None) -> Table:
    """The chart's data as a table, with the LA's symbol where its figure is not a number."""
    columns = [Column("year", PERIOD_KINDS.get(indicator.period_kind or "", "Year").capitalize())] + [
        Column(f"s{i}", s.name, numeric=True) for i, s in enumerate(chart.series)
    ]
    body = []
    for r in rows:
        body.append(
            {
                "year": _year(r, indicator, formed),
                "s0": _value(r.value, r.symbol, indicator),
                "s1": _value(r.neighbour_mean, None, indicator),
                "s2": _value(r.region_value, r.region_symbol, indicator),
                "s3": _value(r.england_value, r.england_symbol, indicator),
                "model": presentation.neighbour_model_name(r.neighbour_model),
                "other": _other_neighbours(r, indicator),
            }
        )
    columns.append(Column("model", "Statistical neighbour model"))
    columns.append(Column("other", OTHER_NEIGHBOURS_HEADING, numeric=True))
    return Table(caption=f"Data for the chart: {chart.title}", columns=columns, rows=body)


def _model_changes(rows: list) -> tuple[tuple[int, str], ...]:
    """Where the neighbour model in force changes along a series (the 2025 model from 2025), so
    a jump in the neighbour line is not read as a change among the neighbours."""
    marks = []
    for before, after in zip(rows, rows[1:], strict=False):
        if (
            before.neighbour_model
            and after.neighbour_model
            and before.neighbour_model != after.neighbour_model
        ):
            marks.append((after.year, presentation.model_change(after.neighbour_model)))
    return tuple(marks)


def ranking_table(indicator: Indicator, year: int, region: str, ranking: list) -> Table:
    """Every LA's figure for the indicator and year (or the region's LAs), best (or highest) first."""
    period = presentation.indicator_period(indicator, year)
    order = presentation.ranking_order(indicator.polarity)
    return Table(
        caption=f"{indicator.title}, {period}: {region or 'all local authorities'}, {order}",
        columns=[
            Column("rank", presentation.rank_heading(indicator.polarity), numeric=True),
            Column("la", "Local authority"),
            Column("region", "Region"),
            Column("value", "Value", numeric=True),
            Column("neighbours", NEIGHBOURS_HEADING, numeric=True),
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
                "quartile": presentation.quartile_name(row.quartile, missing=""),
                "trend": presentation.direction_name(row.trend_direction, missing=""),
            }
            for row, authority in ranking
        ],
    )


def regions_figure(
    indicator: Indicator, year: int, region: str, published: dict
) -> tuple[BarChart, Table] | None:
    """England's and each region's published figure as bars, with its table; None if none is published."""
    areas = [
        a for a in ("England", *REGIONS) if (a, year) in published and published[(a, year)][0] is not None
    ]
    if not areas:
        return None
    chart = BarChart(
        title=f"{indicator.title}, {presentation.indicator_period(indicator, year)}: England and regions",
        x_title=indicator.unit.title.capitalize(),
        series=(Series(indicator.title, tuple((a, published[(a, year)][0]) for a in areas)),),
        highlighted=("England", region) if region else ("England",),
    )
    table = Table(
        caption=f"Data for the chart: {chart.title}",
        columns=[Column("area", "Area"), Column("value", "Value", numeric=True)],
        rows=[{"area": a, "value": _value(*published[(a, year)], indicator)} for a in areas],
    )
    return chart, table


def comparison_table(chosen: list[LocalAuthority], indicators: list[Indicator], rows_by_la: dict) -> Table:
    """The chosen LAs' latest figure for every indicator, beside England's."""
    latest: dict[tuple[str, str], object] = {}
    for code, rows in rows_by_la.items():
        for row in rows:
            latest[(code, row.indicator)] = row  # rows come by year, so the last is the latest
    return Table(
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


# Lines a chart keeps apart by colour, dash and shape together (common.charts.LINE_STYLES), England
# included; with more LAs chosen, the first is drawn against the others' mean.
CHART_LINES = 6


def comparison_chart(chosen: list[LocalAuthority], indicator: Indicator, rows_by_la: dict) -> LineChart:
    """One indicator over the years for each chosen LA, and England; with more LAs than a chart
    keeps apart, the first LA beside the mean of the others."""

    def points(code: str) -> dict[int, float | None]:
        return {r.year: r.value for r in rows_by_la[code] if r.indicator == indicator.id}

    if len(chosen) < CHART_LINES:
        series = [Series(a.name, tuple(points(a.old_la_code).items())) for a in chosen]
        title = f"{indicator.title}: {', '.join(a.name for a in chosen)}"
    else:
        first, others = chosen[0], chosen[1:]
        by_year: dict[int, list[float]] = {}
        for a in others:
            for year, value in points(a.old_la_code).items():
                if value is not None:
                    by_year.setdefault(year, []).append(value)
        series = [
            Series(first.name, tuple(points(first.old_la_code).items())),
            Series(
                presentation.others_mean_name(len(others)),
                tuple((year, sum(v) / len(v)) for year, v in sorted(by_year.items())),
            ),
        ]
        title = f"{indicator.title}: {first.name} and {presentation.others_mean_name(len(others)).lower()}"
    england = {
        r.year: r.england_value
        for a in chosen
        for r in rows_by_la[a.old_la_code]
        if r.indicator == indicator.id
    }
    series.append(Series("England", tuple(sorted(england.items()))))
    return LineChart(
        title=title,
        y_title=indicator.unit.title.capitalize(),
        series=tuple(series),
        marks=_model_changes([r for r in rows_by_la[chosen[0].old_la_code] if r.indicator == indicator.id]),
    )


def comparison_series_table(
    chart: LineChart, chosen: list[LocalAuthority], indicator: Indicator, rows_by_la: dict
) -> Table:
    """Every chosen LA's figures by year, and England's: the chart's data, each LA in full."""
    by_year: dict[int, dict] = {}
    for a in chosen:
        for r in rows_by_la[a.old_la_code]:
            if r.indicator == indicator.id:
                cells = by_year.setdefault(r.year, {"year": _year(r, indicator)})
                cells[a.old_la_code] = _value(r.value, r.symbol, indicator)
                cells["england"] = _value(r.england_value, r.england_symbol, indicator)
    columns = [Column("year", PERIOD_KINDS.get(indicator.period_kind or "", "Year").capitalize())]
    columns += [Column(a.old_la_code, a.name, numeric=True) for a in chosen]
    columns.append(Column("england", "England", numeric=True))
    return Table(
        caption=f"Data for the chart: {chart.title}",
        columns=columns,
        rows=[by_year[year] for year in sorted(by_year)],
    )


def _latest_text(row, indicator: Indicator) -> str:
    if row is None:
        return "Not held"
    return f"{_value(row.value, row.symbol, indicator)} ({_year(row, indicator)})"


def _england_text(rows, indicator: Indicator) -> str:
    row = next((r for r in rows if r is not None), None)
    if row is None:
        return ""
    return f"{_value(row.england_value, row.england_symbol, indicator)} ({_year(row, indicator)})"


def indicator_sections(indicators: list[Indicator]) -> list[tuple[str, str, Table]]:
    """(id, title, table) for each National Framework outcome or enabler with indicators."""
    catalogue = load_catalogue()
    by_section: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        by_section.setdefault(indicator.national_framework or "", []).append(indicator)
    return [
        (
            key,
            title,
            Table(
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
                        "polarity": polarity(i),
                        "isos": catalogue.isos_enablers.get(i.isos_enabler or "", ""),
                    }
                    for i in by_section[key]
                ],
            ),
        )
        for key, title in catalogue.national_framework.items()
        if key in by_section
    ]


def dashboard_coverage() -> Table:
    """DfE's outcomes and enablers dashboard, metric by metric: held by which indicator, or why not."""
    catalogue = load_catalogue()
    return Table(
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
            for m in catalogue.dashboard_metrics
        ],
    )
