"""The formats read since the catalogue grew to DfE's dashboard: revenue outturn workbooks,
Fingertips exports, the 2024 Ofsted workbook, national-only and academic-year EES files.

Known answers were read from the source files by hand: Manchester's RO3 2024-25 row (£217,638
thousand on children's social care, £127,132 thousand on children looked after), Birmingham's
"[x]" (no return in time) in both RO3 years, Birmingham's Fingertips 2023/24 persons rate
86.12492 and England's 10 months (``00:10``) from placement decision to match in 2025.
"""

from datetime import date

import pytest

from journeys.authorities.register import load_register
from journeys.evidence import presentation
from journeys.evidence.benchmarks import NeighbourModels, compute_benchmarks
from journeys.evidence.catalogue import load_catalogue
from journeys.evidence.formats import detect, parse

RO3_2025 = "RO3_LA_Data_2024-25_data_by_LA.ods"
RO3_2024 = "RO3_2023-24_data_by_LA.ods"
RSX_2025 = "RSX_LA_Data_2024-25_data_by_LA.ods"
FINGERTIPS = "la_hospital_admissions_2324.csv"
ADOPTION = "national_cla_adopted_average_time_between_adoption_process_stages.csv"
OFSTED_2024 = "LA_Inspection_Outcomes_as_at_March_2024.ods"


@pytest.fixture(scope="module")
def register():
    return load_register()


def figures(parsed, indicator):
    return {(o.area, o.year): o for o in parsed.observations if o.indicator == indicator}


def test_ro3_2024_25_gives_manchester_its_published_spend(official_file, register):
    parsed = parse(official_file(RO3_2025), register)
    assert parsed.format == "mhclg-revenue-outturn"
    spend = figures(parsed, "spend_childrens_social_care")
    assert (spend[("352", 2025)].value, spend[("352", 2025)].period_kind) == (217638.0, "financial_year")
    assert figures(parsed, "spend_children_looked_after")[("352", 2025)].value == 127132.0
    assert spend[("England", 2025)].value == pytest.approx(16878876.03, abs=0.01)
    assert spend[("352", 2025)].published == date(2025, 12, 4)


def test_birmingham_sent_no_ro3_return_in_either_year(official_file, register):
    for name, year in ((RO3_2025, 2025), (RO3_2024, 2024)):
        birmingham = figures(parse(official_file(name), register), "spend_childrens_social_care")[
            ("330", year)
        ]
        assert (birmingham.value, birmingham.symbol) == (None, "x")


def test_ro3_skips_authorities_without_childrens_services_and_says_so(official_file, register):
    parsed = parse(official_file(RO3_2024), register)
    # 153 LAs and England; district councils and the rest are counted by class, never loaded.
    assert parsed.rows_loaded == 154
    reasons = {reason for _, reason in parsed.skipped}
    assert reasons == {
        "not a children's services authority: shire district",
        "not a children's services authority: other authority (fire, police, waste, combined)",
    }


def test_rsx_and_ro3_make_the_dashboards_spending_split(official_file, register):
    population = parse(
        official_file("ons_mid-year_population_estimates_2012_to_2024.csv"), register
    ).observations
    observations = [
        *parse(official_file(RO3_2025), register).observations,
        *parse(official_file(RSX_2025), register).observations,
        *population,
    ]
    results = compute_benchmarks(
        observations, NeighbourModels([], in_force=()), {"352": "North West"}, load_catalogue()
    )
    manchester = {b.indicator: b.value for b in results if b.la_code == "352" and b.year == 2025}
    mid_2024 = next(o.value for o in population if (o.area, o.year) == ("352", 2024))
    assert manchester["spend_per_child"] == pytest.approx(217638 * 1000 / mid_2024)
    assert manchester["spend_share_not_looked_after"] == pytest.approx(100 * (217638 - 127132) / 217638)
    assert manchester["spend_share_childrens_social_care"] == pytest.approx(100 * 217638 / 1743846)


def test_fingertips_reads_persons_by_area_and_financial_year(official_file, register):
    parsed = parse(official_file(FINGERTIPS), register)
    assert parsed.format == "ohid-fingertips"
    rates = figures(parsed, "hospital_admissions_injuries")
    assert rates[("330", 2024)].value == 86.12492
    assert presentation.period_name(rates[("330", 2024)].period_kind, 2024) == "2023-24 financial year"
    assert rates[("England", 2011)].value == 115.2166797
    assert ("a deprivation-decile breakdown, not an area") in {reason for _, reason in parsed.skipped}


def test_a_national_only_ees_file_loads_england(official_file, register):
    parsed = parse(official_file(ADOPTION), register)
    months = figures(parsed, "adoption_decision_to_match_months")
    assert {area for area, _ in months} == {"England"}
    assert months[("England", 2025)].value == 10  # "00:10": no years, 10 months


def test_academic_years_are_stored_as_the_year_they_end_and_keep_their_kind(official_file, register):
    parsed = parse(official_file("absence_la.csv"), register)
    absence = figures(parsed, "absence_overall_cla")
    assert {year for _, year in absence} == {2019, 2020, 2021, 2022, 2023, 2024, 2025}
    assert {o.period_kind for o in absence.values()} == {"academic_year"}
    assert presentation.period_short("academic_year", 2025) == "2024/25"


def test_the_2024_ofsted_workbook_gives_the_in_year_visits(official_file, register):
    assert detect(official_file(OFSTED_2024)).id == "ofsted-outcomes-workbook"
    parsed = parse(official_file(OFSTED_2024), register)
    visits = [i for i in parsed.inspections if i.kind in ("focused visit", "monitoring visit")]
    peterborough = [v for v in visits if v.la_code == "874" and v.start_date == date(2023, 3, 1)]
    assert [(v.kind, v.theme) for v in peterborough] == [("focused visit", "Front door")]
    assert any("ILACS_inspections_2018-2024 not read" in note for note in parsed.notes)


def test_every_official_file_is_found_by_name_in_either_folder(official_file):
    assert official_file(RO3_2025).parent.name == "mhclg-revenue-outturn"
    assert official_file("dfe-csc-ees/csww_indicators_2017_to_2025.csv").is_file()
    with pytest.raises(FileNotFoundError):
        official_file("no_such_release.csv")
