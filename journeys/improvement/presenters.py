"""Turn journey results into what pages and briefings show: tables, charts and sentences.

Shared by the journey pages and the briefing, so a councillor reads the same figures in the PDF,
the Word document and on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

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
from journeys.evidence.selectors import latest_benchmark_facts

from .early_warning import MEASURES
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


def _score(value: float | None) -> str:
    return "Not rated" if value is None else f"{value:.1f}"


def enabler_table(profile: dict[str, Any]) -> Table:
    same = profile["same_stage"]
    columns = [Column("enabler", "Enabler"), Column("score", "Your score (0 to 3)", numeric=True)]
    if not same["suppressed"]:
        columns += [
            Column("median", "Median at the same stage", numeric=True),
            Column("range", "Middle half at the same stage", numeric=True),
        ]
    rows = []
    for enabler in profile["enablers"]:
        row = {"enabler": enabler["name"], "score": _score(enabler["score"])}
        agg = same["by_enabler"].get(enabler["id"])
        if agg:
            row["median"] = f"{agg['median']:.1f}"
            row["range"] = f"{agg['q25']:.1f} to {agg['q75']:.1f}"
        rows.append(row)
    return Table(f"Enabler scores, scored up to '{profile['scored_up_to']['name']}'", columns, rows)


def enabler_chart(profile: dict[str, Any], la_name: str) -> Figure:
    same = profile["same_stage"]
    # An enabler not rated has no bar (not a bar of nought); the table says "Not rated".
    series = [Series(la_name, tuple((e["name"], e["score"]) for e in profile["enablers"]))]
    if not same["suppressed"]:
        medians = tuple(
            (e["name"], same["by_enabler"].get(e["id"], {}).get("median")) for e in profile["enablers"]
        )
        series.append(Series(f"Median of {same['n']} LAs at the same stage", medians))
    weakest = min(
        (e for e in profile["enablers"] if e["score"] is not None), key=lambda e: e["score"], default=None
    )
    strongest = max(
        (e for e in profile["enablers"] if e["score"] is not None), key=lambda e: e["score"], default=None
    )
    words = (
        f"Self-evaluation scores for the seven enablers of {la_name}, "
        "from 0 (not yet in place) to 3 (fully in place)."
    )
    if weakest and strongest:
        words += (
            f" Strongest: {strongest['name']} ({strongest['score']:.1f})."
            f" Weakest: {weakest['name']} ({weakest['score']:.1f})."
        )
    words += " The table beside the chart gives every figure."
    return _drawn(
        BarChart(
            title="Enabler profile",
            x_title="Mean rating (0 not yet, 3 fully in place)",
            series=tuple(series),
            domain=(0, 3),
            description=words,
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
    "risk": lambda r: (r["_risk"] is not None, r["_risk"] or 0.0, r["name"].text),
    "window": lambda r: (r["_window"] or date.max, r["name"].text),
    "inspection": lambda r: (r["_inspected"] or date.min, r["name"].text),
}


def _window_text(step) -> str:
    if not step or not step.earliest:
        return "Not estimated"
    earliest = f"{step.earliest:%B %Y}"
    return f"{earliest} to {step.latest:%B %Y}" if step.latest else f"From {earliest}"


def region_rows(authorities, journeys: dict, warnings: dict, *, sort: str, descending: bool) -> list[dict]:
    """A row per LA of the region (stage, how often LAs like it came out worse, next-step window,
    latest inspection), sorted."""
    rows = []
    for la in authorities:
        journey = journeys[la.old_la_code]
        step = journey["next_step"]
        latest = journey["latest_inspection"]
        warning = warnings[la.old_la_code]
        rows.append(
            {
                "name": Link(la.name, reverse("improvement:la-journey", args=[la.old_la_code])),
                "stage": journey["stage"]["name"],
                "confidence": journey["confidence"].capitalize(),
                "risk": warning.summary,
                "window": _window_text(step),
                "inspection": presentation.date_name(
                    latest.date if latest else None, missing="None on record"
                ),
                "_stage": STAGE_ORDER.index(journey["stage"]["id"]),
                "_risk": warning.share,
                "_window": step.earliest if step else None,
                "_inspected": latest.date if latest else None,
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
            Column("risk", "Of LAs like it, came out worse"),
            Column("window", "Next-step window"),
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
