"""The shared YAML data-file loader: safe reading, schema checks, and errors that say where."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from journeys.common.datafiles import (
    MAX_REPORTED_PROBLEMS,
    DataFileError,
    Problem,
    check_data,
    load_yaml,
    location,
)

SCHEMA = {
    "type": "object",
    "required": ["version", "themes"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "published": {"type": "string", "format": "date"},
        "themes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["title", "examples"],
                "properties": {
                    "title": {"type": "string", "minLength": 3},
                    "examples": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}

GOOD = """\
version: 1
published: 2016-11-30
themes:
  - title: Workforce
    examples: [Grow our own]
  - title: Practice
    examples: []
"""


class ThingsFileError(DataFileError):
    """A module's own kind of data-file error."""


def write(tmp_path: Path, text: str, name: str = "themes.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(path: Path, schema=SCHEMA) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        load_yaml(path, schema)
    return caught.value


def test_a_good_file_loads_with_dates_as_iso_text(tmp_path: Path) -> None:
    data = load_yaml(write(tmp_path, GOOD), SCHEMA)
    assert data["published"] == "2016-11-30"
    assert data["themes"][0] == {"title": "Workforce", "examples": ["Grow our own"]}


def test_a_schema_file_works_like_a_dict(tmp_path: Path) -> None:
    schema = write(tmp_path, "type: object\nrequired: [version]\n", "schema.yaml")
    assert load_yaml(write(tmp_path, GOOD), schema)["version"] == 1
    failure = error_for(write(tmp_path, "themes: []\n"), schema)
    assert str(failure) == f"{tmp_path / 'themes.yaml'}: version: is missing"


@pytest.mark.parametrize(
    ("old", "new", "where", "problem"),
    [
        ("    examples: []\n", "    examples: none\n", "themes[1].examples", "should be a list, not text"),
        ("  - title: Practice\n    examples", "  - examples", "themes[1].title", "is missing"),
        ("version: 1\n", "version: 2\n", "version", "2 should be 1"),
        ("version: 1\n", "version: 1\ncolour: blue\n", "colour", "is not an allowed key here"),
        ("title: Practice", "title: Pr", "themes[1].title", "'Pr' is too short"),
        ("title: Practice", "title: ' '", "themes[1].title", "is blank"),
        ("2016-11-30", "'2016-02-30'", "published", "'2016-02-30' is not a 'date'"),
    ],
)
def test_a_broken_file_names_the_file_the_path_and_the_problem(
    tmp_path: Path, old: str, new: str, where: str, problem: str
) -> None:
    assert GOOD.count(old) == 1
    path = write(tmp_path, GOOD.replace(old, new))
    failure = error_for(path)
    assert (failure.file, failure.where) == (path, where)
    assert problem in failure.problem
    assert str(failure).startswith(f"{path}: {where}: ")


def test_every_problem_is_reported_in_path_order(tmp_path: Path) -> None:
    text = "version: 1\nthemes:\n" + "".join(f"  - title: {n}\n" for n in range(12))
    failure = error_for(write(tmp_path, text))
    assert [p.where for p in failure.problems[:3]] == [
        "themes[0].examples",
        "themes[0].title",
        "themes[1].examples",
    ]
    assert failure.problems[-1].where == "themes[11].title"


def test_many_problems_are_capped() -> None:
    failure = DataFileError("x.yaml", *(Problem(f"a[{n}]", "is wrong") for n in range(25)))
    lines = str(failure).splitlines()
    assert len(lines) == MAX_REPORTED_PROBLEMS + 1
    assert lines[-1] == "x.yaml: and 5 more problems"


def test_yaml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    failure = error_for(write(tmp_path, "version: 1\nthemes: [\n"))
    assert failure.where.startswith("line ") and ", column " in failure.where
    assert failure.problem.startswith("YAML syntax error")


def test_duplicate_key_is_an_error_not_a_silent_overwrite(tmp_path: Path) -> None:
    failure = error_for(write(tmp_path, "version: 1\nversion: 1\nthemes: []\n"))
    assert failure.where == "line 2, column 1"
    assert failure.problem == "YAML error: found duplicate key 'version'"


def test_unreadable_files(tmp_path: Path) -> None:
    missing = error_for(tmp_path / "missing.yaml")
    assert missing.where == "" and "cannot read the file" in missing.problem
    assert str(missing).startswith(f"{tmp_path / 'missing.yaml'}: cannot read the file")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("title: Caf\xe9\n".encode("latin-1"))
    assert "is not UTF-8 text" in error_for(latin1).problem


def test_an_empty_file_is_not_a_mapping(tmp_path: Path) -> None:
    assert str(error_for(write(tmp_path, ""))).endswith(
        "(top level): should be a set of keys and values, not empty (null)"
    )


def test_a_module_can_raise_its_own_kind_of_error(tmp_path: Path) -> None:
    with pytest.raises(ThingsFileError):
        load_yaml(write(tmp_path, "version: 1\n"), SCHEMA, error=ThingsFileError)


def test_check_data_names_its_source_and_shapes_yaml_extras() -> None:
    data = check_data({"version": 1, "published": date(2016, 11, 30), "themes": []}, SCHEMA, source="stored")
    assert data["published"] == "2016-11-30"
    with pytest.raises(DataFileError, match=r"^stored: themes: is missing$"):
        check_data({"version": 1}, SCHEMA, source="stored")


def test_location_writes_keys_with_dots_and_positions_in_brackets() -> None:
    assert location(("themes", 3, "examples")) == "themes[3].examples"
    assert location(()) == "(top level)"
