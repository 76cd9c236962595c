"""The framework file loads, says what the research says, and a broken copy fails clearly.

Broken copies are the real file loaded as plain data, changed in one place and written to a
temporary folder. Every failure must be a FrameworkError naming the file, the path and the problem.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import FrozenInstanceError, fields
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from journeys.common import datafiles
from journeys.evidence.records import Grade
from journeys.frameworks import content
from journeys.frameworks.content import (
    DEFAULT_FRAMEWORK_FILE,
    FRAMEWORK_DIR,
    SCHEMA_FILE,
    Framework,
    FrameworkError,
    available_frameworks,
    framework_from_dict,
    framework_sha256,
    load_framework,
    to_dict,
)

RAW: dict[str, Any] = yaml.safe_load(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))
SCHEMA: dict[str, Any] = yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))

STAGES = [
    ("before_starting_line", "Getting to the starting line"),
    ("poor_to_fair", "Poor to fair"),
    ("fair_to_good", "Fair to good"),
    ("good_to_great", "Good to great"),
]
ENABLERS = [
    (1, "strategic_approach", "Strategic approach"),
    (2, "leadership_and_governance", "Leadership and governance"),
    (3, "engaging_workforce", "Engaging and supporting the workforce"),
    (4, "engaging_partners", "Engaging partners"),
    (5, "supporting_apparatus", "Building the supporting apparatus"),
    (6, "fostering_innovation", "Fostering innovation"),
    (7, "judicious_resources", "Judicious use of resources"),
]
THEMES = [
    (1, "Workforce development, creating conditions for effective frontline social-work practice"),
    (2, "Practice improvement"),
    (3, "Strengthening key aspects of the children's services system"),
    (4, "Effective scrutiny and role of members, securing efficiencies, or planning for improvement"),
    (5, "Innovations in delivering services"),
]
SYSTEM_SUPPORTS = [
    "Space for dialogue on policy and practice",
    "Monitoring performance leading to early warning of weaknesses",
    "Networks for informal support and peer learning",
    "Inspection",
    "Formal improvement support and intervention",
    "A well-functioning labour market",
    "Sufficient investment",
]


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(DEFAULT_FRAMEWORK_FILE)


def write(directory: Path, data: Any) -> Path:
    path = directory / "isos-2016.yaml"
    path.write_text(
        yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return path


def error_for(path: Path) -> str:
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    message = str(caught.value)
    # Every line names the file first, so a message can be read out of context.
    assert all(line.startswith(f"{path}: ") for line in message.splitlines()), message
    return message


def render(parts: tuple[str | int, ...]) -> str:
    """How a path inside the file is written in messages: keys joined by dots, positions in []."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# --- The real file -------------------------------------------------------------------------------


def test_real_file_loads_with_its_identity(framework: Framework) -> None:
    assert (framework.id, framework.version) == ("isos-2016", 1)
    assert framework.published == date(2026, 11, 26)
    assert framework.title.strip() and framework.description.strip()
    assert sorted(source.year for source in framework.sources) == [2016, 2016, 2017]
    assert any("Enabling improvement" in source.title for source in framework.sources)


def test_stages_in_order(framework: Framework) -> None:
    assert [(stage.id, stage.name) for stage in framework.stages] == STAGES
    for stage in framework.stages:
        assert stage.signs and stage.slipping_back_risks, stage.id


def test_enabler_names_and_order_are_exact(framework: Framework) -> None:
    assert [(e.number, e.id, e.name) for e in framework.enablers] == ENABLERS
    assert all(e.workshops_stressed for e in framework.enablers)


def test_every_stage_and_enabler_has_two_to_four_statements(framework: Framework) -> None:
    expected_cells = [(stage_id, enabler_id) for stage_id, _ in STAGES for _, enabler_id, _ in ENABLERS]
    assert list(framework.characteristics) == expected_cells  # 28 cells, in stage then enabler order
    for stage_id, enabler_id in expected_cells:
        assert 2 <= len(framework.cell(stage_id, enabler_id)) <= 4, (stage_id, enabler_id)


def test_characteristic_ids_are_unique_and_say_where_they_belong(framework: Framework) -> None:
    everything = framework.all_characteristics()
    ids = [characteristic.id for _, _, characteristic in everything]
    assert len(ids) == len(set(ids))
    for stage_id, enabler_id, characteristic in everything:
        prefix = f"{framework.stage(stage_id).code}-{framework.enabler(enabler_id).code}-"
        assert characteristic.id.startswith(prefix)
    assert framework.characteristic("pf-lg-1") in framework.cell("poor_to_fair", "leadership_and_governance")
    assert (
        framework.characteristic("sl-lg-1").text
        == "Leaders have accepted the inspection findings and say so publicly."
    )


def test_statements_are_single_short_sentences(framework: Framework) -> None:
    # GOV.UK style: one sentence, about 25 words at most, so a council can answer yes or no to it.
    for _, _, characteristic in framework.all_characteristics():
        text = characteristic.text
        assert text[0].isupper() and text.endswith("."), characteristic.id
        assert ". " not in text, characteristic.id
        assert len(text.split()) <= 25, characteristic.id


def test_five_themes_with_exact_titles(framework: Framework) -> None:
    assert [(theme.number, theme.title) for theme in framework.themes] == THEMES
    assert all(theme.description.endswith(".") for theme in framework.themes)


def test_indicative_timescales(framework: Framework) -> None:
    by_id = {timescale.id: timescale for timescale in framework.timescales}
    core, whole = by_id["core_systems"], by_id["whole_service"]
    assert (core.months_low, core.months_high, core.applies_to) == (6, 12, ("poor_to_fair",))
    assert (whole.months_low, whole.months_high) == (24, 24)
    assert by_id["deep_or_unrecognised_failings"].months_high is None  # open-ended: "longer"
    stage_ids = {stage_id for stage_id, _ in STAGES}
    assert all(set(t.applies_to) <= stage_ids for t in framework.timescales)
    assert {t.source for t in framework.timescales} == {
        "Isos Partnership, as presented to the LGA board, June 2016",
        "LGA regional workshops, 2016",
    }


def test_system_supports_questions_and_ratings(framework: Framework) -> None:
    assert [support.name for support in framework.system_supports] == SYSTEM_SUPPORTS
    assert [q.id for q in framework.self_evaluation_questions] == [
        "quality_and_impact",
        "how_do_you_know",
        "plans",
    ]
    assert [(r.id, r.label, r.value) for r in framework.ratings] == [
        ("not_yet", "Not yet in place", 0),
        ("partly", "Partly in place", 1),
        ("mostly", "Mostly in place", 2),
        ("fully", "Fully in place", 3),
    ]


def test_ofsted_anchors_use_the_evidence_grades(framework: Framework) -> None:
    grades = [[Grade[name.upper()] for name in stage.ofsted_anchor.grades] for stage in framework.stages]
    assert grades[0] == [Grade.INADEQUATE]
    assert grades[-1] == [Grade.GOOD, Grade.OUTSTANDING]
    assert "April 2026" in framework.ofsted_note and "sub-judgements" in framework.ofsted_note


def test_placement_uses_the_same_stages() -> None:
    from journeys.improvement.placement import STAGES as PLACEMENT_STAGES

    assert list(PLACEMENT_STAGES.items()) == STAGES


def test_framework_cannot_be_changed(framework: Framework) -> None:
    with pytest.raises(FrozenInstanceError):
        framework.version = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        framework.characteristics[("poor_to_fair", "strategic_approach")] = ()  # type: ignore[index]
    assert isinstance(framework.stages[0].signs, tuple)


def test_lookups_name_what_is_unknown(framework: Framework) -> None:
    with pytest.raises(KeyError, match="no stage 'poor_to_ok'"):
        framework.stage("poor_to_ok")
    with pytest.raises(KeyError, match="no enabler 'money'"):
        framework.enabler("money")
    with pytest.raises(KeyError, match="no cell"):
        framework.cell("poor_to_fair", "money")
    with pytest.raises(KeyError, match="no characteristic 'pf-lg-99'"):
        framework.characteristic("pf-lg-99")


# --- Schema, dict form and files -----------------------------------------------------------------


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_records_have_the_schema_keys_in_order() -> None:
    # to_dict relies on this to mirror the file's key order.
    pairs = [
        (content.Source, "source"),
        (content.Stage, "stage"),
        (content.Enabler, "enabler"),
        (content.Characteristic, "characteristic"),
        (content.Timescale, "timescale"),
        (content.Theme, "theme"),
        (content.SystemSupport, "system_support"),
        (content.SelfEvaluationQuestion, "question"),
        (content.Rating, "rating"),
    ]
    for record, definition in pairs:
        assert [f.name for f in fields(record)] == SCHEMA["$defs"][definition]["required"], record
    assert [f.name for f in fields(Framework)] == SCHEMA["required"] == list(RAW)


def test_to_dict_is_json_in_file_order_and_round_trips(framework: Framework, tmp_path: Path) -> None:
    data = to_dict(framework)
    assert list(data) == list(RAW)
    assert list(data["characteristics"]["poor_to_fair"]) == [enabler_id for _, enabler_id, _ in ENABLERS]
    assert json.loads(json.dumps(data)) == data
    assert not list(Draft202012Validator(SCHEMA).iter_errors(data))
    assert load_framework(write(tmp_path, data)) == framework
    assert framework_from_dict(json.loads(json.dumps(data))) == framework


def test_stored_data_is_checked_like_a_file(framework: Framework) -> None:
    data = to_dict(framework)
    del data["characteristics"]["good_to_great"]["fostering_innovation"]
    with pytest.raises(FrameworkError) as caught:
        framework_from_dict(data, source="published isos-2016 v1")
    assert str(caught.value) == (
        "published isos-2016 v1: characteristics.good_to_great.fostering_innovation: "
        "is missing: every stage needs statements for every enabler"
    )


def test_available_frameworks_lists_content_files_only(tmp_path: Path) -> None:
    assert DEFAULT_FRAMEWORK_FILE in available_frameworks()
    assert SCHEMA_FILE not in available_frameworks()
    for name in ("b.yaml", "a.yaml", "schema.yaml", "notes.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert available_frameworks(tmp_path) == [tmp_path / "a.yaml", tmp_path / "b.yaml"]
    assert DEFAULT_FRAMEWORK_FILE.parent == FRAMEWORK_DIR


def test_sha256_changes_with_any_edit(tmp_path: Path) -> None:
    copy_path = tmp_path / "isos-2016.yaml"
    copy_path.write_bytes(DEFAULT_FRAMEWORK_FILE.read_bytes())
    assert framework_sha256(copy_path) == hashlib.sha256(DEFAULT_FRAMEWORK_FILE.read_bytes()).hexdigest()
    assert framework_sha256(copy_path) == framework_sha256(DEFAULT_FRAMEWORK_FILE)
    copy_path.write_bytes(DEFAULT_FRAMEWORK_FILE.read_bytes() + b"# a comment\n")
    assert framework_sha256(copy_path) != framework_sha256(DEFAULT_FRAMEWORK_FILE)


# --- Broken files --------------------------------------------------------------------------------


def _set(parts: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = parts
        target: Any = data
        for part in parents:
            target = target[part]
        target[last] = value

    return change


def _delete(parts: tuple[str | int, ...]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = parts
        target: Any = data
        for part in parents:
            target = target[part]
        del target[last]

    return change


def _swap_first_two_enablers(data: dict[str, Any]) -> None:
    data["enablers"][0], data["enablers"][1] = data["enablers"][1], data["enablers"][0]


def _add_fifth_statement(data: dict[str, Any]) -> None:
    cell = data["characteristics"]["good_to_great"]["engaging_partners"]
    cell.extend({"id": f"gg-pt-{n}", "text": "Another statement."} for n in range(3, 6))


BROKEN = {
    "missing enabler": (
        _delete(("enablers", 6)),
        "enablers: should have exactly 7 items, but has 6",
    ),
    "missing enabler name": (
        _delete(("enablers", 3, "name")),
        "enablers[3].name: is missing",
    ),
    "wrong type for a name": (
        _set(("enablers", 3, "name"), 5),
        "enablers[3].name: should be text, not a whole number",
    ),
    "wrong type for the version": (
        _set(("version",), "one"),
        "version: should be a whole number, not text",
    ),
    "unknown stage in a timescale": (
        _set(("timescales", 0, "applies_to"), ["poor_to_ok"]),
        "timescales[0].applies_to[0]: 'poor_to_ok' is not a stage",
    ),
    "duplicate characteristic id": (
        _set(("characteristics", "fair_to_good", "strategic_approach", 1, "id"), "fg-sa-1"),
        "characteristics.fair_to_good.strategic_approach[1].id: duplicate id 'fg-sa-1', "
        "already used at characteristics.fair_to_good.strategic_approach[0].id",
    ),
    "id with another cell's prefix": (
        _set(("characteristics", "poor_to_fair", "leadership_and_governance", 1, "id"), "fg-lg-9"),
        "characteristics.poor_to_fair.leadership_and_governance[1].id: 'fg-lg-9' should start with 'pf-lg-'",
    ),
    "missing cell": (
        _delete(("characteristics", "poor_to_fair", "leadership_and_governance")),
        "characteristics.poor_to_fair.leadership_and_governance: is missing",
    ),
    "unknown stage in the characteristics": (
        _set(("characteristics", "great_to_perfect"), RAW["characteristics"]["good_to_great"]),
        "characteristics.great_to_perfect: is not a stage",
    ),
    "too many statements in a cell": (
        _add_fifth_statement,
        "characteristics.good_to_great.engaging_partners: should have at most 4 items, but has 5",
    ),
    "enablers out of order": (
        _swap_first_two_enablers,
        "enablers[0].number: is 2 but should be 1",
    ),
    "missing theme": (
        _delete(("themes", 4)),
        "themes: should have exactly 5 items, but has 4",
    ),
    "unknown key": (
        _set(("enablers", 0, "colour"), "blue"),
        "enablers[0].colour: is not an allowed key here",
    ),
    "blank text": (
        _set(("stages", 1, "summary"), "   "),
        "stages[1].summary: is blank",
    ),
    "impossible date": (
        _set(("published",), "2026-02-30"),
        "published: '2026-02-30' is not valid: it should be a date written as YYYY-MM-DD",
    ),
    "unknown Ofsted grade": (
        _set(("stages", 0, "ofsted_anchor", "grades"), ["poor"]),
        "stages[0].ofsted_anchor.grades[0]: 'poor' is not one of: inadequate,",
    ),
    "timescale range upside down": (
        _set(("timescales", 0, "months_low"), 18),
        "timescales[0].months_low: 18 is more than months_high, 12",
    ),
    "ratings out of order": (
        _set(("ratings", 2, "value"), 5),
        "ratings[2].value: is 5 but should be 2",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_file_names_file_path_and_problem(case: str, tmp_path: Path) -> None:
    change, expected = BROKEN[case]
    data = copy.deepcopy(RAW)
    change(data)
    path = write(tmp_path, data)
    message = error_for(path)
    assert f"{path}: {expected}" in message


@pytest.mark.parametrize(
    ("change", "where", "problem"),
    [
        (_delete(("stages", 2, "summary")), "stages[2].summary", "is missing"),
        (
            _set(("enablers", 4, "workshops_stressed"), "yes"),
            "enablers[4].workshops_stressed",
            "should be a list",
        ),
    ],
)
def test_a_damaged_copy_raises_the_shared_data_file_error(
    change: Callable[[dict[str, Any]], None], where: str, problem: str, tmp_path: Path
) -> None:
    data = copy.deepcopy(RAW)
    change(data)
    path = write(tmp_path, data)
    with pytest.raises(datafiles.DataFileError) as caught:
        load_framework(path)
    assert (caught.value.file, caught.value.where) == (path, where)
    assert caught.value.problem.startswith(problem)


def _replace_line(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    line = text[: text.index(old)].count("\n") + 1
    path = tmp_path / "isos-2016.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, line


def test_yaml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    path, line = _replace_line(tmp_path, "version: 1\n", "version: - 1\n")
    message = error_for(path)
    assert message.startswith(f"{path}: line {line}, column ")
    assert "YAML syntax error" in message


def test_duplicate_yaml_key_is_an_error_not_a_silent_overwrite(tmp_path: Path) -> None:
    path, line = _replace_line(tmp_path, "version: 1\n", "version: 1\nversion: 2\n")
    assert error_for(path).startswith(
        f"{path}: line {line + 1}, column 1: YAML error: found duplicate key 'version'"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "(top level): should be a set of keys and values, not empty (null)"),
        ("- a\n- b\n", "(top level): should be a set of keys and values, not a list"),
    ],
)
def test_a_file_that_is_not_a_mapping(text: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "isos-2016.yaml"
    path.write_text(text, encoding="utf-8")
    assert error_for(path) == f"{path}: {expected}"


def test_unreadable_files(tmp_path: Path) -> None:
    assert "cannot read the file" in error_for(tmp_path / "missing.yaml")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("title: Caf\xe9\n".encode("latin-1"))
    assert "is not UTF-8 text" in error_for(latin1)


def test_many_problems_are_capped(tmp_path: Path) -> None:
    data = copy.deepcopy(RAW)
    for stage in data["stages"]:
        for key in list(stage):
            del stage[key]
    message = error_for(write(tmp_path, data))
    lines = message.splitlines()
    assert len(lines) == datafiles.MAX_REPORTED_PROBLEMS + 1
    assert lines[-1].endswith("more problems")


# --- Any single break is reported, never crashes ------------------------------------------------


def _key_paths(value: Any, parts: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield parts + (key,)
            yield from _key_paths(item, parts + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _key_paths(item, parts + (index,))


def _leaf_paths(value: Any, parts: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaf_paths(item, parts + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaf_paths(item, parts + (index,))
    else:
        yield parts


KEY_PATHS = list(_key_paths(RAW))
LEAF_PATHS = list(_leaf_paths(RAW))


@settings(max_examples=60, deadline=None)
@given(parts=st.sampled_from(KEY_PATHS))
def test_deleting_any_key_is_reported_at_that_key(
    parts: tuple[str | int, ...], tmp_path_factory: Any
) -> None:
    # Every key is required somewhere: by the schema, or by the stage x enabler cross-check.
    data = copy.deepcopy(RAW)
    _delete(parts)(data)
    path = write(tmp_path_factory.mktemp("deleted"), data)
    message = error_for(path)
    assert f"{path}: {render(parts)}: is missing" in message


@settings(max_examples=60, deadline=None)
@given(parts=st.sampled_from(LEAF_PATHS))
def test_a_mapping_in_place_of_any_value_is_reported_there(
    parts: tuple[str | int, ...], tmp_path_factory: Any
) -> None:
    # No value in the file may be a mapping of keys, so this always breaks the file in one place.
    data = copy.deepcopy(RAW)
    _set(parts, {"oops": 1})(data)
    path = write(tmp_path_factory.mktemp("retyped"), data)
    message = error_for(path)
    assert message.startswith(f"{path}: {render(parts)}: ")
    assert all(len(line) < 300 for line in message.splitlines())
