"""Questions members may ask: what a scrutiny committee is likely to raise, from the briefing's facts.

Each question comes from a rule with a stable id (kept in the briefing, its tests and anything
that quotes it), a condition and the words of the question. Three kinds of fact feed them:

* **figures** where the LA stands in the worst quarter of LAs *and* behind its statistical
  neighbours' mean (both, so a figure that is poor everywhere among similar LAs is not
  singled out), weakest first: furthest behind its neighbours, as a share of their mean;
* **the slipping-back warning**, said as the frequency it is ("about 3 in 10 LAs like this one
  came out worse"), never a score or a band;
* **the gap** between the LA's self-evaluation and the evidence.

Plain Python, no Django: the caller words every figure (``evidence.presentation``) and passes
the words in, so a question quotes the figure exactly as the table beside it shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

WORST_QUARTER = 4
MOST_FIGURE_QUESTIONS = 3  # a committee takes up a few figures, not every one


@dataclass(frozen=True)
class FigureFacts:
    """One of the LA's latest figures beside its comparators, already in words."""

    indicator: str  # catalogue id
    title: str
    value: float | None
    shown: str  # the figure as every surface words it: "12.4%"
    period: str  # "at 30 September 2025"
    polarity: str  # "higher_is_better", "higher_is_worse" or "neither"
    quartile: int | None  # 1 is the best quarter of LAs
    neighbour_mean: float | None
    neighbours_shown: str  # the neighbours' mean in words, "" when there is none
    direction: str | None  # "improving", "worsening", "stable", "rising", "falling" or None
    direction_shown: str  # "Getting worse"

    @property
    def behind_neighbours(self) -> float | None:
        """How far the figure is worse than the neighbours' mean, as a share of that mean; None
        when it is not worse (or nothing is better, or there is nothing to compare)."""
        if self.value is None or not self.neighbour_mean or self.polarity == "neither":
            return None
        gap = (self.value - self.neighbour_mean) / abs(self.neighbour_mean)
        worse = gap if self.polarity == "higher_is_worse" else -gap
        return worse if worse > 0 else None


@dataclass(frozen=True)
class WarningFacts:
    """The slipping-back warning as the journey states it."""

    cannot_come_out_worse: bool
    frequencies: tuple[str, ...]  # each statement's own sentence, e.g. "About 3 in 10 LAs ..."
    happened: int  # past cases like this LA's that came out worse (the first statement's) ...
    of: int  # ... out of this many
    signs: tuple[str, ...]  # the context signals that fired, in words


@dataclass(frozen=True)
class BriefingFacts:
    figures: tuple[FigureFacts, ...]
    warning: WarningFacts | None
    self_view_gap: str | None  # the journey's own sentence on the gap, None when there is none


@dataclass(frozen=True)
class Question:
    rule: str  # the id of the rule that asked it
    text: str  # the question, as a member would ask it
    because: str  # the fact behind it, for the officer answering


@dataclass(frozen=True)
class Rule:
    id: str
    title: str  # what the rule looks for, for the methodology and its tests
    ask: Callable[[BriefingFacts], list[Question]]


def _in_sentence(title: str) -> str:
    """A title inside a sentence: its first letter lower case, unless it starts an abbreviation."""
    return title if title[:2].isupper() else title[:1].lower() + title[1:]


def _weakest(facts: BriefingFacts) -> list[FigureFacts]:
    weak = [f for f in facts.figures if f.quartile == WORST_QUARTER and f.behind_neighbours is not None]
    return sorted(weak, key=lambda f: (-(f.behind_neighbours or 0), f.indicator))[:MOST_FIGURE_QUESTIONS]


def _figure_questions(facts: BriefingFacts) -> list[Question]:
    questions = []
    for figure in _weakest(facts):
        worse = " and getting worse" if figure.direction == "worsening" else ""
        questions.append(
            Question(
                "figure-worst-quarter-behind-neighbours",
                f"Our {_in_sentence(figure.title)} is {figure.shown} ({figure.period}){worse}: "
                "why is it among the worst quarter of councils and behind similar councils, "
                "and what will change it?",
                f"{figure.title}: {figure.shown} against {figure.neighbours_shown} for our statistical "
                "neighbours; in the worst quarter of LAs; direction of travel: "
                f"{figure.direction_shown.lower()}.",
            )
        )
    return questions


def _warning_questions(facts: BriefingFacts) -> list[Question]:
    warning = facts.warning
    if warning is None or warning.cannot_come_out_worse or not warning.of:
        return []
    signs = f" Signs to ask about: {' '.join(warning.signs)}" if warning.signs else ""
    return [
        Question(
            "slipping-back-frequency",
            f"Of {warning.of} past inspections of councils like ours, {warning.happened} came out worse "
            "at the next one. What would tell us early that we are slipping back, and who is watching it?",
            " ".join(warning.frequencies) + signs,
        )
    ]


def _gap_questions(facts: BriefingFacts) -> list[Question]:
    if not facts.self_view_gap:
        return []
    return [
        Question(
            "self-view-differs-from-evidence",
            "Our own self-evaluation and the published evidence do not agree on where we are. "
            "Which is right, and what would settle it?",
            facts.self_view_gap,
        )
    ]


RULES: tuple[Rule, ...] = (
    Rule(
        "figure-worst-quarter-behind-neighbours",
        "A figure in the worst quarter of LAs and worse than the statistical neighbours' mean",
        _figure_questions,
    ),
    Rule(
        "slipping-back-frequency",
        "LAs like this one have come out worse at their next inspection (any frequency above none)",
        _warning_questions,
    ),
    Rule(
        "self-view-differs-from-evidence",
        "The self-evaluation places the LA at another stage than the evidence, or does not accept "
        "the findings",
        _gap_questions,
    ),
)


def questions_for(facts: BriefingFacts, rules: Sequence[Rule] = RULES) -> list[Question]:
    """Every rule's questions, in the rules' order."""
    return [question for rule in rules for question in rule.ask(facts)]
