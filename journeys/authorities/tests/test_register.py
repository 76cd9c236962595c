"""The register, checked against DfE's own list of the 153 LAs (no database)."""

import csv

import pytest

from journeys.authorities.register import REGIONS, load_register


@pytest.fixture(scope="module")
def official(shared_data):
    with (shared_data / "la-lookup" / "england_csc_local_authorities_2025.csv").open(
        encoding="utf-8-sig"
    ) as f:
        return {row["old_la_code"]: row for row in csv.DictReader(f)}


def test_register_holds_the_153_current_las_with_dfe_codes_names_and_regions(official):
    register = load_register()
    assert len(register.current) == 153
    for authority in register.current:
        row = official[authority.old_la_code]
        assert (authority.new_la_code, authority.name, authority.region, authority.region_code) == (
            row["new_la_code"],
            row["la_name"],
            row["region_name"],
            row["region_code"],
        )
    assert {a.old_la_code for a in register.current} == set(official)


def test_every_region_is_a_dfe_childrens_social_care_region():
    regions = {a.region for a in load_register().authorities}
    assert regions == set(REGIONS)
    assert {"Inner London", "Outer London"} <= regions and "London" not in regions


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("330", "330"),
        ("E08000025", "330"),
        ("e08000025", "330"),
        ("birmingham", "330"),
        ("Durham", "840"),
        ("County Durham", "840"),
        ("Bristol", "801"),
        ("bristol, city of", "801"),
        ("BCP", "839"),
        ("St Helens", "342"),
        ("Kingston Upon Hull", "810"),
        ("NE Lincolnshire", "812"),
        ("E10000023", "815"),  # North Yorkshire's code before it became a unitary authority in 2023
        ("E10000027", "933"),  # Somerset likewise
        ("Cumbria", "909"),
        ("Poole", "836"),
    ],
)
def test_one_lookup_accepts_any_code_form_or_a_name(query, code):
    assert load_register().lookup(query).old_la_code == code


@pytest.mark.parametrize("query", ["999", "", "Atlantis", "E99999999"])
def test_lookup_of_an_unknown_la_finds_nothing(query):
    assert load_register().lookup(query) is None


@pytest.mark.parametrize(
    ("former", "successors", "ended"),
    [
        ("909", {"942", "943"}, "2023-03-31"),
        ("928", {"940", "941"}, "2021-03-31"),
        ("837", {"839"}, "2019-03-31"),
        ("836", {"839"}, "2019-03-31"),
        ("835", {"838", "839"}, "2019-03-31"),
    ],
)
def test_former_las_know_their_successors_and_successors_their_predecessors(former, successors, ended):
    register = load_register()
    authority = register.get(former)
    assert not authority.is_current
    assert set(authority.successors) == successors
    assert authority.ended_on.isoformat() == ended
    for code in successors:
        assert former in register.get(code).predecessors


def test_former_dorset_is_found_among_former_las_by_its_plain_name():
    assert load_register().lookup("Dorset").old_la_code == "838"
    assert load_register().lookup_former("Dorset").old_la_code == "835"
