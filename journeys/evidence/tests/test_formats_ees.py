"""EES tidy CSVs: real DfE files, detection by content, and every kind of bad input."""

from __future__ import annotations

import csv
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from journeys.evidence.formats import FORMATS, ImportProblem, detect, parse

LA_BIRMINGHAM = (
    "2025,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,330,E08000025,Birmingham"
)
HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,new_la_code,la_name,inpost_fte,turnover_rate_fte,agency_rate_fte,vacancy_rate_fte,caseload_fte"
)
GOOD_ROWS = [
    "2025,Reporting year,National,E92000001,England,,,,,,36186.3,11.8,13,14.2,15.2",
    "2025,Reporting year,Regional,E92000001,England,E12000005,West Midlands,,,,4000,10,10.4,12,16",
    f"{LA_BIRMINGHAM},769.6,8.5,12.4,14,15.9",
]


def write(tmp_path: Path, text: str | bytes, name: str = "upload.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def workforce_csv(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def source_cell(path: Path, where: dict[str, str], column: str) -> str:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        matches = [r[column] for r in csv.DictReader(handle) if all(r[k] == v for k, v in where.items())]
    assert len(matches) == 1
    return matches[0]


@pytest.fixture(scope="module")
def csww(shared_data: Path):
    return parse(shared_data / "dfe-csc-ees" / "csww_indicators_2017_to_2025.csv")


def test_birmingham_2025_agency_rate_is_exactly_the_published_figure(shared_data: Path, csww) -> None:
    source = shared_data / "dfe-csc-ees" / "csww_indicators_2017_to_2025.csv"
    expected = float(source_cell(source, {"old_la_code": "330", "time_period": "2025"}, "agency_rate_fte"))
    [observation] = [
        o for o in csww.observations if (o.area, o.indicator, o.year) == ("330", "agency_rate", 2025)
    ]
    assert observation.value == expected == 12.4
    assert observation.symbol is None
    # Workforce census of 30 September 2025, published around the end of February 2026.
    assert observation.published == date(2026, 2, 28)


def test_workforce_file_reads_all_areas_and_levels(csww) -> None:
    assert csww.format == "ees-csc"
    assert csww.rows_read == csww.rows_loaded == 1463
    areas = {o.area for o in csww.observations if o.year == 2025}
    assert {"England", "West Midlands", "Inner London", "Outer London", "London", "330"} <= areas
    assert {o.indicator for o in csww.observations} == {
        "turnover_rate",
        "agency_rate",
        "vacancy_rate",
        "caseload",
    }


def test_symbols_are_kept_not_zeroed(csww) -> None:
    [birmingham_2024] = [
        o for o in csww.observations if (o.area, o.indicator, o.year) == ("330", "agency_rate", 2024)
    ]
    assert (birmingham_2024.value, birmingham_2024.symbol) == (None, "u")
    low = [o for o in csww.observations if o.symbol == "low"]
    assert low and all(o.value is None for o in low)


def test_a_suppressed_value_parses_to_symbol_c(shared_data: Path) -> None:
    source = shared_data / "dfe-csc-ees" / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    with source.open(newline="", encoding="utf-8-sig") as handle:
        row = next(r for r in csv.DictReader(handle) if r["rereferral_percent"] == "c" and r["old_la_code"])
    parsed = parse(source)
    [observation] = [
        o
        for o in parsed.observations
        if (o.area, o.indicator, o.year) == (row["old_la_code"], "rereferral_rate", int(row["time_period"]))
    ]
    assert observation.symbol == "c"
    assert observation.value is None


def test_kingston_and_richmond_joint_return_gives_both_the_figure_with_a_note(
    shared_data: Path, csww
) -> None:
    source = shared_data / "dfe-csc-ees" / "csww_indicators_2017_to_2025.csv"
    joint_value = float(
        source_cell(source, {"old_la_code": "314 / 318", "time_period": "2025"}, "agency_rate_fte")
    )
    members = {
        o.area: o.value
        for o in csww.observations
        if o.indicator == "agency_rate" and o.year == 2025 and o.area in {"314", "318"}
    }
    assert members == {"314": joint_value, "318": joint_value}
    [joint] = [
        j
        for j in csww.joint_returns
        if j.indicator == "agency_rate" and j.year == 2025 and "314" in j.members
    ]
    assert joint.members == ("314", "318")
    assert joint.source_code == "314 / 318"
    assert any("Kingston upon Thames / Richmond upon Thames (314 / 318)" in note for note in csww.notes)


def test_filters_select_the_catalogue_rows_and_skip_the_rest(shared_data: Path) -> None:
    parsed = parse(shared_data / "dfe-csc-ees" / "la_cla_placement_stability.csv")
    assert {o.indicator for o in parsed.observations} == {
        "placement_instability",
        "placement_instability_2_years",
        "placement_long_term_stability",
    }
    assert parsed.rows_read == 5010
    # Only the "Total children" rows, the percentages' denominators, are skipped.
    assert len(parsed.skipped) == 2505
    assert {reason for _, reason in parsed.skipped} == {
        "a total row (the denominator of the breakdown's percentages), not a measure"
    }
    assert parsed.rows_loaded + len(parsed.skipped) == parsed.rows_read
    [birmingham] = [
        o
        for o in parsed.observations
        if (o.area, o.indicator, o.year) == ("330", "placement_instability", 2025)
    ]
    assert birmingham.value == 9  # "CLA on 31 March" × "With 3 or more placements during the year"
    assert birmingham.published == date(2025, 11, 15)


def test_every_real_ees_file_parses(shared_data: Path) -> None:
    for source in sorted((shared_data / "dfe-csc-ees").glob("*.csv")):
        if source.name == "summary_page_metadata.csv":
            continue
        parsed = parse(source)
        assert parsed.format == "ees-csc", source.name
        assert parsed.observations, source.name


def test_detection_is_by_content_not_name(shared_data: Path, tmp_path: Path) -> None:
    misleading = tmp_path / "sn_model_2025_wide.xlsx"
    shutil.copy(shared_data / "dfe-csc-ees" / "csww_indicators_2017_to_2025.csv", misleading)
    assert detect(misleading).id == "ees-csc"
    neighbours_named_as_ees = tmp_path / "csww_indicators_2017_to_2025.csv"
    shutil.copy(
        shared_data / "dfe-statistical-neighbours" / "sn_model_2025_wide.csv", neighbours_named_as_ees
    )
    assert detect(neighbours_named_as_ees).id == "dfe-2025"


def test_the_registry_lists_formats_in_a_clear_order() -> None:
    ids = [f.id for f in FORMATS]
    assert ids[-1] == "ees-csc"  # the broadest test goes last
    assert len(ids) == len(set(ids))


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + workforce_csv(*GOOD_ROWS).encode())
    parsed = parse(path)
    assert parsed.rows_loaded == 3
    assert {o.area for o in parsed.observations} == {"England", "West Midlands", "330"}


def test_parsing_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, workforce_csv(*GOOD_ROWS))
    before = {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    parse(path)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before


def expect_problem(path: Path, row: int | None, column: str | None, words: str) -> ImportProblem:
    with pytest.raises(ImportProblem) as caught:
        parse(path)
    problem = caught.value
    assert (problem.row, problem.column) == (row, column), str(problem)
    assert words in problem.reason, problem.reason
    assert str(problem).startswith(str(path))
    return problem


def test_problem_message_names_file_row_and_column(tmp_path: Path) -> None:
    bad = GOOD_ROWS[2].replace("12.4", "twelve")
    path = write(tmp_path, workforce_csv(GOOD_ROWS[0], bad))
    problem = expect_problem(path, 2, "agency_rate_fte", "neither a number nor an EES symbol")
    assert str(problem) == f"{path}, row 2, column agency_rate_fte: {problem.reason}"


def test_wrong_encoding(tmp_path: Path) -> None:
    latin1 = workforce_csv(*GOOD_ROWS).replace("Birmingham", "Birmingham Café").encode("latin-1")
    expect_problem(write(tmp_path, latin1), 3, None, "not UTF-8")


def test_empty_file(tmp_path: Path) -> None:
    expect_problem(write(tmp_path, ""), None, None, "empty")


def test_truncated_last_line(tmp_path: Path) -> None:
    cut = GOOD_ROWS[2].rsplit(",", 3)[0]
    expect_problem(write(tmp_path, workforce_csv(*GOOD_ROWS[:2], cut)), 3, "agency_rate_fte", "truncated")


def test_unterminated_quote(tmp_path: Path) -> None:
    cut = GOOD_ROWS[2].replace(",Birmingham,", ',"Birmingham,')
    problem = expect_problem(write(tmp_path, workforce_csv(*GOOD_ROWS[:2], cut)), 3, None, "truncated")
    assert "quote" in problem.reason


def test_missing_required_columns(tmp_path: Path) -> None:
    text = workforce_csv(*GOOD_ROWS).replace("la_name,", "local_authority,", 1)
    expect_problem(write(tmp_path, text), None, "la_name", "missing required column")


def test_a_file_without_la_columns_cannot_carry_la_rows(tmp_path: Path) -> None:
    header, *rows = workforce_csv(*GOOD_ROWS).splitlines()
    columns = header.split(",")
    keep = [i for i, c in enumerate(columns) if c not in ("old_la_code", "new_la_code", "la_name")]
    text = "\n".join(",".join(line.split(",")[i] for i in keep) for line in (header, *rows)) + "\n"
    # National and regional rows are fine without them; the LA row (row 3) is not.
    expect_problem(write(tmp_path, text), 3, "old_la_code", "a local authority row, but the file has no")


def test_missing_a_column_the_catalogue_reads(tmp_path: Path) -> None:
    text = workforce_csv(*GOOD_ROWS).replace("turnover_rate_fte", "turnover", 1)
    expect_problem(write(tmp_path, text), None, "turnover_rate_fte", "missing column")


def test_duplicated_columns(tmp_path: Path) -> None:
    text = workforce_csv(*GOOD_ROWS).replace("inpost_fte", "caseload_fte", 1)
    expect_problem(write(tmp_path, text), None, "caseload_fte", "more than once")


def test_unknown_la_code(tmp_path: Path) -> None:
    bad = GOOD_ROWS[2].replace(",330,", ",999,")
    expect_problem(write(tmp_path, workforce_csv(*GOOD_ROWS[:2], bad)), 3, "old_la_code", "unknown LA code")


def test_ecode_of_another_la(tmp_path: Path) -> None:
    bad = GOOD_ROWS[2].replace("E08000025", "E08000026")
    expect_problem(write(tmp_path, workforce_csv(bad)), 1, "new_la_code", "does not belong to Birmingham")


def test_former_la_and_old_ecode_are_accepted(tmp_path: Path) -> None:
    cumbria = (
        "2020,Reporting year,Local authority,E92000001,England,E12000002,North West,909,E10000006,Cumbria,"
        "400,10,11,12,16"
    )
    parsed = parse(write(tmp_path, workforce_csv(cumbria)))
    assert {o.area for o in parsed.observations} == {"909"}


def test_malformed_number(tmp_path: Path) -> None:
    bad = GOOD_ROWS[2].replace(",15.9", ",1,5")
    # An extra field is a shape problem before it is a number problem.
    expect_problem(write(tmp_path, workforce_csv(bad)), 1, None, "fields")
    blank = GOOD_ROWS[2].replace(",15.9", ",")
    expect_problem(
        write(tmp_path, workforce_csv(blank)), 1, "caseload_fte", "neither a number nor an EES symbol"
    )


@pytest.mark.parametrize(
    ("cell", "column", "words"),
    [
        ("-3", "caseload_fte", "negative"),
        ("104.5", "agency_rate_fte", "over 100"),
        ("inf", "agency_rate_fte", "not a finite number"),
        ("nan", "caseload_fte", "not a finite number"),
    ],
)
def test_absurd_numbers(tmp_path: Path, cell: str, column: str, words: str) -> None:
    values = {"agency_rate_fte": "12.4", "caseload_fte": "15.9"}
    values[column] = cell
    row = f"{LA_BIRMINGHAM},769.6,8.5,{values['agency_rate_fte']},14,{values['caseload_fte']}"
    expect_problem(write(tmp_path, workforce_csv(GOOD_ROWS[0], row)), 2, column, words)


def test_a_caseload_over_100_is_not_a_percentage_problem(tmp_path: Path) -> None:
    row = GOOD_ROWS[2].replace(",15.9", ",101")
    [caseload] = [
        o for o in parse(write(tmp_path, workforce_csv(row))).observations if o.indicator == "caseload"
    ]
    assert caseload.value == 101


def test_a_zip_that_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "outcomes.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    expect_problem(path, None, None, "zip archive that is not a spreadsheet")


def test_a_text_file_named_xlsx_is_read_by_content(tmp_path: Path) -> None:
    parsed = parse(write(tmp_path, workforce_csv(*GOOD_ROWS), name="workforce.xlsx"))
    assert parsed.format == "ees-csc"


def test_unrecognised_content(tmp_path: Path) -> None:
    expect_problem(
        write(tmp_path, "name,score\nAnn,3\n"), None, None, "not a recognised format: columns name, score"
    )


def test_a_second_figure_for_the_same_la_and_year(tmp_path: Path) -> None:
    expect_problem(
        write(tmp_path, workforce_csv(GOOD_ROWS[2], GOOD_ROWS[2])), 2, "turnover_rate_fte", "a second figure"
    )


def test_an_ees_file_without_catalogue_indicators_is_read_but_skipped(tmp_path: Path) -> None:
    text = (
        "time_period,time_identifier,geographic_level,country_code,region_code,old_la_code,new_la_code,la_name,widgets\n"
        "2025,Reporting year,National,E92000001,,,,,5\n"
    )
    parsed = parse(write(tmp_path, text))
    assert (parsed.rows_read, parsed.rows_loaded, parsed.observations) == (1, 0, [])
    assert parsed.skipped == [(1, "no catalogue indicator comes from this dataset")]


def test_the_older_workforce_headline_file_says_it_is_superseded(official_file) -> None:
    parsed = parse(official_file("csww_headline_measures_2017_to_2022.csv"))
    assert (parsed.rows_read, parsed.rows_loaded, parsed.observations) == (978, 0, [])
    [reason] = {reason for _, reason in parsed.skipped}
    assert reason.startswith("superseded: the workforce indicators file (csww_indicators_2017_to_2025.csv)")
    assert any(note.startswith("Nothing was loaded: superseded") for note in parsed.notes)
