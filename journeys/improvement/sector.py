"""The sector at a date: how many LAs held each latest judgement, former LAs included.

An LA counts at a date if it existed then: a former LA until its end date, a successor from the
day after its predecessors ended (the register gives no other start dates, so every other LA is
taken to have existed throughout). Its latest judgement is the latest judged inspection (see
``placement.is_judged``; visits never count) published on or before the date, optionally only from
some frameworks. Inspections after April 2026 carry no overall grade and are counted as "No overall
grade" rather than guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from journeys.authorities.register import Authority
from journeys.evidence.records import FRAMEWORKS, GRADE_LABELS, Grade, Inspection
from journeys.improvement.placement import JUDGED_FRAMEWORKS, is_judged

NO_OVERALL_GRADE = "No overall grade"
JUDGEMENT_LABELS: tuple[str, ...] = tuple(GRADE_LABELS[g] for g in sorted(Grade, reverse=True)) + (
    NO_OVERALL_GRADE,
)


def successor_start(authority: Authority, register_authorities: Sequence[Authority]) -> date | None:
    """The day a successor LA began (the day after its predecessors ended), if it is one."""
    ends = [
        a.ended_on for a in register_authorities if a.old_la_code in authority.predecessors and a.ended_on
    ]
    return max(ends) + timedelta(days=1) if ends else None


def existed_on(authority: Authority, on: date, register_authorities: Sequence[Authority]) -> bool:
    """Whether an LA existed on a date: ended LAs until their end, successors after their predecessors."""
    if authority.ended_on is not None and on > authority.ended_on:
        return False
    began = successor_start(authority, register_authorities)
    return began is None or on >= began


def _empty_counts() -> dict[str, int]:
    return dict.fromkeys(JUDGEMENT_LABELS, 0)


def sector_at(
    inspections: Iterable[Inspection],
    register_authorities: Sequence[Authority],
    as_of: date,
    frameworks: Iterable[str] | None = None,
) -> dict[str, object]:
    """Counts of LAs by their latest judgement on ``as_of``, in total and by its framework.

    ``frameworks`` limits which inspections count (default: the single inspection framework and
    ILACS; pass e.g. ``["sif"]`` for the SIF picture alone).
    """
    counted = frozenset(frameworks) if frameworks is not None else JUDGED_FRAMEWORKS
    existing = {a.old_la_code for a in register_authorities if existed_on(a, as_of, register_authorities)}
    latest: dict[str, Inspection] = {}
    for inspection in inspections:
        if (
            inspection.la_code in existing
            and is_judged(inspection, counted)
            and inspection.date is not None
            and inspection.date <= as_of
        ):
            held = latest.get(inspection.la_code)
            if held is None or inspection.date > held.date:
                latest[inspection.la_code] = inspection
    by_judgement = _empty_counts()
    by_framework: dict[str, dict[str, int]] = {}
    for inspection in latest.values():
        label = inspection.overall.label if inspection.overall is not None else NO_OVERALL_GRADE
        by_judgement[label] += 1
        by_framework.setdefault(inspection.framework, _empty_counts())[label] += 1
    return {
        "as_of": as_of,
        "authorities": len(existing),
        "inspected": len(latest),
        "by_judgement": by_judgement,
        "by_framework": {fw: by_framework[fw] for fw in FRAMEWORKS if fw in by_framework},
    }


def sector_series(
    inspections: Iterable[Inspection],
    register_authorities: Sequence[Authority],
    first_year: int,
    last_year: int,
    frameworks: Iterable[str] | None = None,
    month: int = 3,
    day: int = 31,
) -> list[dict[str, object]]:
    """:func:`sector_at` on the same day of each year (default 31 March, the statistical year end)."""
    inspections = list(inspections)
    return [
        sector_at(inspections, register_authorities, date(year, month, day), frameworks)
        for year in range(first_year, last_year + 1)
    ]
