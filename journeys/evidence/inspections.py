"""One history of inspections from several sources, and the questions asked of it.

The same inspection reaches Journeys several times: in Ofsted's official workbook and its CSV
twins, in Ofsted's 2009–2023 history, in Data to Insight's (D2I) scrape of the reports, and as a
bare publication date in D2I's report index. The sources disagree by days (start date against
end date, publication), so :func:`merge_inspections` decides identity by a rule, not equality:

* the same LA (the code as inspected: a former LA keeps its own code);
* the same class of event: an inspection is never merged with a visit, nor a focused visit
  with a monitoring visit;
* and either the same publication date, or the same framework family (all ILACS frameworks are
  one family) with dates within a window (start with start where both are known, else
  publication with publication; a start-only record matches a publication-only record
  published up to :data:`REPORT_LAG_LIMIT` later). The window is :data:`INSPECTION_WINDOW` for
  inspections and :data:`VISIT_WINDOW` for visits. A record from the report index carries only
  a guessed framework, so it matches any inspection by date alone.

Sources are passed most trusted first (official Ofsted MI before the D2I scrape). For each field
the most trusted source that knows it wins; the others fill its gaps (e.g. D2I's exact start
date where Ofsted's 2009–2023 sheet has only the publication date).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import TYPE_CHECKING

from journeys.evidence.records import Inspection

if TYPE_CHECKING:
    from journeys.authorities.register import Register

# Sources give the same dates up to a few days apart, except where one misdates it: Ofsted's
# 2009–2023 sheet has Nottingham's 2022 report two months late. Two inspections of one LA in one
# framework family are years apart, so a wide window is safe for them; monitoring visits to an
# inadequate LA come about three months apart, so visits need a narrow one.
INSPECTION_WINDOW = timedelta(days=90)
VISIT_WINDOW = timedelta(days=21)
# An ILACS report is published within about two months of the inspection; allow for delays.
REPORT_LAG_LIMIT = timedelta(days=120)

# The kind of a record that says only "a report was published on this date".
REPORT_PUBLISHED = "report published"
# The kind used where a source does not say which kind of inspection it was.
UNSPECIFIED_INSPECTION = "inspection"
VISIT_KINDS = frozenset({"focused visit", "monitoring visit"})

# When each ILACS framework began, by inspection start date.
ILACS_2023_FROM = date(2023, 1, 1)
ILACS_2026_FROM = date(2026, 4, 1)

# Approximate publication-date eras, used only where nothing but a report's publication date is
# known (D2I's report index). The boundaries are later than the framework start dates because
# reports follow inspections by weeks; a record merged with a graded one takes that framework.
PUBLICATION_ERAS: tuple[tuple[date, str], ...] = (
    (date(2012, 6, 1), "cpi"),  # SLAC reports before this date
    (date(2014, 1, 1), "sif"),  # CPI and TLAC reports before this date
    (date(2018, 4, 1), "ilacs_2018"),  # SIF reports before this date
    (date(2023, 3, 1), "ilacs_2023"),
    (date(2026, 5, 15), "ilacs_2026"),
)


@dataclass(frozen=True)
class Visit(Inspection):
    """An ILACS focused visit or monitoring visit: no judgements, but a theme for focused visits."""

    theme: str | None = None


def ilacs_framework(start: date | None, published: date | None = None) -> str:
    """The ILACS framework id of an inspection, from its start date (else its publication)."""
    if start is not None:
        if start >= ILACS_2026_FROM:
            return "ilacs_2026"
        return "ilacs_2023" if start >= ILACS_2023_FROM else "ilacs_2018"
    if published is None:
        raise ValueError("an inspection needs a start or a publication date")
    guess = framework_by_publication(published)
    return guess if guess.startswith("ilacs") else "ilacs_2018"  # ILACS reports from early 2018


def framework_by_publication(published: date) -> str:
    """A best guess of the framework of a report known only by its publication date."""
    framework = "slac"
    for era_start, era_framework in PUBLICATION_ERAS:
        if published >= era_start:
            framework = era_framework
    return framework


def framework_family(framework: str) -> str:
    return "ilacs" if framework.startswith("ilacs") else framework


def is_judged(inspection: Inspection) -> bool:
    """Whether the inspection carries any judgement: an overall grade or a sub-judgement."""
    return inspection.overall is not None or bool(inspection.sub_judgements)


def _event_class(inspection: Inspection) -> str:
    return inspection.kind if inspection.kind in VISIT_KINDS else "inspection"


def _within(first: date | None, second: date | None, window: timedelta) -> bool:
    return first is not None and second is not None and abs(first - second) <= window


def _date_distance(a: Inspection, b: Inspection) -> timedelta | None:
    """How far apart two records of one LA are, or None when they are not the same event."""
    if a.la_code != b.la_code or _event_class(a) != _event_class(b):
        return None
    if a.published is not None and a.published == b.published:
        return timedelta(0)
    guessed = REPORT_PUBLISHED in (a.kind, b.kind)
    if not guessed and framework_family(a.framework) != framework_family(b.framework):
        return None
    window = VISIT_WINDOW if a.kind in VISIT_KINDS else INSPECTION_WINDOW
    if a.start_date and b.start_date:
        distance = abs(a.start_date - b.start_date)
        return distance if distance <= window else None
    if _within(a.published, b.published, window):
        return abs(a.published - b.published)  # type: ignore[operator]
    for started, reported in ((a, b), (b, a)):
        if (
            started.start_date
            and started.published is None
            and reported.published
            and not reported.start_date
        ):
            lag = reported.published - started.start_date
            if timedelta(0) <= lag <= REPORT_LAG_LIMIT:
                return lag
    return None


def _kind_rank(kind: str) -> int:
    """How much a kind says: a named kind beats "inspection", which beats a bare report date."""
    return {REPORT_PUBLISHED: 0, UNSPECIFIED_INSPECTION: 1}.get(kind, 2)


def _combine(kept: Inspection, other: Inspection) -> Inspection:
    """``kept`` (more trusted) with its gaps filled from ``other``."""
    framework = kept.framework
    if kept.kind == REPORT_PUBLISHED and other.kind != REPORT_PUBLISHED:
        framework = other.framework  # a guessed framework yields to a graded source's
    values: dict[str, object] = {
        **{f.name: getattr(kept, f.name) for f in fields(Inspection)},
        "framework": framework,
        "kind": other.kind if _kind_rank(other.kind) > _kind_rank(kept.kind) else kept.kind,
        "start_date": kept.start_date or other.start_date,
        "published": kept.published or other.published,
        "overall": kept.overall if kept.overall is not None else other.overall,
        "sub_judgements": {**other.sub_judgements, **kept.sub_judgements},
    }
    themes = [r.theme for r in (kept, other) if isinstance(r, Visit) and r.theme]
    if isinstance(kept, Visit) or isinstance(other, Visit):
        return Visit(**values, theme=themes[0] if themes else None)
    return Inspection(**values)


def merge_inspections(sources: Sequence[Iterable[Inspection]]) -> list[Inspection]:
    """Merge inspections from several sources, most trusted first, keeping each event once.

    Records within one source are merged by the same rule, so a source that lists an
    inspection twice (D2I's history, Ofsted's workbook sheets) is de-duplicated too.
    """
    return [inspection for inspection, _ in merge_inspections_traced(sources)]


def merge_inspections_traced(
    sources: Sequence[Iterable[Inspection]],
) -> list[tuple[Inspection, tuple[int, ...]]]:
    """:func:`merge_inspections`, with the positions in ``sources`` of the sources behind each event."""
    merged_by_la: dict[str, list[tuple[Inspection, tuple[int, ...]]]] = {}
    # LA -> period -> positions in its list of the events with a date in that period. Two records
    # are the same event only if some date of one is within MATCH_REACH of some date of the other,
    # so a record is compared with the events dated in its own periods and those either side,
    # rather than with every event of its LA (which grew with the square of an LA's history).
    dated: dict[str, dict[int, set[int]]] = {}
    for position, source in enumerate(sources):
        for record in source:
            candidates = merged_by_la.setdefault(record.la_code, [])
            periods = dated.setdefault(record.la_code, {})
            nearby = sorted(
                {
                    index
                    for period in _periods(record)
                    for near in (-1, 0, 1)
                    for index in periods.get(period + near, ())
                }
            )
            best_index, best_distance = None, None
            for index in nearby:
                distance = _date_distance(candidates[index][0], record)
                if distance is not None and (best_distance is None or distance < best_distance):
                    best_index, best_distance = index, distance
            if best_index is None:
                candidates.append((record, (position,)))
                best_index = len(candidates) - 1
            else:
                kept, behind = candidates[best_index]
                behind = behind if position in behind else (*behind, position)
                candidates[best_index] = (_combine(kept, record), behind)
            for period in _periods(candidates[best_index][0]):  # a merged event may gain a date
                periods.setdefault(period, set()).add(best_index)
    return sorted(
        (entry for entries in merged_by_la.values() for entry in entries),
        key=lambda entry: (entry[0].la_code, _chronology(entry[0])),
    )


# The furthest apart two dates of one event can be (a start and its report's publication).
MATCH_REACH = max(INSPECTION_WINDOW, VISIT_WINDOW, REPORT_LAG_LIMIT)


def _periods(inspection: Inspection) -> set[int]:
    """The MATCH_REACH-long periods the record's dates fall in."""
    return {d.toordinal() // MATCH_REACH.days for d in (inspection.start_date, inspection.published) if d}


def _chronology(inspection: Inspection) -> date:
    """When the inspection happened: its start, else its publication."""
    return inspection.start_date or inspection.published or date.min


@dataclass(frozen=True)
class HistoryEntry:
    """One inspection in an LA's history; ``inherited_from`` names the predecessor inspected."""

    inspection: Inspection
    inherited_from: str | None = None  # DfE code of the predecessor LA, None for the LA's own

    @property
    def is_inherited(self) -> bool:
        return self.inherited_from is not None


def history_for(la_code: str, inspections: Iterable[Inspection], register: Register) -> list[HistoryEntry]:
    """An LA's inspections and its predecessors' (e.g. Cumberland inherits Cumbria's), by date."""
    authority = register.get(la_code)
    lineage: dict[str, str | None] = {authority.old_la_code: None}
    pending = list(authority.predecessors)
    while pending:  # predecessors of predecessors count too
        code = pending.pop()
        if code not in lineage:
            lineage[code] = code
            pending.extend(register.get(code).predecessors)
    entries = [
        HistoryEntry(inspection, lineage[inspection.la_code])
        for inspection in inspections
        if inspection.la_code in lineage
    ]
    return sorted(entries, key=lambda entry: _chronology(entry.inspection))


def latest_judged(inspections: Iterable[Inspection], as_of: date) -> Inspection | None:
    """The latest inspection with any judgement that was public by ``as_of``.

    A judgement counts from its publication date where known (else the inspection start, see
    :attr:`Inspection.date`), so a calculation as of a past date never sees a later report.
    Pass one LA's inspections (or :func:`history_for`'s, to count predecessors').
    """
    known = [i for i in inspections if is_judged(i) and i.date is not None and i.date <= as_of]
    return max(known, key=lambda i: (i.date, _chronology(i)), default=None)


def latest_judged_by_la(inspections: Iterable[Inspection], as_of: date) -> dict[str, Inspection]:
    """:func:`latest_judged` for every LA code present in ``inspections``."""
    by_la: dict[str, list[Inspection]] = {}
    for inspection in inspections:
        by_la.setdefault(inspection.la_code, []).append(inspection)
    latest = {code: latest_judged(records, as_of) for code, records in by_la.items()}
    return {code: inspection for code, inspection in latest.items() if inspection is not None}
