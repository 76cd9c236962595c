"""The slipping-back warning: what happened next to LAs like this one, said as a frequency.

The backtest (:mod:`journeys.improvement.backtest`) found one figure that ranks past inspections
clearly better than chance - the average caseload, placed within that year's distribution of
LAs - and found that adding the others dilutes it. So the warning does not add signals up into
a score. It reads, from past inspections only, how often LAs whose lead figure stood in the same
third of that year's distribution came out worse at their next inspection, and says so in plain
words ("about 3 in 10"). The lead figure is not fixed here: :func:`fit_outlook` picks, among
:data:`MEASURES`, the one that ranked the past inspections best, so the choice follows the
evidence. An LA judged Inadequate cannot come out worse, and the warning says that instead.
The signals below are context: each says in words what it sees, none is scored.

No look-ahead. :func:`cut_evidence` first cuts the evidence at ``as_of``: an observation counts
only if its ``published`` date is on or before ``as_of`` (an observation without a publication
date is never counted, since it cannot be shown to have been known); an inspection counts only if
it was published before ``as_of`` (an inspection without a publication date counts from
:data:`ASSUMED_REPORT_LAG` after its start). Neighbour comparisons and the place of a figure in
its year's distribution are computed from the same cut evidence, and the frequencies only from
past inspections whose outcome was known before ``as_of``.

Leadership changes (e.g. of director of children's services) are an optional input: no public
data set records them, so that signal says so unless a list is given.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from journeys.evidence.records import Grade, Inspection, Observation
from journeys.improvement.placement import equivalent_grade, is_judged

# An ILACS report follows its inspection by weeks; allow generously when only the start is known.
ASSUMED_REPORT_LAG = timedelta(days=120)
DAYS_PER_MONTH = 365.25 / 12
MIN_NEIGHBOURS = 3  # fewer neighbour figures than this and England's figure is the comparison
# The frameworks whose inspections are the warning's past cases (ILACS, graded or sub-judged).
CASE_FRAMEWORKS = frozenset({"ilacs_2018", "ilacs_2023", "ilacs_2026"})


# --- What a signal sees -----------------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    """Where one LA's figure stood among every LA's figure for the same year, as then published."""

    year: int
    value: float
    share_below: float  # 0-1: the share of LAs with a lower figure (ties count half)
    among: int  # how many LAs had a figure that year

    @property
    def third(self) -> int:
        """0 for the lowest third of that year's LAs, 2 for the highest."""
        return min(2, int(self.share_below * 3))


@dataclass(frozen=True)
class Evidence:
    """An LA's evidence as it stood on ``as_of`` (already cut: see the module docstring)."""

    la_code: str
    as_of: date
    judgements: list[Inspection]  # judged inspections known by as_of, oldest first
    series: Mapping[str, Mapping[int, float]]  # indicator -> {year: value}, the LA's own
    references: Mapping[str, Mapping[int, float]]  # indicator -> {year: neighbour mean or England}
    positions: Mapping[str, Position]  # measure id -> the LA's place in that year's distribution
    leadership_changes: list[date] | None  # None: not recorded

    def latest(self, indicator: str) -> tuple[int, float] | None:
        years = self.series.get(indicator, {})
        if not years:
            return None
        year = max(years)
        return year, years[year]

    def months_since(self, when: date) -> float:
        return (self.as_of - when).days / DAYS_PER_MONTH

    @property
    def last_grade(self) -> Grade | None:
        return equivalent_grade(self.judgements[-1]) if self.judgements else None


@dataclass(frozen=True)
class SignalResult:
    fired: bool
    reason: str
    available: bool = True  # False when the evidence needed is missing


# --- Signals: context, each said in words -----------------------------------------------------


@dataclass(frozen=True)
class LevelSignal:
    """Fires when the latest figure is well above neighbours (relative excess ``fires_at``).
    All indicators used here are higher-is-worse."""

    id: str
    title: str
    why: str
    indicator: str
    label: str  # plain-English name in sentences
    unit: str
    fires_at: float = 0.2

    def evaluate(self, evidence: Evidence) -> SignalResult:
        latest = evidence.latest(self.indicator)
        if latest is None:
            return SignalResult(False, f"No published {self.label} figure yet.", False)
        year, value = latest
        reference = evidence.references.get(self.indicator, {}).get(year)
        if not reference:
            return SignalResult(False, f"No comparison for the {self.label} in {year}.", False)
        excess = value / reference - 1
        said = (
            f"The {self.label} ({year}) was {value:.1f}{self.unit} against {reference:.1f}{self.unit} "
            f"for comparable LAs"
        )
        if excess >= self.fires_at:
            return SignalResult(True, f"{said}: {excess:.0%} higher.")
        return SignalResult(False, f"{said}: not markedly higher.")


@dataclass(frozen=True)
class RisingSignal:
    """Fires when the latest figure is at least ``fires_at`` above the mean of up to two earlier
    years (a higher-is-worse indicator getting worse)."""

    id: str
    title: str
    why: str
    indicator: str
    label: str
    unit: str
    fires_at: float

    def evaluate(self, evidence: Evidence) -> SignalResult:
        years = evidence.series.get(self.indicator, {})
        if not years:
            return SignalResult(False, f"No published {self.label} figures yet.", False)
        latest = max(years)
        earlier = [years[y] for y in (latest - 1, latest - 2) if y in years]
        if not earlier:
            return SignalResult(False, f"Only one year of {self.label} figures: no trend yet.", False)
        baseline = statistics.fmean(earlier)
        said = (
            f"The {self.label} was {years[latest]:.1f}{self.unit} in {latest}, "
            f"against {baseline:.1f}{self.unit} before"
        )
        if years[latest] - baseline >= self.fires_at:
            return SignalResult(True, f"{said}: rising.")
        return SignalResult(False, f"{said}: not rising markedly.")


@dataclass(frozen=True)
class JudgementSignal:
    """A signal read from the inspection history (and, for leadership, the change dates)."""

    id: str
    title: str
    why: str
    rule: Callable[[Evidence], SignalResult]

    def evaluate(self, evidence: Evidence) -> SignalResult:
        return self.rule(evidence)


def _time_since_inspection(evidence: Evidence) -> SignalResult:
    if not evidence.judgements:
        return SignalResult(False, "No judgement yet.", False)
    months = evidence.months_since(evidence.judgements[-1].date)
    said = f"The last judgement was published {months:.0f} months ago"
    if months >= 36:
        return SignalResult(True, f"{said}: a long time without an outside view.")
    return SignalResult(False, f"{said}.")


def _sigh_of_relief(evidence: Evidence) -> SignalResult:
    judged = evidence.judgements
    if len(judged) < 2:
        return SignalResult(False, "Too few judgements to see an improvement.", len(judged) == 1)
    last, before = equivalent_grade(judged[-1]), equivalent_grade(judged[-2])
    if not (last >= Grade.GOOD and before < last):
        return SignalResult(False, "The last judgement was not a step up to good or better.")
    months = evidence.months_since(judged[-1].date)
    # Without an overall grade (from April 2026) the grade is Journeys' reading of the sub-judgements.
    judged_as = (
        f"Judged '{last.label.lower()}'"
        if judged[-1].overall is not None
        else f"Sub-judgements equivalent to '{last.label.lower()}' (no overall grade given)"
    )
    said = f"{judged_as} {months:.0f} months ago, up from '{before.label.lower()}'"
    if 6 <= months <= 36:
        return SignalResult(True, f"{said}: the time when a collective sigh of relief can set in.")
    return SignalResult(False, f"{said}.")


def _leadership_change(evidence: Evidence) -> SignalResult:
    if evidence.leadership_changes is None:
        return SignalResult(False, "Leadership changes are not recorded.", False)
    recent = [d for d in evidence.leadership_changes if evidence.months_since(d) <= 24]
    if not recent:
        return SignalResult(False, "No change of leadership recorded in the last two years.")
    return SignalResult(True, f"{len(recent)} change(s) of leadership in the last two years.")


Signal = LevelSignal | RisingSignal | JudgementSignal

_WORKFORCE_WHY = "An unstable workforce breaks relationships with children and erodes practice quality."
SIGNALS: tuple[Signal, ...] = (
    LevelSignal(
        "agency_high", "Agency reliance high", _WORKFORCE_WHY, "agency_rate", "agency worker rate", "%"
    ),
    RisingSignal(
        "agency_rising",
        "Agency reliance rising",
        _WORKFORCE_WHY,
        "agency_rate",
        "agency worker rate",
        "%",
        2.0,
    ),
    LevelSignal(
        "turnover_high", "Turnover high", _WORKFORCE_WHY, "turnover_rate", "social worker turnover", "%"
    ),
    RisingSignal(
        "turnover_rising",
        "Turnover rising",
        _WORKFORCE_WHY,
        "turnover_rate",
        "social worker turnover",
        "%",
        2.0,
    ),
    LevelSignal("vacancy_high", "Vacancies high", _WORKFORCE_WHY, "vacancy_rate", "vacancy rate", "%"),
    RisingSignal(
        "vacancy_rising", "Vacancies rising", _WORKFORCE_WHY, "vacancy_rate", "vacancy rate", "%", 2.0
    ),
    LevelSignal(
        "caseload_high",
        "Caseloads high",
        "High caseloads leave social workers too little time for each child.",
        "caseload",
        "average caseload",
        " cases",
        fires_at=0.15,
    ),
    RisingSignal(
        "caseload_rising",
        "Caseloads rising",
        "Rising caseloads are an early sign of pressure on the front line.",
        "caseload",
        "average caseload",
        " cases",
        1.5,
    ),
    RisingSignal(
        "rereferral_rising",
        "Re-referrals rising",
        "More children coming back within a year suggests help did not stick the first time.",
        "rereferral_rate",
        "re-referral rate",
        "%",
        2.0,
    ),
    RisingSignal(
        "repeat_cp_rising",
        "Repeat child protection plans rising",
        "More second plans suggests plans end before risks have really reduced.",
        "repeat_cp_plan_rate",
        "share of second or later child protection plans",
        "%",
        2.0,
    ),
    JudgementSignal(
        "time_since_inspection",
        "Long since the last inspection",
        "Without an outside view for years, drift can go unnoticed.",
        _time_since_inspection,
    ),
    JudgementSignal(
        "sigh_of_relief",
        "Collective sigh of relief",
        "The research warns that a good judgement after a hard climb can be followed by a collective "
        "sigh of relief.",
        _sigh_of_relief,
    ),
    JudgementSignal(
        "leadership_change",
        "Change of leadership",
        "Leadership drives improvement; a change at the top often stalls it.",
        _leadership_change,
    ),
)
SIGNALS_BY_ID = {s.id: s for s in SIGNALS}


# --- Measures: figures placed within their year's distribution of LAs --------------------------


@dataclass(frozen=True)
class Measure:
    """One figure the warning may lead with: an indicator's level, or its change on the year
    before, placed among every LA's for the same year. All are higher-is-worse."""

    id: str
    indicator: str
    kind: Literal["level", "change"]
    plural: str  # "caseloads", as in "of LAs with caseloads like this"
    title: str  # "Average caseload", for tables

    def value(self, series: Mapping[int, float], year: int) -> float | None:
        if year not in series:
            return None
        if self.kind == "level":
            return series[year]
        return series[year] - series[year - 1] if year - 1 in series else None


_INDICATOR_WORDS = {  # indicator -> (plural in sentences, title)
    "caseload": ("caseloads", "Average caseload"),
    "agency_rate": ("agency worker rates", "Agency worker rate"),
    "turnover_rate": ("social worker turnover", "Social worker turnover"),
    "vacancy_rate": ("vacancy rates", "Vacancy rate"),
    "rereferral_rate": ("re-referral rates", "Re-referral rate"),
    "repeat_cp_plan_rate": ("shares of repeat child protection plans", "Repeat child protection plans"),
}
MEASURES: tuple[Measure, ...] = tuple(
    Measure(
        f"{indicator}_{kind}",
        indicator,
        kind,
        plural if kind == "level" else f"changes in {plural}",
        title if kind == "level" else f"{title}: change on the year before",
    )
    for kind in ("level", "change")
    for indicator, (plural, title) in _INDICATOR_WORDS.items()
)
MEASURES_BY_ID = {m.id: m for m in MEASURES}
INDICATORS = sorted(
    {s.indicator for s in SIGNALS if not isinstance(s, JudgementSignal)} | set(_INDICATOR_WORDS)
)


def is_la_area(area: str) -> bool:
    """LA figures carry the DfE 3-digit code; England, regions and groups carry names."""
    return len(area) == 3 and area.isdigit()


class Population:
    """Every LA's figures, indexed so a year's distribution can be read as it stood on a date."""

    def __init__(self, observations: Iterable[Observation]):
        wanted = [
            o
            for o in observations
            if o.indicator in INDICATORS
            and o.value is not None
            and o.published is not None
            and is_la_area(o.area)
        ]
        wanted.sort(key=lambda o: o.published)
        self._by_indicator: dict[str, list[Observation]] = {}
        for o in wanted:
            self._by_indicator.setdefault(o.indicator, []).append(o)
        self._dates = {k: [o.published for o in v] for k, v in self._by_indicator.items()}
        self._memo: dict[tuple[str, int], dict[str, dict[int, float]]] = {}

    def series_at(self, indicator: str, as_of: date) -> dict[str, dict[int, float]]:
        """area -> {year: value} of every LA, from figures published on or before ``as_of``;
        a revision published later than the first figure replaces it."""
        known = bisect.bisect_right(self._dates.get(indicator, []), as_of)
        held = self._memo.get((indicator, known))
        if held is None:
            held = {}
            for o in self._by_indicator.get(indicator, [])[:known]:
                held.setdefault(o.area, {})[o.year] = o.value
            self._memo[(indicator, known)] = held
        return held

    def position(self, measure: Measure, la_code: str, as_of: date) -> Position | None:
        series = self.series_at(measure.indicator, as_of)
        own = series.get(la_code)
        if not own:
            return None
        year = max(own)
        value = measure.value(own, year)
        if value is None:
            return None
        others = [v for s in series.values() if (v := measure.value(s, year)) is not None]
        below = sum(v < value for v in others) + 0.5 * (sum(v == value for v in others) - 1)
        return Position(year, value, below / max(1, len(others) - 1), len(others))


def known_from(inspection: Inspection) -> date | None:
    """When an inspection's judgement became public: its publication, else start + lag."""
    if inspection.published is not None:
        return inspection.published
    return inspection.start_date + ASSUMED_REPORT_LAG if inspection.start_date else None


def cut_evidence(
    la_code: str,
    as_of: date,
    inspections: Iterable[Inspection],
    observations: Iterable[Observation],
    neighbour_codes: Sequence[str] = (),
    leadership_changes: Iterable[date] | None = None,
    population: Population | None = None,
) -> Evidence:
    """The LA's evidence as known on ``as_of``; everything later is dropped here, once.
    ``population`` (every LA's figures) defaults to one built from ``observations``."""
    observations = list(observations)
    population = population or Population(observations)
    judged = [
        i
        for i in inspections
        if i.la_code == la_code and is_judged(i) and (known := known_from(i)) is not None and known < as_of
    ]
    judged.sort(key=known_from)
    wanted = {la_code, *neighbour_codes, "England"}
    values: dict[str, dict[str, dict[int, float]]] = {}
    # A figure revised before as_of: the latest publication wins, whatever the input order.
    for o in sorted(observations, key=lambda o: o.published or date.min):
        if (
            o.area in wanted
            and o.indicator in INDICATORS
            and o.value is not None
            and o.published is not None
            and o.published <= as_of
        ):
            values.setdefault(o.area, {}).setdefault(o.indicator, {})[o.year] = o.value
    own = values.get(la_code, {})
    references: dict[str, dict[int, float]] = {}
    for indicator, years in own.items():
        for year in years:
            figures = [
                values[n][indicator][year]
                for n in neighbour_codes
                if year in values.get(n, {}).get(indicator, {})
            ]
            if len(figures) >= MIN_NEIGHBOURS:
                references.setdefault(indicator, {})[year] = statistics.fmean(figures)
            elif year in values.get("England", {}).get(indicator, {}):
                references.setdefault(indicator, {})[year] = values["England"][indicator][year]
    positions = {m.id: p for m in MEASURES if (p := population.position(m, la_code, as_of)) is not None}
    changes = None if leadership_changes is None else sorted(d for d in leadership_changes if d <= as_of)
    return Evidence(la_code, as_of, judged, own, references, positions, changes)


# --- Past cases and what happened next ---------------------------------------------------------


def sub_judgement_grade(inspection: Inspection) -> Grade | None:
    """The grade the sub-judgements alone imply, whether or not an overall grade was given: the
    definition of "worse" for inspections from April 2026, which carry no overall grade."""
    return equivalent_grade(replace(inspection, overall=None)) if inspection.sub_judgements else None


@dataclass(frozen=True)
class Case:
    """One past inspection: the evidence the day before it started, and how it came out."""

    inspection: Inspection
    previous: Grade
    outcome: Grade  # the overall grade, or the grade the sub-judgements imply
    outcome_from_sub_judgements: Grade | None
    evidence: Evidence

    @property
    def known(self) -> date:
        return known_from(self.inspection)

    @property
    def year(self) -> int:
        return self.inspection.start_date.year


def _by_area(observations: Iterable[Observation]) -> dict[str, list[Observation]]:
    by_area: dict[str, list[Observation]] = {}
    for o in observations:
        by_area.setdefault(o.area, []).append(o)
    return by_area


def _relevant(
    by_area: Mapping[str, list[Observation]], la_code: str, codes: Sequence[str]
) -> list[Observation]:
    """The observations one LA's cut reads: its own, its neighbours' and England's."""
    return [o for area in (la_code, *codes, "England") for o in by_area.get(area, ())]


def past_cases(
    inspections: Sequence[Inspection],
    observations: Sequence[Observation],
    neighbours: Mapping[str, Sequence[str]] | None = None,
    population: Population | None = None,
) -> list[Case]:
    """Every graded ILACS standard or short inspection with an earlier judgement of the same LA,
    with the evidence as of the day before it started, oldest first."""
    neighbours = neighbours or {}
    population = population or Population(observations)
    by_area = _by_area(observations)
    by_la: dict[str, list[Inspection]] = {}
    for i in inspections:
        by_la.setdefault(i.la_code, []).append(i)
    cases = []
    for target in inspections:
        if target.framework not in CASE_FRAMEWORKS or not is_judged(target) or target.start_date is None:
            continue
        as_of = target.start_date - timedelta(days=1)
        codes = neighbours.get(target.la_code, ())
        relevant = _relevant(by_area, target.la_code, codes)
        evidence = cut_evidence(
            target.la_code, as_of, by_la[target.la_code], relevant, codes, population=population
        )
        if not evidence.judgements:
            continue
        cases.append(
            Case(target, evidence.last_grade, equivalent_grade(target), sub_judgement_grade(target), evidence)
        )
    return sorted(cases, key=lambda c: c.inspection.start_date)


@dataclass(frozen=True)
class Target:
    """An outcome the warning speaks of: which LAs it applies to, and what counts as it happening."""

    id: str
    title: str
    applies: Callable[[Grade], bool]  # to an LA whose last judgement was this grade
    happened: Callable[[Grade, Grade], bool]  # (last grade, next grade)
    who: str  # "LAs", as in "of LAs with caseloads like this"
    what: str  # "came out worse at their next inspection"

    def can_happen(self, previous: Grade) -> bool:
        return any(self.happened(previous, g) for g in Grade)


WORSE = Target(
    "worse",
    "Next judgement worse than the last",
    lambda previous: True,
    lambda previous, outcome: outcome < previous,
    "LAs",
    "came out worse at their next inspection",
)
GOOD_TO_RI = Target(
    "good_to_requires_improvement",
    "Good or better now, Requires improvement or worse next",
    lambda previous: previous >= Grade.GOOD,
    lambda previous, outcome: outcome <= Grade.REQUIRES_IMPROVEMENT,
    "LAs judged Good or better",
    "were judged Requires improvement or worse at their next inspection",
)
TARGETS = (WORSE, GOOD_TO_RI)


@dataclass(frozen=True)
class Count:
    happened: int
    of: int


def in_tens(count: Count) -> str:
    """A frequency in the words people use: "about 3 in 10", "fewer than 1 in 10", "none of 12"."""
    if count.happened == 0:
        return f"none of {count.of}"
    tens = round(10 * count.happened / count.of)
    return "fewer than 1 in 10" if tens == 0 else f"about {tens} in 10"


THIRDS = ("lowest third", "middle third", "highest third")
CAVEAT = (
    "These are frequencies from past inspections, not a forecast for this LA: inspections are years "
    "apart, and LAs with the same figures went both ways. The signs listed are context "
    "for questions; none is scored."
)


@dataclass(frozen=True)
class Outlook:
    """What happened next to past cases like an LA's, for one target, fitted on past cases only."""

    target: Target
    measure: Measure | None  # the lead figure; None when no measure ranked the past cases
    fitted_auc: float | None  # how well the measure ranked the past cases it was chosen on
    by_third: tuple[Count, Count, Count]  # of the cases that could happen, by the measure's third
    overall: Count  # of every case that could happen
    since: int | None  # the year of the first past case

    def rank(self, evidence: Evidence) -> float | None:
        """The order the warning puts LAs in: -1 for those to which it cannot happen, else the
        lead figure's place in its year (the middle where it is missing). None: does not apply."""
        previous = evidence.last_grade
        if previous is None or not self.target.applies(previous):
            return None
        if not self.target.can_happen(previous):
            return -1.0
        position = evidence.positions.get(self.measure.id) if self.measure else None
        return 0.5 if position is None else position.share_below

    def count(self, evidence: Evidence) -> Count:
        """The past frequency for an LA the target applies to and could happen to: that of its
        lead figure's third, or of every past case where the figure is missing."""
        position = evidence.positions.get(self.measure.id) if self.measure else None
        return self.overall if position is None else self.by_third[position.third]


def _auc(labels: Sequence[bool], scores: Sequence[float]) -> float | None:
    if not 0 < sum(labels) < len(labels):
        return None
    # scikit-learn is imported where used: it takes over a second to load, and every page and
    # command imports this module through the URLconf.
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def outcome_of(case: Case, *, from_sub_judgements: bool = False) -> Grade | None:
    return case.outcome_from_sub_judgements if from_sub_judgements else case.outcome


def fit_outlook(
    cases: Sequence[Case],
    target: Target,
    measures: Sequence[Measure] = MEASURES,
    *,
    from_sub_judgements: bool = False,
    min_coverage: float = 0.8,
) -> Outlook:
    """Choose the lead measure and count what happened, from ``cases`` alone.

    Among cases the target applies to and could happen to, the measure is the one of
    ``measures`` whose place in its year ranks them best (AUC), of those known for at least
    ``min_coverage`` of the cases; its direction is fixed (higher is worse), so nothing else is
    fitted. The counts are then split by the measure's third."""
    rows = [
        (c.evidence.positions, target.happened(c.previous, outcome))
        for c in cases
        if target.applies(c.previous)
        and target.can_happen(c.previous)
        and (outcome := outcome_of(c, from_sub_judgements=from_sub_judgements)) is not None
    ]
    since = min((c.year for c in cases), default=None)
    best: tuple[float, Measure] | None = None
    for measure in measures:
        known = [
            (flag, positions[measure.id].share_below) for positions, flag in rows if measure.id in positions
        ]
        if not rows or len(known) < min_coverage * len(rows):
            continue
        auc = _auc([k[0] for k in known], [k[1] for k in known])
        if auc is not None and (best is None or auc > best[0]):
            best = (auc, measure)
    thirds = [[0, 0], [0, 0], [0, 0]]
    for positions, flag in rows:
        if best is not None and (position := positions.get(best[1].id)) is not None:
            thirds[position.third][0] += flag
            thirds[position.third][1] += 1
    return Outlook(
        target,
        best[1] if best else None,
        round(best[0], 3) if best else None,
        tuple(Count(*t) for t in thirds),
        Count(sum(flag for _, flag in rows), len(rows)),
        since,
    )


# --- The warning ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvaluatedSignal:
    id: str
    title: str
    why: str
    result: SignalResult


@dataclass(frozen=True)
class Statement:
    """One target's frequency for the LA, in words."""

    target: str  # a Target id
    title: str
    cannot_happen: bool
    happened: int  # past cases like this LA's where it happened ...
    of: int  # ... out of this many (0 when it cannot happen)
    figure: str | None  # the lead figure and its place: "average caseload 17.2 (2024): highest third"
    text: str

    @property
    def frequency(self) -> str:
        """ "About 3 in 10", "Cannot come out worse", "Not known": for a table cell."""
        if self.cannot_happen:
            return "Cannot come out worse"
        return in_tens(Count(self.happened, self.of)).capitalize() if self.of else "Not known"


@dataclass(frozen=True)
class EarlyWarning:
    la_code: str
    as_of: date
    statements: list[Statement]  # one per target that applies to the LA; empty with no judgement
    context: list[str]  # reasons of the signals that fired, in the order of SIGNALS
    signals: list[EvaluatedSignal] = field(default_factory=list)  # every signal, fired or not

    @property
    def cannot_come_out_worse(self) -> bool:
        return any(s.cannot_happen for s in self.statements)

    @property
    def headline(self) -> str:
        return self.statements[0].text if self.statements else "No judged inspection yet to speak of."

    @property
    def summary(self) -> str:
        return self.statements[0].frequency if self.statements else "No judgement yet"

    @property
    def share(self) -> float | None:
        """The first statement's past frequency, for ordering LAs: -1 when it cannot happen."""
        if not self.statements or not (first := self.statements[0]).cannot_happen and not first.of:
            return None
        return -1.0 if first.cannot_happen else first.happened / first.of


def _statement(outlook: Outlook, evidence: Evidence) -> Statement | None:
    target, previous = outlook.target, evidence.last_grade
    if previous is None or not target.applies(previous):
        return None
    if not target.can_happen(previous):
        text = (
            "Judged Inadequate at its last inspection, it cannot come out worse: the next judgement "
            "can only match or improve on it."
        )
        return Statement(target.id, target.title, True, 0, 0, None, text)
    count = outlook.count(evidence)
    if count.of == 0:
        return Statement(
            target.id, target.title, False, 0, 0, None, "Journeys holds too few past inspections to say."
        )
    since = f" since {outlook.since}" if outlook.since else ""
    tally = f"({count.happened} of {count.of} inspections{since})"
    position = evidence.positions.get(outlook.measure.id) if outlook.measure else None
    if position is None:
        text = (
            f"There is no published figure to compare; of all {target.who}, {in_tens(count)} "
            f"{target.what} {tally}."
        )
        return Statement(target.id, target.title, False, count.happened, count.of, None, text)
    measure, third = outlook.measure, THIRDS[position.third]
    figure = f"{measure.title} {position.value:.1f} ({position.year}): the {third} of {position.among} LAs"
    text = (
        f"Of {target.who} with {measure.plural} like this (the {third} of LAs in {position.year}), "
        f"{in_tens(count)} {target.what} {tally}."
    )
    return Statement(target.id, target.title, False, count.happened, count.of, figure, text)


def assess(evidence: Evidence, outlooks: Sequence[Outlook] = ()) -> EarlyWarning:
    """State each outlook's frequency for the LA and evaluate every signal, on already-cut evidence."""
    evaluated = [EvaluatedSignal(s.id, s.title, s.why, s.evaluate(evidence)) for s in SIGNALS]
    statements = [s for o in outlooks if (s := _statement(o, evidence)) is not None]
    return EarlyWarning(
        evidence.la_code,
        evidence.as_of,
        statements,
        [f.result.reason for f in evaluated if f.result.fired],
        evaluated,
    )


def fit_outlooks(cases: Sequence[Case], *, from_sub_judgements: bool = False) -> list[Outlook]:
    """Every target's outlook, all led by the figure that best ranked the first target as the
    warning reads it (the overall grade where one was given).

    The first target ("worse than the last") has the most past cases where it happened, so its
    choice of figure is the least swayed by chance; choosing again on a narrower target picks
    figures that do worse on later years (the backtest reports both). ``from_sub_judgements``
    counts every outcome from sub-judgements alone, to test that definition of "worse"."""
    lead = fit_outlook(cases, TARGETS[0]).measure
    return [
        fit_outlook(cases, target, (lead,) if lead else (), from_sub_judgements=from_sub_judgements)
        for target in TARGETS
    ]


def outlooks_at(as_of: date, cases: Sequence[Case]) -> list[Outlook]:
    """Each target's outlook fitted on the past cases whose outcome was known before ``as_of``."""
    return fit_outlooks([c for c in cases if c.known < as_of])


def warnings_at(
    la_codes: Iterable[str],
    as_of: date,
    inspections: Sequence[Inspection],
    observations: Sequence[Observation],
    neighbours: Mapping[str, Sequence[str]] | None = None,
    cases: Sequence[Case] | None = None,
) -> dict[str, EarlyWarning]:
    """The warning for each LA as it would have read on ``as_of``. ``cases`` (from
    :func:`past_cases`, which is the slow part) may be passed in when already built."""
    population = Population(observations)
    neighbours = neighbours or {}
    if cases is None:
        cases = past_cases(inspections, observations, neighbours, population)
    outlooks = outlooks_at(as_of, cases)
    by_area = _by_area(observations)
    warnings = {}
    for code in la_codes:
        codes = neighbours.get(code, ())
        evidence = cut_evidence(
            code, as_of, inspections, _relevant(by_area, code, codes), codes, population=population
        )
        warnings[code] = assess(evidence, outlooks)
    return warnings


def warning_at(
    la_code: str,
    as_of: date,
    inspections: Iterable[Inspection],
    observations: Iterable[Observation],
    neighbour_codes: Sequence[str] = (),
    leadership_changes: Iterable[date] | None = None,
    cases: Sequence[Case] = (),
) -> EarlyWarning:
    """The early warning for an LA as it would have read on ``as_of``, with frequencies from
    ``cases`` (past cases; only those known before ``as_of`` count).

    ``inspections`` and ``observations`` may hold other LAs' records too: the LA's own and its
    neighbours' (``neighbour_codes``, e.g. its DfE statistical neighbours) are picked out, and
    every LA's figures place the LA's within their year.
    """
    evidence = cut_evidence(la_code, as_of, inspections, observations, neighbour_codes, leadership_changes)
    return assess(evidence, outlooks_at(as_of, cases) if cases else ())
