"""How Journeys words what it holds: the one place a figure, a period, a direction of travel, a
quartile, a rank, a neighbour model or a stage of the journey is turned into text.

Pages, tables and their downloads, the briefings, the command line and the API's text fields
all call these functions, so a councillor reading two of them side by side reads the same
number, the same period and the same words. Plain Python, no Django: tested without a database.
"""

from __future__ import annotations

from datetime import date

from journeys.evidence.catalogue import Indicator
from journeys.evidence.records import SYMBOLS

# --- Figures ------------------------------------------------------------------------------------


def decimals(indicator: Indicator) -> int:
    """How many decimal places the indicator's figures are shown with (its unit's, from the catalogue)."""
    return indicator.unit.decimals


def symbol_meaning(symbol: str) -> str:
    """What a publisher's symbol stands for, e.g. "suppressed to protect confidentiality"."""
    return SYMBOLS.get(symbol, symbol)


def format_number(value: float, indicator: Indicator) -> str:
    """A number with the indicator's precision and unit: "12.4%", "1,234", "416.0"."""
    text = f"{value:,.{decimals(indicator)}f}"
    return f"{text}%" if indicator.unit.id == "percent" else text


def format_value(value: float | None, symbol: str | None, indicator: Indicator) -> str:
    """A figure as text: the number, or what the symbol published in its place means.

    A symbol is never read as "not published": ``low`` is a published figure that rounds to
    zero, ``c`` one withheld to protect confidentiality, ``x`` one not available."""
    if symbol:
        return f"[{symbol}] {symbol_meaning(symbol).capitalize()}"
    if value is None:
        return "No figure"
    return format_number(value, indicator)


def unit_name(indicator: Indicator) -> str:
    """The unit an indicator's figures count in, for a table cell: "Per cent", "Cases per FTE
    case-holding social worker"."""
    title = indicator.unit.title
    return title[:1].upper() + title[1:]


def format_cell(value: float | None, symbol: str | None, indicator: Indicator) -> str:
    """As :func:`format_value`, but an empty cell when nothing at all was published."""
    if value is None and not symbol:
        return ""
    return format_value(value, symbol, indicator)


# --- Periods ------------------------------------------------------------------------------------


def period_kind(indicator: Indicator) -> str | None:
    """The kind of period an indicator's figures count in (a key of records.PERIOD_KINDS); None
    for inspection judgements."""
    return indicator.period_kind


def period_name(kind: str | None, year: int) -> str:
    """The period a stored year stands for, in words: "year to 31 March 2025", "at 30 September 2025"."""
    if kind == "reporting_year":
        return f"year to 31 March {year}"
    if kind == "academic_year":
        return f"{year - 1}/{year % 100:02d} academic year"
    if kind == "financial_year":
        return f"{year - 1}-{year % 100:02d} financial year"
    if kind == "census_date":
        return f"at 30 September {year}"
    if kind == "mid_year":
        return f"mid-{year} estimate"
    return str(year)


def indicator_period(indicator: Indicator, year: int) -> str:
    """The period of an indicator's figure for a stored year: "at 30 September 2025"."""
    return period_name(period_kind(indicator), year)


def period_short(kind: str | None, year: int) -> str:
    """The compact form for table cells, chart axes and the API's ``period``, as the publisher
    heads its columns: "2024/25" (academic year), "2024-25" (financial year), else "2025"."""
    if kind == "academic_year":
        return f"{year - 1}/{year % 100:02d}"
    if kind == "financial_year":
        return f"{year - 1}-{year % 100:02d}"
    return str(year)


def date_name(day: date | None, *, missing: str = "Not known") -> str:
    """A date as GOV.UK writes it: "30 September 2024"."""
    return f"{day:%-d %B %Y}" if day else missing


def first_year_note(la_name: str, formed: int) -> str:
    """Why a new LA's first figures are flagged and start no trend."""
    return (
        f"{la_name} was formed in {formed}: its figures up to {formed} cover its first months "
        "only, so they are marked as a new LA's first year and are not used for trends."
    )


FIRST_YEAR_MARK = " (new LA's first year)"


def inspection_name(start: date | None, published: date | None) -> str:
    """An inspection named by its fieldwork, with when its report was published: "the inspection
    that began on 30 September 2024 (published May 2025)"."""
    if start and published:
        return f"the inspection that began on {date_name(start)} (published {published:%B %Y})"
    if start:
        return f"the inspection that began on {date_name(start)}"
    if published:
        return f"the inspection published in {published:%B %Y}"
    return "an inspection of unknown date"


def judgement_phrase(label: str, start: date | None, published: date | None, *, overall_given: bool) -> str:
    """What an inspection found, saying so when no overall grade was given and Journeys reads
    the grade from the sub-judgements (Ofsted gives no overall grade from April 2026)."""
    inspection = inspection_name(start, published)
    if overall_given:
        return f"{inspection} judged services '{label.lower()}'"
    return (
        f"{inspection} gave no overall grade; Journeys reads its sub-judgements as equivalent to "
        f"'{label.lower()}' (an imputed grade, not Ofsted's)"
    )


# --- Directions of travel -----------------------------------------------------------------------

# Below this change a year, as a share of the figure's usual size, a series shows no clear change.
NO_CLEAR_CHANGE_SHARE_PER_YEAR = 0.02

DIRECTION_WORDS = {
    "improving": "Improving",
    "worsening": "Getting worse",
    "stable": "No clear change",
    "rising": "Rising",  # no better direction: nothing is judged
    "falling": "Falling",
}


def direction(polarity: str, slope: float, level: float) -> str:
    """The direction of a trend from the indicator's polarity: improving, worsening or stable,
    and only rising or falling (nothing judged) where neither direction is better."""
    if abs(slope) <= NO_CLEAR_CHANGE_SHARE_PER_YEAR * level:
        return "stable"
    if polarity == "neither":
        return "rising" if slope > 0 else "falling"
    better = (slope > 0) == (polarity == "higher_is_better")
    return "improving" if better else "worsening"


def direction_name(direction_id: str | None, *, missing: str = "Not enough years for a trend") -> str:
    return DIRECTION_WORDS.get(direction_id or "", missing)


def _amount(number: float) -> str:
    text = f"{number:,.1f}"
    return f"{number:.2g}" if text == "0.0" else text


def trend_sentence(
    direction_id: str, slope: float, first_year: int, last_year: int, indicator: Indicator
) -> str:
    """E.g. "Improving: down 2.1 points a year over 5 years (2021 to 2025)"."""
    span = f"over {last_year - first_year + 1} years ({first_year} to {last_year})"
    change = f" {indicator.unit.change}" if indicator.unit.change else ""
    movement = f"{'up' if slope > 0 else 'down'} {_amount(abs(slope))}{change} a year"
    if direction_id == "stable":
        return f"No clear change {span}" + (f" ({movement})" if slope else "")
    return f"{direction_name(direction_id)}: {movement} {span}"


# --- Quartiles and ranks --------------------------------------------------------------------------

# Quartile 1 is the best quarter of LAs on every page, table, chart and document.
QUARTILE_NAMES = {
    1: "1 (best quarter)",
    2: "2 (second quarter)",
    3: "3 (third quarter)",
    4: "4 (worst quarter)",
}
QUARTILE_AXIS = "Quarter among LAs (1 is the best quarter, 4 the worst)"
RANK_HEADING = "Rank among LAs"


def quartile_name(quartile: int | None, *, missing: str = "Not ranked") -> str:
    return QUARTILE_NAMES.get(quartile, missing) if quartile else missing


def quartile_phrase(quartile: int) -> str:
    """The quartile inside a sentence: "in the best quarter of LAs"."""
    return {
        1: "in the best quarter of LAs",
        2: "in the second quarter of LAs, better than the median",
        3: "in the third quarter of LAs, worse than the median",
        4: "in the worst quarter of LAs",
    }[quartile]


def rank_name(rank: int | None, ranked: int, polarity: str, *, missing: str = "") -> str:
    """ "3 of 152 (1 = best)", or where no direction is better "3 of 152 (1 = highest)"."""
    if not rank:
        return missing
    return f"{rank} of {ranked} ({'1 = highest' if polarity == 'neither' else '1 = best'})"


def rank_heading(polarity: str) -> str:
    """The heading of a ranking of one indicator."""
    return "Position (1 = highest)" if polarity == "neither" else "Rank (1 = best)"


def ranking_order(polarity: str) -> str:
    """How a ranking of every LA is ordered, for its caption."""
    return "highest to lowest" if polarity == "neither" else "best first"


def polarity_name(polarity: str) -> str:
    """Which direction is better, for the indicator list: "Higher", "Lower" or "Neither"."""
    return {"higher_is_better": "Higher", "higher_is_worse": "Lower"}.get(polarity, "Neither")


# --- Statistical neighbours ---------------------------------------------------------------------

NEIGHBOUR_MODEL_NAMES = {
    "dfe-2021": "DfE 2021 statistical neighbour groupings",
    "dfe-2025": "DfE 2025 statistical neighbour model",
    "journeys-demo": "Demonstration neighbours (made up)",
}
NEIGHBOURS_HEADING = "Statistical neighbours (mean)"
OTHER_NEIGHBOURS_HEADING = "Statistical neighbours under the other model (mean)"
# DfE's closeness bands, closest first, as its benchmarking tool words them.
CLOSENESS_BANDS = ("Extremely close", "Very close", "Close", "Somewhat close", "Not close")


def neighbour_model_name(model: str | None) -> str:
    if not model:
        return "No statistical neighbour model"
    return NEIGHBOUR_MODEL_NAMES.get(model, model)


def neighbour_model_years(first_year: int | None, next_year: int | None) -> str:
    """Which figures a neighbour model is used for: "figures for 2025 onwards", "figures before
    2025" (the oldest model also serves the years before it), or "figures of every year"."""
    if first_year is not None and next_year is not None:
        return f"figures for {first_year} to {next_year - 1}"
    if next_year is not None:
        return f"figures before {next_year}"
    if first_year is not None:
        return f"figures for {first_year} onwards"
    return "figures of every year"


def closeness_name(band: str | None) -> str:
    """A neighbour's closeness band as DfE gives it ("Very close"), or that none was given."""
    return band or "Not given"


def neighbours_sentence(la_name: str, model: str | None, count: int) -> str:
    """E.g. "Birmingham's 10 statistical neighbours under the DfE 2025 statistical neighbour model"."""
    return f"{la_name}'s {count} statistical neighbours under the {neighbour_model_name(model)}"


def others_mean_name(count: int) -> str:
    """The line a comparison chart draws for the LAs after the first: "Other 10 chosen LAs (mean)"."""
    return f"Other {count} chosen LAs (mean)"


def model_change(model: str) -> str:
    """The mark where a series moves to another neighbour model."""
    return f"{neighbour_model_name(model)} from here"


def neighbours_cell(mean: float | None, used: int, model: str | None, indicator: Indicator) -> str:
    """The neighbour mean with how many LAs made it and under which model."""
    if mean is None:
        return ""
    return f"{format_number(mean, indicator)} ({used} LAs, {neighbour_model_name(model)})"


def neighbours_mean(mean: float | None, used: int, indicator: Indicator) -> str:
    """The neighbour mean with how many LAs made it, where the model is named once beside the
    table (the briefing's): "10.8% (10 LAs)"."""
    if mean is None:
        return ""
    return f"{format_number(mean, indicator)} ({used} LAs)"


# --- The improvement journey -------------------------------------------------------------------

STAGES: dict[str, str] = {
    "before_starting_line": "Getting to the starting line",
    "poor_to_fair": "Poor to fair",
    "fair_to_good": "Fair to good",
    "good_to_great": "Good to great",
}


def stage_name(stage_id: str) -> str:
    return STAGES[stage_id]


# How sure a placement is, in words a councillor would use; never "Journeys is medium confidence".
CONFIDENCE_SENTENCES = {
    "high": "The evidence points clearly to this stage.",
    "medium": "Most of the evidence points to this stage, but not all of it agrees.",
    "low": "The evidence is thin or mixed, so treat this stage as a first reading.",
}


def confidence_sentence(band: str) -> str:
    return CONFIDENCE_SENTENCES[band]


def evidence_version_name(version: str, last_import: date | None) -> str:
    """The evidence a document was drawn from, for its header or footer: "Evidence version 41.40
    (last import 2 December 2026)". ``version`` is ``evidence.selectors.evidence_version()``,
    whose first two parts (the latest import and the number of imports) name it for people."""
    if last_import is None:
        return "No evidence imported yet"
    short = ".".join(version.split(".")[:2])
    return f"Evidence version {short} (last import {date_name(last_import)})"


def months_name(months: float | None, *, missing: str = "not reached") -> str:
    """A number of months for a sentence: "14.5 months", or what stands in for it."""
    return missing if months is None else f"{months:.1f} months"


def duration_name(months: float) -> str:
    """How long something has lasted, as people say it: "8 years and 10 months", "7 months"."""
    whole = round(months)
    years, rest = divmod(whole, 12)
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " and ".join(parts)


def month_name(day: date | None, *, missing: str = "Not known") -> str:
    """A month as GOV.UK writes it: "May 2027"."""
    return f"{day:%B %Y}" if day else missing


MOVEMENT_WORDS = {
    "first": "First on record",
    "moved_on": "Moved on a stage",
    "held": "Same stage",
    "slipped_back": "Slipped back",
}


def movement_name(movement: str) -> str:
    """How a stage on the timeline moved from the one before."""
    return MOVEMENT_WORDS[movement]


MARKER_STATUS_WORDS = {"met": "Meets", "not_yet": "Not yet", "no_evidence": "No evidence held"}


def marker_status_name(status: str) -> str:
    return MARKER_STATUS_WORDS[status]


def grade_phrase(label: str) -> str:
    """A grade inside a sentence: "requires improvement to be good"."""
    return label.lower()
