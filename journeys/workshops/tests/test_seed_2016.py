"""The lga-2016 seed series reproduces the workshop summary's table (d) exactly."""

import re
from pathlib import Path

import pytest

from journeys.authorities.register import load_register
from journeys.common.datafiles import DataFileError
from journeys.priorities.themes import load_themes
from journeys.workshops.seed_2016 import SERIES_YAML, SeedFileError, load_series


@pytest.fixture(scope="module")
def seed_rows(shared_data: Path) -> dict[str, list[str]]:
    """Table (d) of the seed text: row label -> its five cells, HTML tags and stray spaces removed."""
    text = (shared_data.parent / "seed" / "lga-isos-regional-workshops-2016.txt").read_text(encoding="utf-8")
    rows = {}
    for label in ("Theme", "Local areas", "Examples of priorities", "Examples of learning"):
        line = next(line for line in text.splitlines() if line.startswith(label + "\t"))
        cells = [
            re.sub(r"\s+([,.;])", r"\1", " ".join(re.sub(r"<[^>]+>", "", c).split()))
            for c in line.split("\t")[1:]
        ]
        assert len(cells) == 5
        rows[label] = cells
    return rows


def test_series_identity_and_four_workshops_without_invented_dates():
    series = load_series()
    assert series.id == "lga-2016"
    assert [(w.id, w.place) for w in series.workshops] == [
        ("birmingham", "Birmingham"),
        ("london", "London"),
        ("manchester", "Manchester"),
        ("taunton", "Taunton"),
    ]
    assert all(w.exact_date is None and "2016" in w.when for w in series.workshops)
    assert "no exact dates" in series.date_note


def test_theme_titles_match_the_seed_and_the_journeys_themes(seed_rows):
    series = load_series()
    assert [f"{t.number}. {t.printed_title}" for t in series.themes] == seed_rows["Theme"]
    assert [t.title for t in series.themes] == [t.title for t in load_themes()]


def test_local_areas_are_exactly_the_seed_lists_per_theme(seed_rows):
    # The seed prints each list as one space-separated cell; joining ours must give it back exactly.
    series = load_series()
    assert [" ".join(a.printed_name for a in t.local_areas) for t in series.themes] == seed_rows[
        "Local areas"
    ]
    assert [len(t.local_areas) for t in series.themes] == [11, 7, 15, 5, 3]


def test_example_priorities_and_learning_are_the_seed_text(seed_rows):
    series = load_series()
    assert [t.example_priority for t in series.themes] == seed_rows["Examples of priorities"]
    assert [t.example_learning for t in series.themes] == seed_rows["Examples of learning"]


def test_every_area_resolves_and_halton_is_under_themes_1_and_3():
    series = load_series()
    register = load_register()
    halton = register.lookup("Halton")
    assert series.themes_of(halton.old_la_code) == (1, 3)
    assert len(series.areas()) == 40  # 41 entries, Halton twice: the summary's "additional 40 local areas"
    names = {area.printed_name: area.authority for theme in series.themes for area in theme.local_areas}
    assert names["NE Lincolnshire"].name == "North East Lincolnshire"
    assert names["Bristol"].name == "Bristol, City of"


@pytest.mark.parametrize(
    ("printed", "successor_names"),
    [
        ("Cumbria", {"Cumberland", "Westmorland and Furness"}),
        ("Poole", {"Bournemouth, Christchurch and Poole"}),
    ],
)
def test_former_las_resolve_to_their_former_record_linked_to_successors(printed, successor_names):
    area = next(a for a in load_series().areas() if a.printed_name == printed)
    assert area.is_former and area.authority.name == printed
    assert {s.name for s in area.successors} == successor_names
    assert all(s.is_current for s in area.successors)


def test_support_lessons_cover_the_summarys_points():
    lessons = {lesson.id: lesson.lesson for lesson in load_series().support_lessons}
    assert len(lessons) == 7
    assert "mirror up" in lessons["proactive-not-crisis"]
    assert "grip" in lessons["choose-by-grip-capacity-priorities"]


def test_unknown_local_area_is_reported_with_its_place(tmp_path):
    broken = SERIES_YAML.read_text(encoding="utf-8").replace("Islington]", "Atlantis]")
    path = tmp_path / "lga-2016.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(SeedFileError) as failure:
        load_series(path)
    assert failure.value.where == "themes[4].local_areas[2]" and "Atlantis" in failure.value.problem


@pytest.mark.parametrize(
    ("change", "where", "problem"),
    [
        (lambda data: data["workshops"][1].pop("place"), "workshops[1].place", "is missing"),
        (
            lambda data: data["themes"][2].update(local_areas="Halton"),
            "themes[2].local_areas",
            "should be a list",
        ),
        (
            lambda data: data["workshops"][0].update(exact_date="2016-11-31"),
            "workshops[0].exact_date",
            "'2016-11-31' is not valid",
        ),
    ],
)
def test_damaged_copy_of_the_seed_file_names_file_and_path(damaged_copy, change, where, problem):
    path = damaged_copy(SERIES_YAML, change)
    with pytest.raises(DataFileError) as failure:
        load_series(path)
    assert str(failure.value).startswith(f"{path}: {where}: {problem}")
