"""The sector at a date: how many LAs held each latest judgement, former LAs included.

An LA counts at a date if it existed then: a former LA until its end date, a successor from the
day after its predecessors ended (the register gives no other start dates, so every other LA is
taken to have existed throughout). Its latest judgement is the latest judged inspection (see
``placement.is_judged``; visits never count) under one of two conventions:

- ``published`` (Journeys' default): published on or before the date, latest by publication;
- ``ofsted`` (Ofsted's official statistics): carried out by the date and published by the
  following 30 June, latest by inspection start, so an inspection in March whose report came out
  in May counts at 31 March.

Counting can be limited to some frameworks. Inspections after April 2026 carry no overall grade
and are counted as "No overall grade" rather than guessed.
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


CONVENTIONS: dict[str, str] = {
    "published": "by publication: each LA's latest judgement published on or before the date",
    "ofsted": "as Ofsted counts: inspections carried out by the date and published by the following 30 June",
}
DEFAULT_CONVENTION = "published"


def publication_deadline(as_of: date) -> date:
    """The 30 June on or after a date: Ofsted's last day of publication for counts at that date."""
    deadline = date(as_of.year, 6, 30)
    return deadline if as_of <= deadline else date(as_of.year + 1, 6, 30)


def counted_on(inspection: Inspection, as_of: date, convention: str) -> date | None:
    """The date an inspection counts from under a convention, or None if it does not count yet."""
    if convention == "ofsted":
        carried_out = inspection.start_date or inspection.published
        published = inspection.published
        if carried_out is None or carried_out > as_of:
            return None
        return carried_out if published is None or published <= publication_deadline(as_of) else None
    if convention != "published":
        raise ValueError(f"unknown convention {convention!r}; expected one of {', '.join(CONVENTIONS)}")
    return inspection.date if inspection.date is not None and inspection.date <= as_of else None


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
    convention: str = DEFAULT_CONVENTION,
) -> dict[str, object]:
    """Counts of LAs by their latest judgement on ``as_of``, in total and by its framework.

    ``frameworks`` limits which inspections count (default: the single inspection framework and
    ILACS; pass e.g. ``["sif"]`` for the SIF picture alone); ``convention`` is a key of CONVENTIONS.
    """
    counted = frozenset(frameworks) if frameworks is not None else JUDGED_FRAMEWORKS
    existing = {a.old_la_code for a in register_authorities if existed_on(a, as_of, register_authorities)}
    latest: dict[str, tuple[date, Inspection]] = {}
    for inspection in inspections:
        if inspection.la_code not in existing or not is_judged(inspection, counted):
            continue
        on = counted_on(inspection, as_of, convention)
        if on is not None:
            held = latest.get(inspection.la_code)
            if held is None or on > held[0]:
                latest[inspection.la_code] = (on, inspection)
    by_judgement = _empty_counts()
    by_framework: dict[str, dict[str, int]] = {}
    for _, inspection in latest.values():
        label = inspection.overall.label if inspection.overall is not None else NO_OVERALL_GRADE
        by_judgement[label] += 1
        by_framework.setdefault(inspection.framework, _empty_counts())[label] += 1
    return {
        "as_of": as_of,
        "convention": convention,
        "convention_description": CONVENTIONS[convention],
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
    convention: str = DEFAULT_CONVENTION,
) -> list[dict[str, object]]:
    """:func:`sector_at` on the same day of each year (default 31 March, the statistical year end)."""
    inspections = list(inspections)
    return [
        sector_at(inspections, register_authorities, date(year, month, day), frameworks, convention)
        for year in range(first_year, last_year + 1)
    ]
