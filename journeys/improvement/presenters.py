"""Turn journey results into what pages and briefings show: tables, charts and sentences.

Shared by the journey pages and the briefing, so a councillor reads the same figures in the PDF,
the Word document and on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from journeys.common.charts import (
    BarChart,
    Chart,
    LineChart,
    Series,
    StackedColumnChart,
    svg_data_uri,
)
from journeys.common.services import rendered_chart_get_or_create, rendered_chart_png_get_or_create
from journeys.common.tables import Column, Link, Table
from journeys.evidence import presentation
from journeys.evidence.catalogue import load_catalogue
from journeys.evidence.presentation import stage_name
from journeys.evidence.selectors import latest_benchmark_facts

from .early_warning import MEASURES
from .journey import EnablerProfile, ImprovementWindow, Journey, MarkerResult, SlippingBackRisk
from .placement import STAGE_ORDER
from .sector import JUDGEMENT_LABELS

KEY_INDICATORS = (
    "agency_rate",
    "turnover_rate",
    "vacancy_rate",
    "caseload",
    "rereferral_rate",
    "repeat_cp_plan_rate",
)


@dataclass(frozen=True)
class Figure:
    """A drawn chart: inline SVG on the pages, an image in the PDF briefing, a PNG in the Word one.

    The SVG is one image named by its description (``common.charts``); the page, the PDF and the
    Word document give the same figures in a table.
    """

    chart: Chart
    svg: str

    @property
    def title(self) -> str:
        return self.chart.title

    @property
    def description(self) -> str:
        return self.chart.summary()

    @property
    def html(self) -> str:
        # Journeys drew the SVG itself from escaped values (common.charts.render_svg).
        return mark_safe(self.svg)  # noqa: S308

    @property
    def data_uri(self) -> str:
        return svg_data_uri(self.svg)

    def png(self) -> bytes:
        return rendered_chart_png_get_or_create(chart=self.chart, svg=self.svg)


def _drawn(chart: Chart) -> Figure:
    # Drawn once, then read back: the key changes with anything the chart shows.
    return Figure(chart, rendered_chart_get_or_create(chart=chart))


# --- The journey page ---------------------------------------------------------------------------

INSPECTIONS_CAVEAT = (
    "Ofsted inspects each LA about every three years, so these are the dates inspections recognised "
    "the change: it may have come sooner."
)
RISK_CAVEAT = (
    "Inspections are about three years apart, so this counts what inspections found, not a forecast: "
    "a service can slip between two of them before anyone sees it."
)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


POSITION_WORDS = {
    "well_on": "well on through",
    "partway": "partway through",
    "early": "early in",
}


def position_sentence(journey: Journey) -> str:
    """Where the LA stands within its stage, in one sentence."""
    position, stage = journey.position, journey.stage.name
    known = position.met + position.not_yet
    tally = f"it meets {position.met} of the {known} markers of this stage that the evidence speaks to"
    if position.case == "sustaining_excellence":
        return (
            "Judged outstanding, the work is sustaining and spreading excellence rather than getting to "
            f"great: {tally}."
        )
    if position.case == "not_assessed":
        return (
            f"The evidence held speaks to none of the markers of '{stage}', so Journeys cannot say how "
            "far through it the LA is."
        )
    where = POSITION_WORDS[position.case]
    toward = ", on the way to great" if journey.stage.id == "good_to_great" else ""
    return f"{journey.la_name} is {where} '{stage}'{toward}: {tally}."


def placed_from_sentence(journey: Journey) -> str:
    latest = journey.latest_inspection
    if journey.placed_from == "overall_grade":
        grade = presentation.grade_phrase(latest.overall)
        return f"Placed from Ofsted's overall grade, '{grade}', and the sub-judgements beside it."
    if journey.placed_from == "sub_judgements":
        inspection = _upper_first(latest.name)
        return (
            f"{inspection} has no overall grade (Ofsted gives none from April 2026), so Journeys places "
            "it from the sub-judgements, which read as "
            f"'{presentation.grade_phrase(latest.grade)}': an imputed grade, not Ofsted's."
        )
    if journey.placed_from == "indicators":
        return "There is no judged inspection on record, so the placement rests on indicators alone."
    return "There is no judged inspection and no indicator on record to place the LA from."


def latest_inspection_rows(journey: Journey) -> list[dict]:
    """The latest judged inspection as summary-list rows: what Ofsted gave, and what Journeys reads."""
    latest = journey.latest_inspection
    if latest is None:
        return [{"key": {"text": "Latest inspection"}, "value": {"text": "No judged inspection on record"}}]
    if latest.overall:
        overall = latest.overall
    else:
        imputed = presentation.grade_phrase(latest.grade)
        overall = f"None given; Journeys reads the sub-judgements as '{imputed}' (imputed)"
    rows = [
        ("Inspection", _upper_first(latest.name)),
        ("Framework", latest.framework_name),
        ("Overall grade", overall),
    ]
    if latest.la != journey.la:
        names = {e.la: e.la_name for e in journey.timeline}
        rows.insert(1, ("Local authority inspected", names.get(latest.la, latest.la)))
    rows += [(s.name, s.grade) for s in latest.sub_judgements]
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


def markers_table(journey: Journey) -> Table:
    evidence = {"inspection": "Inspection", "indicator": "Indicator", "self_evaluation": "Self-evaluation"}
    return Table(
        f"Markers of '{journey.stage.name}'",
        [
            Column("marker", "Marker"),
            Column("status", "Where it stands"),
            Column("evidence", "Evidence"),
            Column("found", "What the evidence shows"),
        ],
        [
            {
                "marker": m.text,
                "status": presentation.marker_status_name(m.status),
                "evidence": evidence[m.evidence],
                "found": _found(m),
            }
            for m in journey.position.markers
        ],
    )


def _found(marker: MarkerResult) -> str:
    if marker.found:
        return marker.found
    if marker.status != "no_evidence":
        return "Recorded in the self-evaluation"
    if marker.evidence == "self_evaluation":
        return "No submitted self-evaluation that you can see rates this"
    return "Nothing held"


def window_sentence(window: ImprovementWindow | None) -> str:
    """Below Good: when LAs like this one were typically judged a grade better."""
    if window is None:
        return "There is no judged inspection below Good to time the next step from."
    start = presentation.grade_phrase(window.from_grade)
    goal = presentation.grade_phrase(window.to_grade)
    months = presentation.duration_name(window.months_so_far)
    who = f"Of LAs judged {start} that had already been so for {months}"
    if window.quarter_by is None:
        return (
            f"Too few LAs judged {start} for as long as {months} have since been judged {goal} or better "
            f"to say when LAs like this one typically were. {INSPECTIONS_CAVEAT}"
        )
    parts = [f"a quarter were judged {goal} or better by {presentation.month_name(window.quarter_by)}"]
    if window.half_by:
        parts.append(f"half by {presentation.month_name(window.half_by)}")
    if window.three_quarters_by:
        parts.append(f"three quarters by {presentation.month_name(window.three_quarters_by)}")
    said = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
    rest = "" if window.three_quarters_by else "; the rest have not been followed long enough to say more"
    return f"{who}, {said}{rest}. {INSPECTIONS_CAVEAT}"


def risk_sentence(risk: SlippingBackRisk | None) -> str:
    """Good or better: how often LAs like this one came out worse, and when good LAs slipped back."""
    if risk is None:
        return "Judged below Good, the next step is the one up: see the improvement window."
    timing = ""
    if risk.quarter_by:
        timing = (
            f" Of LAs judged {presentation.grade_phrase(risk.from_grade)} or better for as long, a quarter "
            f"had been judged worse by {presentation.month_name(risk.quarter_by)}."
        )
    return f"{risk.statement}{timing} {RISK_CAVEAT}"


def timeline_table(journey: Journey) -> Table:
    def judgement(entry) -> str:
        if entry.overall:
            return entry.overall
        return f"No overall grade (read as {presentation.grade_phrase(entry.grade)})"

    return Table(
        f"Stages of the journey at each judged inspection of {journey.la_name}"
        + (", its predecessors included" if any(e.la != journey.la for e in journey.timeline) else ""),
        [
            Column("inspection", "Inspection"),
            Column("la", "Local authority"),
            Column("framework", "Framework"),
            Column("judgement", "Judgement"),
            Column("stage", "Stage"),
            Column("movement", "Since the one before"),
        ],
        [
            {
                "inspection": presentation.date_name(e.start_date or e.published),
                "la": e.la_name,
                "framework": e.framework_name,
                "judgement": judgement(e),
                "stage": e.stage.name,
                "movement": presentation.movement_name(e.movement),
            }
            for e in journey.timeline
        ],
    )


def _cell_text(cell) -> str:
    if not cell.rated:
        return f"Not rated ({cell.total} statements)"
    unrated = f", {cell.total - cell.rated} not rated" if cell.rated < cell.total else ""
    return f"{cell.met} of {cell.total} met{unrated}"


def enabler_table(profile: EnablerProfile) -> Table:
    """Stage x enabler: how many of each stage's statements are rated mostly or fully in place."""
    columns = [Column("enabler", "Enabler")] + [Column(s.id, s.name) for s in profile.stages]
    rows = [
        {"enabler": row.name, **{cell.stage: _cell_text(cell) for cell in row.cells}} for row in profile.rows
    ]
    return Table("Self-evaluation statements met, by stage and enabler", columns, rows)


def same_stage_table(profile: EnablerProfile) -> Table | None:
    """The median share of each stage's statements met among other LAs at the same stage."""
    same = profile.same_stage
    if same is None or same.suppressed:
        return None
    medians = {(c.enabler, c.stage): c for c in same.cells}

    def cell(enabler: str, stage: str) -> str:
        found = medians.get((enabler, stage))
        return f"{round(100 * found.median_share_met)}% ({found.n} LAs)" if found else "Too few LAs"

    return Table(
        f"Median share of statements met, other LAs at '{stage_name(same.stage)}' ({same.n} LAs)",
        [Column("enabler", "Enabler")] + [Column(s.id, s.name, numeric=True) for s in profile.stages],
        [
            {"enabler": row.name, **{s.id: cell(row.enabler, s.id) for s in profile.stages}}
            for row in profile.rows
        ],
    )


def enabler_chart(profile: EnablerProfile, la_name: str) -> Figure:
    """Per stage, the share of each enabler's statements met (rated mostly or fully in place)."""
    series = tuple(
        Series(
            stage.name,
            tuple(
                (row.name, round(100 * row.cells[i].met / row.cells[i].total) if row.cells[i].rated else None)
                for row in profile.rows
            ),
        )
        for i, stage in enumerate(profile.stages)
    )
    met = sum(c.met for r in profile.rows for c in r.cells)
    total = sum(c.total for r in profile.rows for c in r.cells)
    return _drawn(
        BarChart(
            title="Enabler profile by stage",
            x_title="Share of the stage's statements met (%)",
            series=series,
            domain=(0, 100),
            value_format="d",
            description=(
                "For each of the seven enablers, the share of each stage's self-evaluation statements "
                f"that {la_name} rates mostly or fully in place: {met} of {total} statements in all. "
                "An enabler with no statement of a stage rated has no bar for it. "
                "The table gives every figure."
            ),
        )
    )


def benchmark_table(la_code: str) -> tuple[Table, list[dict]]:
    """Key workforce and practice indicators: the LA's latest figure, period, quartile, trend and
    the neighbour model its benchmarks were drawn with."""
    catalogue = load_catalogue()
    facts = latest_benchmark_facts(la_code=la_code)
    rows = []
    for indicator_id in KEY_INDICATORS:
        fact = facts.get(indicator_id)
        if not fact:
            continue
        indicator = catalogue[indicator_id]
        rows.append(
            {
                "indicator": fact["title"],
                "year": presentation.indicator_period(indicator, fact["year"]),
                "value": presentation.format_value(fact["value"], fact["symbol"], indicator),
                "quartile": presentation.quartile_name(fact["quartile"]),
                "trend": presentation.direction_name(fact["trend_direction"]),
                "model": presentation.neighbour_model_name(fact["neighbour_model"]),
                "_quartile": fact["quartile"],
            }
        )
    table = Table(
        "Key indicators, latest period",
        [
            Column("indicator", "Indicator"),
            Column("year", "Period"),
            Column("value", "Value", numeric=True),
            Column("quartile", "Quarter among LAs (1 = best)"),
            Column("trend", "Direction of travel"),
            Column("model", "Statistical neighbour model"),
        ],
        rows,
    )
    return table, rows


def benchmark_chart(rows: list[dict], la_name: str) -> Figure | None:
    ranked = [r for r in rows if r["_quartile"]]
    if not ranked:
        return None
    # Quartile 1 is the best quarter here as in every table: the bar's length is the quartile.
    quarters = tuple((r["indicator"], r["_quartile"]) for r in ranked)
    described = "; ".join(f"{r['indicator']}: quarter {r['quartile']}" for r in ranked)
    return _drawn(
        BarChart(
            title="Where the key indicators stand",
            x_title=presentation.QUARTILE_AXIS,
            series=(Series("Quarter among LAs", quarters),),
            domain=(0, 4),
            value_format="d",
            description=f"{la_name}'s key indicators by quarter among all LAs (1 is the best): {described}.",
        )
    )


def curves_chart(curves: dict) -> Figure:
    series = tuple(
        Series(curve.title, tuple((point["months"], point["survival"]) for point in curve.table))
        for curve in curves.values()
    )
    words = "; ".join(
        f"{c.title}: median {presentation.months_name(c.median_months)}" for c in curves.values()
    )
    return _drawn(
        LineChart(
            title="Time to the next judgement (Kaplan-Meier)",
            y_title="Share not yet moved on",
            series=series,
            x_title="Months since the judgement",
            step=True,
            y_format="%",
            description=(
                "Kaplan-Meier curves of the share of LAs still in their starting judgement over time. "
                f"{words}. The tables give the figures."
            ),
        )
    )


def curves_table(report: dict, titles: dict[str, str]) -> Table:
    def months(value):
        return "Not reached" if value is None else f"{value:.1f}"

    return Table(
        "Empirical timescales from inspection histories",
        [
            Column("curve", "Step"),
            Column("n", "Spells", numeric=True),
            Column("events", "Steps seen", numeric=True),
            Column("censored", "Not yet (censored)", numeric=True),
            Column("q25", "Quarter had moved by (months)", numeric=True),
            Column("median", "Half had moved by (months)", numeric=True),
            Column("q75", "Three quarters had moved by (months)", numeric=True),
        ],
        [
            {
                "curve": title,
                "n": report[curve_id]["n"],
                "events": report[curve_id]["events"],
                "censored": report[curve_id]["n"] - report[curve_id]["events"],
                "q25": months(report[curve_id]["q25_months"]),
                "median": months(report[curve_id]["median_months"]),
                "q75": months(report[curve_id]["q75_months"]),
            }
            for curve_id, title in titles.items()
        ],
    )


MEASURE_TITLES = {m.id: m.title for m in MEASURES}


def _auc(value: float | None) -> str:
    return "Not tested" if value is None else f"{value:.3f}"


def interval_text(metrics: dict) -> str:
    interval = metrics.get("auc_ci95")
    return "Not tested" if not interval else f"{interval[0]:.2f} to {interval[1]:.2f}"


def share_text(value: float | None) -> str:
    return "Not tested" if value is None else f"{value:.2f}"


def _backtest_row(outcome: str, name: str, metrics: dict, base_rate: float | None) -> dict:
    return {
        "outcome": outcome,
        "name": name,
        "auc": _auc(metrics["auc"]),
        "ci": interval_text(metrics),
        "p20": share_text(metrics["precision_at_20"]),
        "base": share_text(base_rate),
    }


def backtest_table(report: dict) -> Table:
    """Every target's out-of-sample AUC: the warning, as shown, and each comparison on the same rows."""
    rows = []
    for target in report["targets"].values():
        outcome = f"{target['title']} ({target['n']} inspections, {target['positives']} positive)"
        rows.append(_backtest_row(outcome, "Journeys warning", target, target["base_rate"]))
        rows.append(
            _backtest_row(
                outcome, "Journeys warning, as stated (thirds)", target["as_shown"], target["base_rate"]
            )
        )
        if "lead_chosen_on_this_target_alone" in target:
            rows.append(
                _backtest_row(
                    outcome,
                    "Lead figure chosen on this outcome alone",
                    target["lead_chosen_on_this_target_alone"],
                    target["base_rate"],
                )
            )
        for name, metrics in target["baselines"].items():
            rows.append(_backtest_row(outcome, f"Comparison: {name}", metrics, target["base_rate"]))
    return Table(
        f"Backtest, out of sample, on {report['cases']} past inspections",
        [
            Column("outcome", "Outcome"),
            Column("name", "Ranking"),
            Column("auc", "AUC (0.5 is chance)", numeric=True),
            Column("ci", "95% interval of the AUC", numeric=True),
            Column("p20", "Precision among the top 20", numeric=True),
            Column("base", "Base rate", numeric=True),
        ],
        rows,
    )


def backtest_targets(report: dict) -> list[dict]:
    """The tested targets, each with its figures formatted as the backtest table formats them."""
    said = []
    for target in report["targets"].values():
        if target["auc"] is None:
            continue
        caseload = target["baselines"]["caseload level (place in its year)"]
        said.append(
            {
                **target,
                "interval": interval_text(target),
                "caseload": caseload,
                "caseload_interval": interval_text(caseload),
                "base_rate_text": share_text(target["base_rate"]),
                "precision_text": share_text(target["precision_at_20"]),
            }
        )
    return said


def backtest_chart(report: dict) -> Figure:
    """The first outcome: the warning beside every figure on its own, on the same inspections."""
    target = next(iter(report["targets"].values()))
    caseload = target["baselines"]["caseload level (place in its year)"]["auc"]
    others = max(m["auc"] for measure_id, m in target["measures"].items() if measure_id != "caseload_level")
    aucs = (("Journeys warning", target["auc"]),) + tuple(
        (MEASURE_TITLES.get(measure_id, measure_id), m["auc"]) for measure_id, m in target["measures"].items()
    )
    return _drawn(
        BarChart(
            title="Backtest: the warning against each figure on its own",
            x_title="AUC (0.5 is chance, 1 is perfect)",
            series=(Series("AUC", aucs),),
            domain=(0, 1),
            value_format=".2f",
            description=(
                f"Out of sample, for '{target['title'].lower()}', the warning's AUC is {target['auc']:.2f} "
                f"and the average caseload alone scores {caseload:.2f}; no other figure on its own "
                f"scores above {others:.2f}. "
                "The table gives every figure."
            ),
        )
    )


def sector_chart(series: list[dict]) -> Figure:
    """Judgements stacked from outstanding at the top, each with its own colour and pattern."""
    columns = tuple(
        (str(point["as_of"])[:4], tuple(point["by_judgement"][label] for label in JUDGEMENT_LABELS))
        for point in series
    )
    last = series[-1]
    words = ", ".join(f"{label.lower()} {count}" for label, count in last["by_judgement"].items())
    return _drawn(
        StackedColumnChart(
            title="Latest judgements of LAs over time",
            x_title="31 March of each year",
            y_title="Local authorities",
            categories=JUDGEMENT_LABELS,
            columns=columns,
            description=(
                "How many LAs held each latest Ofsted judgement on 31 March of each year. "
                f"On {_as_date(last['as_of']):%-d %B %Y}: {words}. The table gives every year."
            ),
        )
    )


def sector_table(series: list[dict]) -> Table:
    columns = (
        [Column("as_of", "Date")]
        + [Column(f"j{i}", label, numeric=True) for i, label in enumerate(JUDGEMENT_LABELS)]
        + [Column("inspected", "Inspected", numeric=True)]
    )
    rows = [
        {
            "as_of": f"{_as_date(p['as_of']):%-d %B %Y}",
            **{f"j{i}": p["by_judgement"][label] for i, label in enumerate(JUDGEMENT_LABELS)},
            "inspected": p["inspected"],
        }
        for p in series
    ]
    return Table("Latest judgements of LAs, by date", columns, rows)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def link_html(link: Link) -> str:
    return format_html('<a class="govuk-link" href="{}">{}</a>', link.href, link.text)


def stage_names() -> list[str]:
    return list(presentation.STAGES.values())


def count_chart(rows: list[dict], *, title: str, what: str) -> Figure:
    words = ", ".join(f"{r['label']}: {r['count']}" for r in rows)
    return _drawn(
        BarChart(
            title=title,
            x_title=f"Number of {what}",
            series=(Series(what, tuple((r["label"], r["count"]) for r in rows)),),
            value_format="d",
            description=f"{words}.",
        )
    )


# The region page's sortable columns, each with its sort key (ties broken by name).
REGION_SORTS = {
    "name": lambda r: r["name"].text,
    "stage": lambda r: (r["_stage"], r["name"].text),
    "window": lambda r: (r["_window"] or date.max, r["name"].text),
    "risk": lambda r: (r["_risk"] is not None, r["_risk"] or 0.0, r["name"].text),
    "inspection": lambda r: (r["_inspected"] or date.min, r["name"].text),
}


def _window_cell(journey: Journey) -> str:
    window = journey.improvement_window
    if window is None:
        return "Not applicable: Good or better" if journey.slipping_back else "No judged inspection"
    if window.quarter_by is None:
        return "Too few LAs to say"
    half = f", half by {presentation.month_name(window.half_by)}" if window.half_by else ""
    return f"A quarter by {presentation.month_name(window.quarter_by)}{half}"


def _risk_cell(journey: Journey) -> str:
    risk = journey.slipping_back
    if risk is None:
        return "Not applicable: below Good" if journey.improvement_window else "No judged inspection"
    if not risk.of:
        return "Too few past inspections to say"
    return f"{risk.happened} of {risk.of} past inspections of LAs like it came out worse"


def region_rows(authorities, journeys: dict[str, Journey], *, sort: str, descending: bool) -> list[dict]:
    """A row per LA of the region (stage, improvement window, risk of slipping back, latest
    inspection), sorted; every date is read from the journey, none from its sentences."""
    rows = []
    for la in authorities:
        journey = journeys[la.old_la_code]
        latest = journey.latest_inspection
        window, risk = journey.improvement_window, journey.slipping_back
        rows.append(
            {
                "name": Link(la.name, reverse("improvement:la-journey", args=[la.old_la_code])),
                "stage": journey.stage.name,
                "confidence": journey.confidence.capitalize(),
                "window": _window_cell(journey),
                "risk": _risk_cell(journey),
                "inspection": presentation.date_name(
                    latest.dated if latest else None, missing="None on record"
                ),
                "_stage": STAGE_ORDER.index(journey.stage.id),
                "_window": window.quarter_by if window else None,
                "_risk": risk.happened / risk.of if risk and risk.of else None,
                "_inspected": latest.dated if latest else None,
            }
        )
    rows.sort(key=REGION_SORTS[sort], reverse=descending)
    return rows


def region_table(region: str, rows: list[dict]) -> Table:
    return Table(
        f"Improvement journeys in {region}",
        [
            Column("name", "Local authority"),
            Column("stage", "Stage"),
            Column("confidence", "Confidence"),
            Column("window", "Improvement window (below Good)"),
            Column("risk", "Risk of slipping back (Good or better)"),
            Column("inspection", "Latest inspection"),
        ],
        rows,
    )


def region_table_params(table: Table, *, sort: str, descending: bool) -> dict:
    """The table component's parameters, with sortable column headings that say how it is sorted."""
    head = []
    for column in table.columns:
        if column.key in REGION_SORTS:
            active = column.key == sort
            next_order = "asc" if active and descending else "desc" if active else "asc"
            attributes = {"aria-sort": ("descending" if descending else "ascending") if active else "none"}
            label = column.title + (
                " (sorted, " + ("descending" if descending else "ascending") + ")" if active else ""
            )
            head.append(
                {
                    "html": link_html(Link(label, f"?sort={column.key}&order={next_order}")),
                    "attributes": attributes,
                }
            )
        else:
            head.append({"text": column.title})
    params = table.component_params()
    params["head"] = head
    return params


def region_stage_chart(region: str, rows: list[dict]) -> Figure:
    by_stage: dict[str, int] = {}
    for row in rows:
        by_stage[row["stage"]] = by_stage.get(row["stage"], 0) + 1
    return count_chart(
        [{"label": name, "count": by_stage.get(name, 0)} for name in stage_names()],
        title=f"LAs in {region} by stage of the journey",
        what="LAs",
    )
