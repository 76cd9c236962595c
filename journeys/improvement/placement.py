"""Place a local authority on the improvement journey.

The journey has four stages, in order: getting to the starting line, poor to fair, fair to good and
good to great. A placement is anchored on the latest judged inspection and always reads its
sub-judgements, so it still works for inspections from April 2026 that carry no overall grade.
Indicator evidence (benchmarks) and the age of the inspection move the confidence; the latest
self-evaluation is compared with the evidence and any gap is said plainly.

How the anchor is chosen (rules below, each with a stable id, first match wins):

* Inadequate -> "Poor to fair", or "Getting to the starting line" when leaders have not accepted
  the findings, when the self-evaluation is far rosier than the judgement (two stages or more), or
  when the LA was judged inadequate twice in a row: the research calls this the journey before the
  starting line, and "accept the findings and move on" is its advice.
* Requires improvement -> "Fair to good".
* Good -> "Good to great", unless the leadership sub-judgement is below Good or two or more
  sub-judgements are below Good: then the basics of good are not yet secure and the LA is placed
  at "Fair to good". Leadership weighs most because the research finds it drives everything else.
* Outstanding -> "Good to great" (the last stage is about sustaining and deepening).

With no overall grade the equivalent grade is derived from the sub-judgements (see
:func:`equivalent_grade`). With no judged inspection at all the stage comes from indicator
quartiles alone, with low confidence, and the reasons say so.

Pure Python: no Django imports. The Django layer assembles :class:`BenchmarkFacts` and
:class:`SelfEvaluationSummary` and calls :func:`place`.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from journeys.evidence.presentation import STAGES, judgement_phrase, quartile_phrase
from journeys.evidence.records import SUB_JUDGEMENTS, Grade, Inspection

STAGE_ORDER: tuple[str, ...] = tuple(STAGES)

# Frameworks whose judgements count as a place on the journey. SLAC (2009-12) and the child
# protection inspections (2012-13) used other scales and scopes, so they never anchor a placement.
JUDGED_FRAMEWORKS: frozenset[str] = frozenset({"sif", "ilacs_2018", "ilacs_2023", "ilacs_2026"})

Trend = Literal["improving", "worsening", "stable"]
ConfidenceBand = Literal["high", "medium", "low"]


# --- Judgements -------------------------------------------------------------------------------


def is_judged(inspection: Inspection, frameworks: Iterable[str] = JUDGED_FRAMEWORKS) -> bool:
    """A graded inspection (overall or sub-judgements) of a counted framework; visits never count."""
    if inspection.framework not in frameworks or "visit" in inspection.kind.lower():
        return False
    return inspection.overall is not None or bool(inspection.sub_judgements)


def equivalent_grade(inspection: Inspection) -> Grade | None:
    """The overall grade, or for inspections without one the grade their sub-judgements imply.

    Derivation: any Inadequate sub-judgement makes it Inadequate; otherwise the mean of three
    numbers - the leadership judgement, the lowest and the median sub-judgement - rounded half up.
    Leadership is counted twice over in effect (it is one of the three and usually sets the
    median), as Ofsted's own overall grade follows it closely. Checked against the ILACS
    inspections of 2018-2026 that carry both: it agrees with Ofsted's overall grade in 301 of 313.
    """
    if inspection.overall is not None:
        return inspection.overall
    grades = [int(g) for g in inspection.sub_judgements.values()]
    if not grades:
        return None
    lowest = min(grades)
    if lowest == Grade.INADEQUATE:
        return Grade.INADEQUATE
    leaders = int(inspection.sub_judgements.get("leaders", statistics.median(grades)))
    mean = (leaders + lowest + statistics.median(grades)) / 3
    return Grade(int(mean + 0.5))


def judged_history(inspections: Iterable[Inspection]) -> list[Inspection]:
    """Judged inspections with a date, oldest first."""
    judged = [i for i in inspections if is_judged(i) and i.date is not None]
    return sorted(judged, key=lambda i: i.date)


# --- Inputs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorFact:
    """One indicator for the LA, as benchmarks report it (quartile 1 is best, polarity applied)."""

    value: float | None
    quartile: int | None  # 1 (best) to 4 (worst) among LAs, or None when not comparable
    trend: Trend | None  # direction of travel, polarity applied; None when too few years
    title: str | None = None  # plain-English name, e.g. "Agency worker rate"
    year: int | None = None
    figure: str | None = None  # the figure and its period as shown, e.g. "12.4%, at 30 September 2025"


@dataclass(frozen=True)
class BenchmarkFacts:
    """Latest benchmark facts for one LA, keyed by catalogue indicator id."""

    indicators: Mapping[str, IndicatorFact] = field(default_factory=dict)


@dataclass(frozen=True)
class SelfEvaluationSummary:
    """The latest submitted self-evaluation, summarised."""

    self_placed_stage: str | None  # a key of STAGES
    enabler_ratings: Mapping[str, float] = field(default_factory=dict)  # mean rating 0-3 per enabler
    findings_accepted: bool | None = None  # of the last inspection; None when not asked/answered

    @property
    def implied_stage(self) -> str | None:
        """The self-placed stage, else the stage the mean enabler rating reads as (0-3 -> stage)."""
        if self.self_placed_stage is not None:
            return self.self_placed_stage
        if not self.enabler_ratings:
            return None
        mean = statistics.fmean(self.enabler_ratings.values())
        return STAGE_ORDER[min(3, max(0, int(mean + 0.5)))]


@dataclass(frozen=True)
class Placement:
    stage_id: str
    stage_name: str
    confidence: ConfidenceBand
    confidence_score: float  # 0-1
    reasons: list[str]
    self_view_gap: str | None
    evidence_used: list[str]


# --- Rules ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What the rules look at."""

    latest: Inspection
    grade: Grade  # the latest inspection's overall or equivalent grade
    previous_grade: Grade | None
    self_evaluation: SelfEvaluationSummary | None

    def sub_grade(self, key: str) -> Grade | None:
        return self.latest.sub_judgements.get(key)

    def subs_below(self, grade: Grade) -> list[str]:
        return [k for k, g in self.latest.sub_judgements.items() if g < grade]


@dataclass(frozen=True)
class StageRule:
    """One declarative anchoring rule: if ``applies``, the LA is at ``stage_id`` because ``reason``."""

    id: str
    stage_id: str
    applies: Callable[[Context], bool]
    reason: Callable[[Context], str]


def _self_far_rosier(ctx: Context) -> bool:
    stage = ctx.self_evaluation.implied_stage if ctx.self_evaluation else None
    return stage is not None and STAGE_ORDER.index(stage) >= STAGE_ORDER.index("poor_to_fair") + 2


def _judgement_phrase(ctx: Context) -> str:
    latest = ctx.latest
    return judgement_phrase(
        ctx.grade.label, latest.start_date, latest.published, overall_given=latest.overall is not None
    )


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _names(keys: Sequence[str]) -> str:
    return "; ".join(SUB_JUDGEMENTS.get(k, k.replace("_", " ")).lower() for k in keys)


STAGE_RULES: tuple[StageRule, ...] = (
    StageRule(
        "inadequate_findings_not_accepted",
        "before_starting_line",
        lambda c: (
            c.grade == Grade.INADEQUATE
            and c.self_evaluation is not None
            and c.self_evaluation.findings_accepted is False
        ),
        lambda c: (
            f"{_upper_first(_judgement_phrase(c))}, and the self-evaluation records that the "
            "findings are not accepted: the journey starts with recognising the real depth of the problems."
        ),
    ),
    StageRule(
        "inadequate_self_view_far_rosier",
        "before_starting_line",
        lambda c: c.grade == Grade.INADEQUATE and _self_far_rosier(c),
        lambda c: (
            f"{_upper_first(_judgement_phrase(c))}, but the self-evaluation reads as two or more "
            "stages further on: an honest shared diagnosis has still to be reached."
        ),
    ),
    StageRule(
        "inadequate_repeated",
        "before_starting_line",
        lambda c: c.grade == Grade.INADEQUATE and c.previous_grade == Grade.INADEQUATE,
        lambda c: (
            f"{_upper_first(_judgement_phrase(c))}, as the inspection before it did: the service "
            "has not yet got to the starting line of improvement."
        ),
    ),
    StageRule(
        "inadequate",
        "poor_to_fair",
        lambda c: c.grade == Grade.INADEQUATE,
        lambda c: f"{_upper_first(_judgement_phrase(c))}: the work now is safe, compliant basics.",
    ),
    StageRule(
        "requires_improvement",
        "fair_to_good",
        lambda c: c.grade == Grade.REQUIRES_IMPROVEMENT,
        lambda c: (
            f"{_upper_first(_judgement_phrase(c))}: the work now is moving from compliance to "
            "consistently good practice."
        ),
    ),
    StageRule(
        "good_with_weak_foundations",
        "fair_to_good",
        lambda c: (
            c.grade == Grade.GOOD
            and ((c.sub_grade("leaders") or Grade.GOOD) < Grade.GOOD or len(c.subs_below(Grade.GOOD)) >= 2)
        ),
        lambda c: (
            f"{_upper_first(_judgement_phrase(c))}, but the leadership judgement or two or more "
            "others are below good: good is not yet secure across the service."
        ),
    ),
    StageRule(
        "good",
        "good_to_great",
        lambda c: c.grade == Grade.GOOD,
        lambda c: (
            f"{_upper_first(_judgement_phrase(c))}: the work now is sustaining and deepening good "
            "practice, and guarding against slipping back."
        ),
    ),
    StageRule(
        "outstanding",
        "good_to_great",
        lambda c: c.grade == Grade.OUTSTANDING,
        lambda c: (
            f"{_upper_first(_judgement_phrase(c))}: the work now is sustaining excellence, "
            "innovating and supporting other LAs."
        ),
    ),
)

# Confidence: where each anchor starts, and how much each kind of evidence moves it.
BASE_CONFIDENCE = {"overall": 0.8, "sub_judgements": 0.7, "indicators": 0.3, "nothing": 0.0}
AGE_PENALTY_PER_YEAR = 0.07  # per year beyond the first: inspections come about every three years
MAX_AGE_PENALTY = 0.3
SPLIT_SUB_JUDGEMENTS_PENALTY = 0.1  # a sub-judgement two or more grades from the anchor
INDICATOR_STEP = 0.05  # per indicator that contradicts (or supports) the stage
MAX_INDICATOR_SHIFT = 0.15
HIGH, MEDIUM = 0.7, 0.45


def _band(score: float) -> ConfidenceBand:
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


# --- Indicators -------------------------------------------------------------------------------


def _title(indicator: str, fact: IndicatorFact) -> str:
    title = fact.title or indicator.replace("_", " ").capitalize()
    return f"{title} ({fact.figure})" if fact.figure else title


def _indicator_signals(facts: BenchmarkFacts) -> tuple[list[str], list[str]]:
    """Plain sentences about indicators clearly weak (worst quartile, or worsening in the worse
    half) and clearly strong (best quartile, or improving in the better half). Quartiles are read
    through polarity, so "better than the median" is right for rates where lower is better."""
    weak, strong = [], []
    for indicator, fact in sorted(facts.indicators.items()):
        title = _title(indicator, fact)
        if fact.quartile == 4:
            trend = " and getting worse" if fact.trend == "worsening" else ""
            weak.append(f"{title} is {quartile_phrase(4)}{trend}.")
        elif fact.quartile == 3 and fact.trend == "worsening":
            weak.append(f"{title} is {quartile_phrase(3)}, and getting worse.")
        elif fact.quartile == 1:
            trend = " and still improving" if fact.trend == "improving" else ""
            strong.append(f"{title} is {quartile_phrase(1)}{trend}.")
        elif fact.quartile == 2 and fact.trend == "improving":
            strong.append(f"{title} is {quartile_phrase(2)}, and improving.")
    return weak, strong


def _stage_from_indicators(facts: BenchmarkFacts) -> str | None:
    """Mean quartile read as a stage: 3.25+ poor to fair, 2.25+ fair to good, else good to great."""
    quartiles = [f.quartile for f in facts.indicators.values() if f.quartile is not None]
    if not quartiles:
        return None
    mean = statistics.fmean(quartiles)
    return "poor_to_fair" if mean >= 3.25 else "fair_to_good" if mean >= 2.25 else "good_to_great"


# --- Placement --------------------------------------------------------------------------------


def place(
    inspections: Iterable[Inspection],
    benchmarks: BenchmarkFacts | None = None,
    self_evaluation: SelfEvaluationSummary | None = None,
    as_of: date | None = None,
) -> Placement:
    """Place an LA on the journey from its inspections, benchmark facts and self-evaluation.

    ``as_of`` (default today) ages the inspection and hides any inspection dated after it.
    """
    as_of = as_of or date.today()
    benchmarks = benchmarks or BenchmarkFacts()
    history = [i for i in judged_history(inspections) if i.date <= as_of]
    weak, strong = _indicator_signals(benchmarks)
    evidence: list[str] = []
    reasons: list[str] = []

    if history:
        latest = history[-1]
        grade = equivalent_grade(latest)
        previous = equivalent_grade(history[-2]) if len(history) > 1 else None
        ctx = Context(latest, grade, previous, self_evaluation)
        rule = next(r for r in STAGE_RULES if r.applies(ctx))
        stage = rule.stage_id
        reasons.append(rule.reason(ctx))
        evidence.append(
            f"Inspection {latest.date.isoformat()} ({latest.framework}, {latest.kind}), rule '{rule.id}'"
        )
        score = BASE_CONFIDENCE["overall" if latest.overall is not None else "sub_judgements"]
        score += _sub_judgement_adjustment(ctx, reasons)
        score -= _age_penalty(latest, as_of, reasons)
    else:
        stage = _stage_from_indicators(benchmarks)
        if stage is None:
            stage = "before_starting_line"
            score = BASE_CONFIDENCE["nothing"]
            reasons.append(
                "There is no judged inspection and no indicator evidence on record, so Journeys cannot "
                "place the LA. The journey starts with an honest diagnosis of where services are."
            )
        else:
            score = BASE_CONFIDENCE["indicators"]
            reasons.append(
                "There is no judged inspection on record, so this placement rests on indicators "
                "alone and confidence is low."
            )

    if benchmarks.indicators:
        evidence.append(f"Indicators: {', '.join(sorted(benchmarks.indicators))}")
        score += _indicator_adjustment(stage, weak, strong, reasons)

    gap = self_view_gap(stage, self_evaluation)
    if self_evaluation is not None:
        evidence.append("Latest submitted self-evaluation")
        implied = self_evaluation.implied_stage
        if implied == stage:
            score += INDICATOR_STEP
            reasons.append("Your self-evaluation places you at the same stage as the evidence.")

    # Without an inspection, indicators alone never make a placement more than low confidence.
    ceiling = 0.95 if history else MEDIUM - 0.05
    score = round(min(ceiling, max(0.0, score)), 2)
    return Placement(stage, STAGES[stage], _band(score), score, reasons, gap, evidence)


def _sub_judgement_adjustment(ctx: Context, reasons: list[str]) -> float:
    """Say which sub-judgements differ from the anchor; a split of two grades lowers confidence."""
    subs = ctx.latest.sub_judgements
    if not subs:
        reasons.append("The inspection record has no sub-judgements, so only the overall grade is used.")
        return -SPLIT_SUB_JUDGEMENTS_PENALTY
    better = [k for k, g in subs.items() if g > ctx.grade]
    worse = [k for k, g in subs.items() if g < ctx.grade]
    if worse:
        reasons.append(f"Judged below that: {_names(worse)}.")
    if better:
        reasons.append(f"Judged better than that: {_names(better)}.")
    if any(abs(int(g) - int(ctx.grade)) >= 2 for g in subs.values()):
        reasons.append("The sub-judgements are far apart, so the stage is less certain.")
        return -SPLIT_SUB_JUDGEMENTS_PENALTY
    return 0.0


def _age_penalty(latest: Inspection, as_of: date, reasons: list[str]) -> float:
    years = (as_of - latest.date).days / 365.25
    if years <= 1:
        return 0.0
    reasons.append(f"The inspection is {years:.1f} years old; much may have changed since.")
    return min(MAX_AGE_PENALTY, AGE_PENALTY_PER_YEAR * (years - 1))


def _indicator_adjustment(stage: str, weak: list[str], strong: list[str], reasons: list[str]) -> float:
    """Indicators that contradict the stage lower confidence; those that agree raise it.

    Weak indicators contradict the later stages, strong ones the earlier stages.
    """
    late = STAGE_ORDER.index(stage) >= STAGE_ORDER.index("fair_to_good")
    contradicting, supporting = (weak, strong) if late else (strong, weak)
    reasons.extend(weak + strong)
    shift = INDICATOR_STEP * (len(supporting) - len(contradicting))
    return max(-MAX_INDICATOR_SHIFT, min(MAX_INDICATOR_SHIFT, shift))


def self_view_gap(stage_id: str, self_evaluation: SelfEvaluationSummary | None) -> str | None:
    """Plain words on how the self-evaluation differs from the evidence, or None if it does not."""
    if self_evaluation is None:
        return None
    implied = self_evaluation.implied_stage
    not_accepted = self_evaluation.findings_accepted is False
    if implied is None or implied == stage_id:
        if not_accepted:
            return (
                "Your self-evaluation records that the findings of the last inspection are not accepted. "
                "The research's advice: accept the findings and move on."
            )
        return None
    how = "places you at" if self_evaluation.self_placed_stage else "reads, from your enabler ratings, as"
    said = f"Your self-evaluation {how} '{STAGES[implied]}'; the evidence suggests '{STAGES[stage_id]}'."
    if STAGE_ORDER.index(implied) > STAGE_ORDER.index(stage_id):
        extra = (
            " It also records that the last inspection's findings are not accepted." if not_accepted else ""
        )
        return f"{said}{extra} The research's advice: accept the findings and move on."
    return (
        f"{said} Your view is more cautious than the evidence; check whether you are underselling progress."
    )
