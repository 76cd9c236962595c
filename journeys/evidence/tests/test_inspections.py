"""Merging inspections from several sources, LA histories with predecessors, latest judgements."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys.authorities.register import Register, load_register
from journeys.evidence.formats import parse
from journeys.evidence.inspections import (
    REPORT_PUBLISHED,
    Visit,
    history_for,
    latest_judged,
    merge_inspections,
)
from journeys.evidence.records import Grade, Inspection

OUTCOMES = "ofsted-la-inspection-outcomes"
D2I = "ofsted-ilacs-latest"
G, RI, INAD = Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE


def ilacs(
    la: str, start: date | None, published: date | None, overall: Grade | None = G, **subs: Grade
) -> Inspection:
    return Inspection(la, "ilacs_2023", "standard", start, published, overall, subs)


@pytest.fixture(scope="session")
def register() -> Register:
    return load_register()


@pytest.fixture(scope="session")
def sources(shared_data: Path, register: Register) -> dict[str, list[Inspection]]:
    """All real sources, in the order of trust Journeys merges them in."""
    names = {
        "ofsted_2025": f"{OUTCOMES}/LA_Inspection_Outcomes_as_at_31_March_2025.ods",
        "ofsted_2009_2023": f"{OUTCOMES}/Childrens_social_care_in_England_2023_underlying_data.ods",
        "d2i_latest": f"{D2I}/ofsted_csc_ilacs_overview.xlsx",
        "d2i_history": f"{D2I}/ofsted_ilacs_history_2023_2026.csv",
        "report_index": f"{D2I}/inspection_report_index.csv",
    }
    return {key: parse(shared_data / name, register).inspections for key, name in names.items()}


@pytest.fixture(scope="session")
def merged(sources) -> list[Inspection]:
    return merge_inspections(list(sources.values()))


# --- The identity rule, on hand-made records ---------------------------------------------------


def test_the_same_inspection_days_apart_is_kept_once_with_the_trusted_source_winning():
    official = ilacs("384", date(2025, 3, 24), None, G, leaders=G)
    scraped = ilacs("384", date(2025, 3, 26), date(2025, 7, 18), RI, leaders=RI, care_leavers=RI)
    [one] = merge_inspections([[official], [scraped]])
    assert one.overall == G and one.sub_judgements["leaders"] == G  # official wins
    assert one.start_date == date(2025, 3, 24)
    assert one.published == date(2025, 7, 18)  # gap filled from the scrape
    assert one.sub_judgements["care_leavers"] == RI


def test_distinct_events_are_never_merged():
    inspection = ilacs("392", date(2024, 5, 13), date(2024, 6, 28))
    focused = Visit(
        "392", "ilacs_2023", "focused visit", date(2024, 5, 13), date(2024, 6, 28), None, {}, "Care leavers"
    )
    monitoring_1 = Visit("392", "ilacs_2023", "monitoring visit", date(2024, 7, 30), date(2024, 8, 30), None)
    monitoring_2 = Visit(
        "392", "ilacs_2023", "monitoring visit", date(2024, 10, 15), date(2024, 11, 14), None
    )
    other_la = ilacs("393", date(2024, 5, 13), date(2024, 6, 28))
    next_inspection = ilacs("392", date(2024, 9, 9), date(2024, 10, 25))
    records = [inspection, focused, monitoring_1, monitoring_2, other_la, next_inspection]
    assert len(merge_inspections([records])) == len(records)


def test_a_report_date_takes_the_framework_and_grades_of_the_inspection_it_matches():
    sif = Inspection("936", "sif", "first", None, date(2018, 2, 1), RI)
    report = Inspection("936", "ilacs_2018", REPORT_PUBLISHED, None, date(2018, 2, 1), None)
    [one] = merge_inspections([[report], [sif]])  # even when the report index comes first
    assert (one.framework, one.kind, one.overall) == ("sif", "first", RI)


def test_visits_keep_their_theme_when_merged():
    bare = Visit("301", "ilacs_2023", "focused visit", date(2025, 3, 26), date(2025, 4, 29), None)
    themed = Visit(
        "301", "ilacs_2023", "focused visit", date(2025, 3, 26), None, None, {}, "Children in care"
    )
    [one] = merge_inspections([[bare], [themed]])
    assert isinstance(one, Visit) and one.theme == "Children in care"


@st.composite
def copies_of_inspections(draw) -> tuple[list[Inspection], list[list[Inspection]]]:
    """Real-looking inspections (over six months apart per LA) and sources holding jittered copies."""
    truth = [
        ilacs(
            la,
            date(2018 + year, 1, 1) + timedelta(days=draw(st.integers(0, 180))),
            None,
            draw(st.sampled_from(list(Grade))),
        )
        for la in ("301", "302")
        for year in draw(st.sets(st.integers(0, 7), max_size=5))
    ]
    sources = []
    for _ in range(draw(st.integers(1, 3))):
        copies = []
        for inspection in truth:
            if draw(st.booleans()):
                start = inspection.start_date + timedelta(days=draw(st.integers(-10, 10)))
                published = start + timedelta(days=draw(st.integers(30, 60))) if draw(st.booleans()) else None
                copies.append(ilacs(inspection.la_code, start, published, inspection.overall))
        sources.append(draw(st.permutations(copies)))
    return truth, sources


@given(copies_of_inspections())
@settings(max_examples=80, deadline=None)
def test_merging_copies_keeps_each_inspection_exactly_once(case):
    truth, sources = case
    merged = merge_inspections(sources)
    seen = {(i.la_code, i.start_date) for source in sources for i in source}
    present = [
        t
        for t in truth
        if any(la == t.la_code and abs(d - t.start_date) <= timedelta(days=10) for la, d in seen)
    ]
    assert len(merged) == len(present)
    for inspection in present:
        [match] = [
            m
            for m in merged
            if m.la_code == inspection.la_code
            and abs(m.start_date - inspection.start_date) <= timedelta(days=10)
        ]
        assert match.overall == inspection.overall
    assert merge_inspections([merged]) == merged


# --- The real sources --------------------------------------------------------------------------


def test_wakefields_march_2025_inspection_appears_exactly_once(sources, merged):
    def wakefield_2025(records: list[Inspection]) -> list[Inspection]:
        return [
            i for i in records if i.la_code == "384" and (i.start_date or i.published) >= date(2025, 1, 1)
        ]

    assert wakefield_2025(sources["ofsted_2025"]) == []  # published after the workbook's cut-off
    assert len(wakefield_2025(sources["d2i_history"])) == 1
    [inspection] = wakefield_2025(merged)
    assert (inspection.start_date, inspection.published, inspection.overall) == (
        date(2025, 3, 24),
        date(2025, 7, 18),
        G,
    )
    assert inspection.framework == "ilacs_2023" and inspection.kind == "short"


def test_every_official_record_survives_the_merge_with_its_grades(sources, merged):
    index = {(i.la_code, i.kind, i.start_date): i for i in merged}
    for official in sources["ofsted_2025"]:
        kept = index[(official.la_code, official.kind, official.start_date)]
        assert (kept.published, kept.overall) == (official.published, official.overall)
        assert all(kept.sub_judgements[s] == g for s, g in official.sub_judgements.items())
    total = sum(len(records) for records in sources.values())
    print(f"{total} records from five sources merged into {len(merged)} inspections and visits")  # noqa: T201
    assert len(merged) == 764


def test_the_merge_leaves_no_two_records_of_one_event(merged):
    inspections = sorted(
        (i for i in merged if i.kind not in ("focused visit", "monitoring visit")),
        key=lambda i: (i.la_code, i.published or i.start_date),
    )
    for earlier, later in zip(inspections, inspections[1:], strict=False):
        if earlier.la_code == later.la_code and earlier.framework[:5] == later.framework[:5]:
            gap = (later.published or later.start_date) - (earlier.published or earlier.start_date)
            assert gap > timedelta(days=90), (earlier, later)


def test_the_report_index_fills_in_dates_and_keeps_the_reports_nothing_else_explains(merged):
    bare_reports = [i for i in merged if i.kind == REPORT_PUBLISHED]
    # Four August 2013 reports (Kent, Medway, Norfolk, Sandwell): the TLAC inspections.
    assert sorted((i.la_code, i.published.month, i.published.year) for i in bare_reports) == [
        ("333", 8, 2013),
        ("886", 8, 2013),
        ("887", 8, 2013),
        ("926", 8, 2013),
    ]


def test_brent_and_somerset_2026_survive_the_merge_without_an_overall_grade(merged):
    for code in ("304", "933"):
        latest = max((i for i in merged if i.la_code == code), key=lambda i: i.start_date or i.published)
        assert (latest.framework, latest.overall, len(latest.sub_judgements)) == ("ilacs_2026", None, 4)


# --- Histories with predecessors ---------------------------------------------------------------


def test_cumberland_inherits_cumbrias_history_marked_as_such(merged, register):
    history = history_for("942", merged, register)
    inherited = [e for e in history if e.is_inherited]
    assert {e.inherited_from for e in inherited} == {"909"}
    assert {e.inspection.framework for e in inherited} >= {"slac", "cpi", "sif", "ilacs_2018"}
    own = [e for e in history if not e.is_inherited]
    assert [e.inspection.start_date for e in own] == [date(2024, 10, 7)]
    when = [e.inspection.start_date or e.inspection.published for e in history]
    assert when == sorted(when)
    assert history[-1].inspection.la_code == "942"


def test_bcp_inherits_bournemouth_poole_and_old_dorset(merged, register):
    history = history_for("839", merged, register)
    assert {e.inherited_from for e in history} == {None, "835", "836", "837"}
    assert history_for("838", merged, register)[0].inherited_from == "835"  # Dorset inherits old Dorset


def test_an_la_without_predecessors_has_only_its_own_history(merged, register):
    history = history_for("384", merged, register)
    assert history and not any(e.is_inherited for e in history)


# --- Latest judgement as of a date ------------------------------------------------------------


def test_latest_judged_uses_the_publication_date(merged):
    brent = [i for i in merged if i.la_code == "304"]
    before_report = latest_judged(brent, date(2026, 6, 16))  # inspected in April, published 17 June
    assert before_report.published == date(2023, 4, 11) and before_report.overall == G
    after_report = latest_judged(brent, date(2026, 6, 17))
    assert after_report.framework == "ilacs_2026" and after_report.overall is None
    assert after_report.sub_judgements["leaders"] == G
    assert latest_judged(brent, date(2009, 1, 1)) is None


def test_latest_judged_ignores_visits_and_bare_report_dates():
    judged = ilacs("886", date(2022, 1, 10), date(2022, 3, 1), INAD)
    visit = Visit("886", "ilacs_2023", "monitoring visit", date(2022, 6, 1), date(2022, 7, 1), None)
    report = Inspection("886", "ilacs_2023", REPORT_PUBLISHED, None, date(2022, 9, 1), None)
    assert latest_judged([judged, visit, report], date(2023, 1, 1)) is judged
