"""Kaplan-Meier timescales: hand-made histories with known answers, then the real inspection data."""

from datetime import date, timedelta

import pytest

from journeys.authorities.register import load_register
from journeys.evidence.records import Grade, Inspection
from journeys.improvement.tests import real_inspections
from journeys.improvement.timescales import (
    DAYS_PER_MONTH,
    METHOD,
    fit_curves,
    next_step_window,
    spells,
    timescales_summary,
)

G, RI, INAD, OUT = Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE, Grade.OUTSTANDING
BASE = date(2014, 1, 1)


def at(months: float) -> date:
    return BASE + timedelta(days=round(months * DAYS_PER_MONTH))


def judged(
    la: str, months: float, grade: Grade | None, framework: str = "sif", kind: str = "first", **subs
) -> Inspection:
    return Inspection(la, framework, kind, at(months), at(months), grade, subs)


def five_steps() -> list[Inspection]:
    """Five LAs judged inadequate at month 0 that reach RI or better at 12, 24, 36, 48 and 60."""
    return [
        x
        for n, m in enumerate((12, 24, 36, 48, 60))
        for x in (judged(f"L{n}", 0, INAD), judged(f"L{n}", m, RI))
    ]


def test_uncensored_quartiles_are_known():
    curve = fit_curves(five_steps(), cutoff=at(100))["inadequate_to_ri_or_better"]
    assert (curve.n, curve.events) == (5, 5)
    # statsmodels' convention: the first time survival falls strictly below 1 - p.
    assert curve.q25_months == pytest.approx(24, abs=0.1)
    assert curve.median_months == pytest.approx(36, abs=0.1)
    assert curve.q75_months == pytest.approx(48, abs=0.1)
    assert curve.table[0] == {"months": 0.0, "survival": 1.0}
    assert [row["survival"] for row in curve.table[1:]] == pytest.approx([0.8, 0.6, 0.4, 0.2, 0.0])


def test_censoring_at_cutoff_and_at_an_la_end():
    history = [
        judged("A", 0, INAD),
        judged("A", 12, RI),  # event at 12
        judged("B", 0, INAD),
        judged("B", 20, INAD),  # still inadequate: one spell, censored at the cut-off (50)
        judged("C", 0, INAD),  # a former LA that ended at month 18: censored there
        judged("D", 0, INAD),
        judged("D", 40, G),  # event at 40
        judged("E", 0, INAD),
        judged("E", 60, RI),  # the step after the cut-off is not seen: censored at 50
    ]
    curve = fit_curves(history, cutoff=at(50), end_dates={"C": at(18)})["inadequate_to_ri_or_better"]
    assert (curve.n, curve.events) == (5, 2)
    # KM: S(12) = 4/5; at 40 three are at risk (B, D, E), so S(40) = 4/5 * 2/3 = 0.533.
    assert curve.survival == pytest.approx((0.8, 0.8 * 2 / 3))
    assert curve.median_months is None  # survival never falls below one half
    assert curve.q25_months == pytest.approx(40, abs=0.1)


def test_multiple_spells_per_la_and_the_good_to_worse_definition():
    history = [
        judged("A", 0, INAD),
        judged("A", 10, RI),
        judged("A", 30, INAD),
        judged("A", 50, G),
        judged("A", 60, OUT),
        judged("A", 70, RI, framework="ilacs_2018", kind="standard"),
    ]
    found = {(s.curve_id, round(s.months), s.event) for s in spells(history, cutoff=at(80))}
    assert found == {
        ("inadequate_to_ri_or_better", 10, True),
        ("inadequate_to_ri_or_better", 20, True),  # second spell: 30 -> 50
        ("ri_to_good_or_better", 40, True),  # 10 -> 50: the clock kept running through the inadequate
        ("good_to_worse", 20, True),  # 50 -> 70: outstanding at 60 was no slip
        ("ri_to_good_or_better", 10, False),  # 70 -> cut-off at 80
    }


def test_visits_slac_and_ungraded_records_do_not_count():
    history = [
        judged("A", 0, INAD, framework="slac", kind="standard"),
        judged("A", 5, INAD),
        judged("A", 8, None, framework="ilacs_2018", kind="monitoring visit"),
        judged("A", 20, RI, framework="ilacs_2018", kind="short"),
    ]
    (spell,) = [s for s in spells(history, cutoff=at(30)) if s.curve_id == "inadequate_to_ri_or_better"]
    assert (spell.start, spell.end, spell.event) == (at(5), at(20), True)


def test_post_2026_sub_judgements_end_a_spell():
    history = [
        judged("A", 0, INAD),
        judged(
            "A",
            30,
            None,
            framework="ilacs_2026",
            kind="standard",
            leaders=RI,
            help_and_protection=RI,
            in_care=G,
        ),
    ]
    (spell,) = [s for s in spells(history, cutoff=at(40)) if s.curve_id == "inadequate_to_ri_or_better"]
    assert spell.event and round(spell.months) == 30


def test_next_step_window_is_conditional_on_time_already_spent():
    curves = fit_curves(five_steps(), cutoff=at(100))
    la = [judged("X", 0, RI), judged("X", 5, INAD)]
    window = next_step_window(la, curves, as_of=at(35))  # 30 months inadequate so far
    assert window.curve_id == "inadequate_to_ri_or_better"
    assert window.spell_start == at(5)
    # Survival at 30 is 0.6; the conditional quartiles fall where it drops below 0.45, 0.3, 0.15.
    assert (window.earliest, window.median, window.latest) == (at(5 + 36), at(5 + 48), at(5 + 60))
    fresh = next_step_window([judged("Y", 0, INAD)], curves, as_of=at(0))
    assert (fresh.earliest, fresh.latest) == (at(24), at(48))


def test_next_step_window_beyond_the_data_says_so():
    curves = fit_curves(five_steps(), cutoff=at(100))
    window = next_step_window([judged("X", 0, INAD)], curves, as_of=at(70))
    assert window.earliest is None and window.median is None and window.latest is None
    assert next_step_window([], curves, as_of=at(70)) is None


def test_summary_shape_and_method_text():
    summary = timescales_summary(five_steps(), cutoff=at(100))
    assert set(summary) >= {
        "inadequate_to_ri_or_better",
        "ri_to_good_or_better",
        "good_to_worse",
        "indicative",
    }
    assert summary["inadequate_to_ri_or_better"] == {
        "n": 5,
        "events": 5,
        "median_months": 36.0,
        "q25_months": 24.0,
        "q75_months": 48.0,
    }
    assert summary["good_to_worse"]["n"] == 0
    assert "Isos" in summary["indicative"]["source"]
    assert "focused visits" in METHOD.lower() and "upper bounds" in METHOD


def test_real_histories_give_three_curves(shared_data):
    ended = {a.old_la_code: a.ended_on for a in load_register().authorities if a.ended_on}
    summary = timescales_summary(real_inspections(shared_data), cutoff=date(2026, 6, 30), end_dates=ended)
    print()  # noqa: T201
    for curve_id in ("inadequate_to_ri_or_better", "ri_to_good_or_better", "good_to_worse"):
        print(curve_id, summary[curve_id])  # noqa: T201
        assert summary[curve_id]["n"] > 0 and summary[curve_id]["events"] > 0
    inadequate = summary["inadequate_to_ri_or_better"]
    # Re-inspection of an inadequate LA comes some years later, so the median step takes years.
    assert 18 <= inadequate["q25_months"] <= inadequate["median_months"] <= inadequate["q75_months"] <= 72
    # Slipping back from good is rarer than climbing out of inadequate.
    assert (
        summary["good_to_worse"]["events"] / summary["good_to_worse"]["n"]
        < inadequate["events"] / inadequate["n"]
    )
