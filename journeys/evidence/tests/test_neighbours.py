"""Statistical neighbour models and the LA lookups checked against the register."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from journeys.evidence.benchmarks import NeighbourModels
from journeys.evidence.formats import ImportProblem, NeighbourLink, parse


@pytest.fixture(scope="module")
def model_2025(shared_data: Path):
    return parse(shared_data / "dfe-statistical-neighbours" / "sn_model_2025_wide.csv")


@pytest.fixture(scope="module")
def model_2021(shared_data: Path):
    return parse(
        shared_data / "dfe-statistical-neighbours" / "New_Statistical_Neighbour_Groupings_April_2021.csv"
    )


def test_2025_model_has_ten_ranked_neighbours_for_each_current_la(model_2025) -> None:
    assert model_2025.format == "dfe-2025"
    assert model_2025.rows_loaded == 153
    assert len(model_2025.neighbours) == 1530
    barking = [link for link in model_2025.neighbours if link.la_code == "301"]
    assert barking[0] == NeighbourLink("dfe-2025", "301", 1, "308", "Close")  # "Close " in the file
    assert [link.rank for link in barking] == list(range(1, 11))
    assert {link.band for link in model_2025.neighbours} == {
        "Extremely close",
        "Very close",
        "Close",
        "Somewhat close",
        "Not close",
    }


def test_2025_model_matches_the_d2i_lookup(shared_data: Path, model_2025) -> None:
    with (shared_data / "d2i-la-lookup" / "Provider_data_lookup.csv").open(encoding="utf-8-sig") as handle:
        d2i = {
            r["la_code"]: [c.strip() for c in r["stat_neighbours"].split(",")] for r in csv.DictReader(handle)
        }
    birmingham = [link.neighbour_code for link in model_2025.neighbours if link.la_code == "330"]
    assert birmingham == d2i["330"]


def test_2021_groupings_include_legacy_las_after_the_marker(model_2021) -> None:
    assert model_2021.format == "dfe-2021"
    listed = {link.la_code for link in model_2021.neighbours}
    assert {"835", "836", "837", "928", "909"} <= listed
    northamptonshire = [link.neighbour_code for link in model_2021.neighbours if link.la_code == "928"]
    assert northamptonshire == ["886", "891", "866", "860", "830", "881", "937", "885", "888", "887"]
    assert any(reason.startswith("marker row") for _, reason in model_2021.skipped)
    assert any("Northamptonshire (928)" in note for note in model_2021.notes)
    # Bands are spelt as in the 2025 model so they compare.
    assert {link.band for link in model_2021.neighbours} <= {
        "Extremely close",
        "Very close",
        "Close",
        "Somewhat close",
        "Not close",
    }


def test_unknown_neighbour_code_is_a_problem(tmp_path: Path) -> None:
    header = "old_la_code,la_name," + ",".join(f"SN_{n},SN_{n}P" for n in range(1, 11))
    row = "330,Birmingham," + ",".join(f"{code},Close" for code in ["331", "999", *["332"] * 8])
    path = tmp_path / "peers.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(ImportProblem) as caught:
        parse(path)
    assert (caught.value.row, caught.value.column) == (1, "SN_2")


def test_model_in_force_by_year_with_fallback(model_2025, model_2021) -> None:
    models = NeighbourModels([*model_2025.neighbours, *model_2021.neighbours])
    assert models.for_la("330", 2025)[0] == "dfe-2025"
    assert models.for_la("330", 2024)[0] == "dfe-2021"
    assert models.for_la("330", 2018)[0] == "dfe-2021"  # no earlier model loaded
    assert models.for_la("942", 2023)[0] == "dfe-2025"  # Cumberland has no 2021 grouping
    assert models.for_la("928", 2025)[0] == "dfe-2021"  # Northamptonshire only in 2021
    assert models.for_la("999", 2025) is None


def test_la_lookup_agrees_with_the_register(shared_data: Path) -> None:
    parsed = parse(shared_data / "la-lookup" / "england_csc_local_authorities_2025.csv")
    assert parsed.format == "la-lookup"
    assert parsed.rows_loaded == 153
    assert parsed.notes == ["All 153 LAs agree with the register."]


def test_la_lookup_mismatch_is_reported_with_row_and_column(shared_data: Path, tmp_path: Path) -> None:
    text = (shared_data / "la-lookup" / "england_csc_local_authorities_2025.csv").read_text(encoding="utf-8")
    path = tmp_path / "lookup.csv"
    path.write_text(text.replace(",Camden,", ",Camdon,"), encoding="utf-8")
    with pytest.raises(ImportProblem) as caught:
        parse(path)
    assert (caught.value.row, caught.value.column) == (2, "la_name")
    assert "'Camden'" in caught.value.reason


def test_d2i_lookup_is_checked_but_its_previous_neighbours_are_not_loaded(shared_data: Path) -> None:
    parsed = parse(shared_data / "d2i-la-lookup" / "Provider_data_lookup.csv")
    assert parsed.format == "d2i-la-lookup"
    assert parsed.rows_loaded == 156
    assert parsed.neighbours == []
    assert "ranks are not reliable" in parsed.notes[0]


def test_d2i_lookup_urn_mismatch(shared_data: Path, tmp_path: Path) -> None:
    text = (shared_data / "d2i-la-lookup" / "Provider_data_lookup.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "lookup.csv"
    path.write_text(text.replace("80486,301,", "80999,301,"), encoding="utf-8")
    with pytest.raises(ImportProblem) as caught:
        parse(path)
    assert (caught.value.row, caught.value.column) == (1, "urn")


def test_dashboard_metadata_rows_pass_through(shared_data: Path) -> None:
    parsed = parse(shared_data / "dfe-csc-ees" / "summary_page_metadata.csv")
    assert parsed.format == "dfe-dashboard-metadata"
    assert len(parsed.records) == 68
    agency = next(r for r in parsed.records if r["value_column"] == "agency_rate_fte")
    assert agency["metric_display_text"] == "Agency worker rate (FTE)"
    assert parsed.observations == []
