"""The sector at a date: hand-made cases, and January 2016 against the research's figures."""

from datetime import date

import pytest

from journeys.authorities.register import Authority, load_register
from journeys.evidence.records import Grade, Inspection
from journeys.improvement.sector import (
    JUDGEMENT_LABELS,
    existed_on,
    publication_deadline,
    sector_at,
    sector_series,
)
from journeys.improvement.tests import real_inspections


def authority(code: str, ended_on: date | None = None, predecessors: tuple[str, ...] = ()) -> Authority:
    return Authority(
        code,
        f"E0{code}",
        f"LA {code}",
        "South West",
        "E12000009",
        "Unitary authority",
        "",
        "former" if ended_on else "current",
        ended_on=ended_on,
        predecessors=predecessors,
    )


FORMER = authority("801", ended_on=date(2019, 3, 31))
SUCCESSOR = authority("802", predecessors=("801",))
STEADY = authority("803")
REGISTER = [FORMER, SUCCESSOR, STEADY]


def judged(
    code: str,
    published: date,
    grade: Grade | None,
    framework: str = "ilacs_2018",
    kind: str = "standard",
    **subs,
) -> Inspection:
    return Inspection(code, framework, kind, published, published, grade, subs)


def test_existence_follows_the_register():
    assert existed_on(FORMER, date(2019, 3, 31), REGISTER) and not existed_on(
        FORMER, date(2019, 4, 1), REGISTER
    )
    assert not existed_on(SUCCESSOR, date(2019, 3, 31), REGISTER) and existed_on(
        SUCCESSOR, date(2019, 4, 1), REGISTER
    )
    assert existed_on(STEADY, date(2010, 1, 1), REGISTER)


def test_former_las_count_while_they_existed_and_latest_judgement_wins():
    inspections = [
        judged("801", date(2016, 5, 1), Grade.INADEQUATE, framework="sif", kind="first"),
        judged("803", date(2016, 6, 1), Grade.INADEQUATE, framework="sif", kind="first"),
        judged("803", date(2018, 6, 1), Grade.GOOD),
        judged("803", date(2018, 9, 1), None, kind="monitoring visit"),
        judged("802", date(2020, 1, 10), Grade.REQUIRES_IMPROVEMENT),
    ]
    in_2018 = sector_at(inspections, REGISTER, date(2018, 12, 31))
    assert in_2018["authorities"] == 2 and in_2018["inspected"] == 2
    assert in_2018["by_judgement"]["Inadequate"] == 1 and in_2018["by_judgement"]["Good"] == 1
    assert in_2018["by_framework"] == {
        "sif": {**dict.fromkeys(JUDGEMENT_LABELS, 0), "Inadequate": 1},
        "ilacs_2018": {**dict.fromkeys(JUDGEMENT_LABELS, 0), "Good": 1},
    }
    in_2020 = sector_at(inspections, REGISTER, date(2020, 3, 31))
    assert in_2020["authorities"] == 2  # the former LA has gone, its successor has come
    assert in_2020["by_judgement"]["Requires improvement to be good"] == 1
    sif_only = sector_at(inspections, REGISTER, date(2018, 12, 31), frameworks=["sif"])
    assert sif_only["by_judgement"]["Inadequate"] == 2


def test_sub_judgements_only_count_as_no_overall_grade():
    inspections = [judged("803", date(2026, 6, 1), None, framework="ilacs_2026", leaders=Grade.GOOD)]
    assert sector_at(inspections, REGISTER, date(2026, 7, 1))["by_judgement"]["No overall grade"] == 1


def test_series_is_yearly():
    series = sector_series([judged("803", date(2018, 6, 1), Grade.GOOD)], REGISTER, 2017, 2019)
    assert [s["as_of"] for s in series] == [date(2017, 3, 31), date(2018, 3, 31), date(2019, 3, 31)]
    assert [s["inspected"] for s in series] == [0, 0, 1]


def test_january_2016_matches_the_research(shared_data):
    """The research: in January 2016, 78 LAs had been inspected under the SIF - 20 inadequate,
    41 requires improvement, 17 good. Tolerance: 3 LAs on the total and 2 on each judgement,
    since the research does not say which day of January it counted to."""
    register = load_register()
    result = sector_at(
        real_inspections(shared_data), register.authorities, date(2016, 1, 31), frameworks=["sif"]
    )
    counts = result["by_judgement"]
    print(f"\nSIF at 31 January 2016: {result['inspected']} inspected, {counts}")  # noqa: T201
    assert result["inspected"] == pytest.approx(78, abs=3)
    assert counts["Inadequate"] == pytest.approx(20, abs=2)
    assert counts["Requires improvement to be good"] == pytest.approx(41, abs=2)
    assert counts["Good"] == pytest.approx(17, abs=2)
    assert counts["Outstanding"] == 0
    assert result["authorities"] == 152  # before the 2019 reorganisations


def test_every_la_has_a_judgement_by_2026_and_former_las_drop_out(shared_data):
    register = load_register()
    inspections = real_inspections(shared_data)
    now = sector_at(inspections, register.authorities, date(2026, 7, 1))
    assert now["authorities"] == 153 and now["inspected"] == 153
    assert now["by_judgement"]["No overall grade"] >= 2  # Brent and Somerset, 2026
    in_2020 = sector_at(inspections, register.authorities, date(2020, 3, 31))
    assert in_2020["authorities"] == 151  # Bournemouth, Poole and Dorset became BCP and Dorset


def test_ofsted_counts_what_was_inspected_by_the_date_and_published_by_30_june():
    march_visit_may_report = Inspection(
        "803", "ilacs_2018", "standard", date(2025, 3, 10), date(2025, 5, 20), Grade.GOOD
    )
    earlier = judged("803", date(2022, 1, 10), Grade.INADEQUATE)
    late_report = Inspection("801", "ilacs_2018", "standard", date(2025, 3, 24), date(2025, 7, 2), Grade.GOOD)
    inspections = [earlier, march_visit_may_report, late_report]
    register = [authority("801"), STEADY]
    as_of = date(2025, 3, 31)
    by_publication = sector_at(inspections, register, as_of)
    assert by_publication["convention"] == "published"
    assert by_publication["by_judgement"]["Inadequate"] == 1 and by_publication["inspected"] == 1
    as_ofsted = sector_at(inspections, register, as_of, convention="ofsted")
    assert as_ofsted["convention_description"].startswith("as Ofsted counts")
    # The March inspection counts; the one published after 30 June does not.
    assert as_ofsted["by_judgement"]["Good"] == 1 and as_ofsted["inspected"] == 1
    assert publication_deadline(date(2025, 7, 1)) == date(2026, 6, 30)
    with pytest.raises(ValueError, match="unknown convention"):
        sector_at(inspections, register, as_of, convention="guess")


def test_31_march_2025_as_ofsted_counts_matches_its_official_statistics(shared_data):
    """Ofsted's official statistics as at 31 March 2025: 36 Outstanding, 67 Good, 31 Requires
    improvement, 19 Inadequate. By publication date alone Journeys counts 33 / 67 / 34 / 19."""
    register = load_register().authorities
    inspections = real_inspections(shared_data)
    as_ofsted = sector_at(inspections, register, date(2025, 3, 31), convention="ofsted")["by_judgement"]
    assert [as_ofsted[label] for label in JUDGEMENT_LABELS] == [36, 67, 31, 19, 0]
    by_publication = sector_at(inspections, register, date(2025, 3, 31))["by_judgement"]
    assert [by_publication[label] for label in JUDGEMENT_LABELS] == [33, 67, 34, 19, 0]
