"""The indicator catalogue: content, release dates, year matching and broken files."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from journeys.common.datafiles import DataFileError
from journeys.evidence.catalogue import CATALOGUE_YAML, CatalogueError, load_catalogue
from journeys.evidence.records import SUB_JUDGEMENTS


def test_required_indicators_are_defined() -> None:
    catalogue = load_catalogue()
    required = {
        "turnover_rate",
        "agency_rate",
        "vacancy_rate",
        "caseload",
        "rereferral_rate",
        "repeat_cp_plan_rate",
        "cin_rate_per_10k",
        "cla_rate_per_10k",
        "placement_instability",
    }
    assert required <= set(catalogue.indicators)
    assert catalogue["agency_rate"].column == "agency_rate_fte"
    assert catalogue["agency_rate"].polarity == "higher_is_worse"
    assert catalogue["cin_rate_per_10k"].kind == "derived"
    assert catalogue["placement_instability"].filters == {
        "cla_group": "CLA on 31 March",
        "placement_stability": "With 3 or more placements during the year",
    }
    for indicator in catalogue.of_kind("statistic", "derived", "judgement"):
        assert indicator.isos_enabler in catalogue.isos_enablers
        assert indicator.national_framework in catalogue.national_framework


def test_judgements_cover_every_ofsted_sub_judgement() -> None:
    judgements = {i.judgement for i in load_catalogue().of_kind("judgement")}
    assert judgements == {"overall", *SUB_JUDGEMENTS}


# The file each EES dataset of the catalogue is read from.
DATASET_FILES = {
    "cla_rates": "cla_number_and_rate_per_10k_children.csv",
    "placement_stability": "la_cla_placement_stability.csv",
    "ons_population": "ons_mid-year_population_estimates_2012_to_2024.csv",
    "assessment_factors": "c3_factors_identified_at_end_of_assessment_2018_to_2025.csv",
    "outcomes_absence": "absence_la.csv",
    "outcomes_ks2": "ks2_la.csv",
    "outcomes_ks4": "ks4_la.csv",
    "care_leavers": "la_care_leavers_activity.csv",
    "school_moves": "la_cla_school_moves.csv",
    "social_worker_changes": "la_cla_swcount.csv",
    "adoption_timings": "national_cla_adopted_average_time_between_adoption_process_stages.csv",
    "hospital_admissions": "la_hospital_admissions_2324.csv",
}
ALSO_READ = {  # datasets two files share
    "care_leavers": "la_care_leavers_accommodation_suitability.csv",
    "cla_characteristics": "la_conviction_health_outcome_cla.csv",
}


def test_filters_use_values_that_occur_in_the_real_files(official_file) -> None:
    catalogue = load_catalogue()
    files = {**DATASET_FILES, "cla_characteristics": "la_cla_during_year_new_placements.csv"}
    for dataset, name in files.items():
        rows = []
        for file in (name, ALSO_READ.get(dataset)):
            if file:
                with official_file(file).open(newline="", encoding="utf-8-sig") as handle:
                    rows += list(csv.DictReader(handle))
        for indicator in catalogue.for_dataset(dataset):
            assert indicator.column in rows[0], indicator.id
            assert any(all(r[c] == v for c, v in indicator.filters.items()) for r in rows), indicator.id


def test_the_dashboard_metrics_are_dfes_own_and_at_least_60_are_held(official_file) -> None:
    with official_file("summary_page_metadata.csv").open(newline="", encoding="utf-8-sig") as handle:
        published = {
            int(r["sort_order"]): " ".join(r["metric_display_text"].split()) for r in csv.DictReader(handle)
        }
    metrics = load_catalogue().dashboard_metrics
    assert {m.number: m.title for m in metrics} == published
    held = [m for m in metrics if m.held_by]
    assert len(held) >= 60
    assert all(m.missing for m in metrics if not m.held_by)
    assert {m.number for m in metrics if not m.held_by} == {5, 6, 43, 44, 48, 49, 50, 68}


def test_every_shown_indicator_keeps_its_polarity_and_period_kind() -> None:
    catalogue = load_catalogue()
    shown = catalogue.of_kind("statistic", "derived", "judgement")
    assert len(shown) >= 60
    assert catalogue["care_leavers_eet_17_18"].polarity == "higher_is_better"
    assert catalogue["spend_per_child"].polarity == "neither"
    assert catalogue["absence_overall_cla"].period_kind == "academic_year"
    assert (
        catalogue["spend_per_child"].period_kind == "financial_year"
    )  # its numerator's, not the population's
    assert catalogue["agency_rate"].period_kind == "census_date"
    assert all(i.period_kind for i in shown if i.kind != "judgement")


@pytest.mark.parametrize(
    ("indicator", "year", "published"),
    [
        ("agency_rate", 2024, date(2025, 2, 28)),
        ("rereferral_rate", 2024, date(2024, 10, 31)),
        ("cla_rate_per_10k", 2024, date(2024, 11, 15)),
        ("population_0_17", 2023, date(2024, 6, 30)),
        ("cin_rate_per_10k", 2024, date(2024, 10, 31)),  # the later of CIN 2024 and ONS mid-2023
    ],
)
def test_release_rules(indicator: str, year: int, published: date) -> None:
    assert load_catalogue().published(indicator, year) == published


def test_cin_rate_year_matching_follows_dfe(shared_data: Path) -> None:
    """DfE's 2025 looked-after rates use the ONS mid-2024 estimate: year Y uses mid-year Y-1."""
    assert load_catalogue()["cin_rate_per_10k"].derivation.denominator_year_offset == -1

    def national(name: str, year: str) -> str:
        with (shared_data / "dfe-csc-ees" / name).open(newline="", encoding="utf-8-sig") as handle:
            return next(
                r["population_estimate"]
                for r in csv.DictReader(handle)
                if r["geographic_level"] == "National" and r["time_period"] == year
            )

    assert national("cla_number_and_rate_per_10k_children.csv", "2025") == national(
        "ons_mid-year_population_estimates_2012_to_2024.csv", "2024"
    )


@pytest.mark.parametrize(
    ("change", "location", "words"),
    [
        (lambda d: d["indicators"][1].update(polarity="lower"), "indicators[1].polarity", "is not one of"),
        (lambda d: d["indicators"][0].pop("column"), "indicators[0].column", "is missing"),
        (
            lambda d: d["datasets"]["csww"].update(required_columns="time_period"),
            "datasets.csww.required_columns",
            "should be a list, not text",
        ),
        (
            lambda d: d["units"].update(Furlongs={"title": "furlongs", "change": ""}),
            "units",
            "'Furlongs' is not",
        ),
        (lambda d: d["indicators"][2].update(unit="furlongs"), "indicators[2].unit", "unknown unit"),
        (lambda d: d["indicators"][3].update(id="agency_rate"), "indicators[3].id", "duplicate indicator id"),
        (lambda d: d["indicators"][0].update(isos_enabler="luck"), "indicators[0].isos_enabler", "unknown"),
        (
            lambda d: d["datasets"]["csww"].update(release="someday"),
            "datasets.csww.release",
            "unknown release rule",
        ),
        (
            lambda d: d["release_rules"]["ons_mid_year"].update(month=2, day=30),
            "release_rules.ons_mid_year",
            "not a date",
        ),
    ],
)
def test_a_broken_catalogue_names_file_path_and_problem(
    damaged_copy, change, location: str, words: str
) -> None:
    path = damaged_copy(CATALOGUE_YAML, change)
    with pytest.raises(DataFileError) as caught:
        load_catalogue(path)
    assert isinstance(caught.value, CatalogueError)
    assert caught.value.where == location
    assert words in caught.value.problem
    assert str(caught.value).startswith(f"{path.resolve()}: {location}: ")


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.yaml"
    path.write_text("version: 1\nindicators: [\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    assert caught.value.where.startswith("line ")
    assert "YAML syntax error" in caught.value.problem


def test_every_shown_figure_names_its_source_publication() -> None:
    catalogue = load_catalogue()
    for indicator in catalogue.indicators.values():
        if indicator.is_shown and indicator.kind != "judgement":
            source = indicator.source(catalogue.indicators)
            assert source is not None and source.source_url.startswith("https://"), indicator.id
    rate = catalogue.indicators["cin_rate_per_10k"]  # derived: its numerator's publication
    assert rate.source(catalogue.indicators) == catalogue.datasets["children_in_need"]
    assert catalogue.indicators["agency_rate"].source(catalogue.indicators).source_url == (
        "https://explore-education-statistics.service.gov.uk/find-statistics/children-s-social-work-workforce"
    )
