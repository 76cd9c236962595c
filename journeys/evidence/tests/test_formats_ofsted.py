"""Ofsted and D2I inspection files: detection by content, real row counts, mappings, bad input.

The real files are read from the shared data folder (never copied into the repository); bad
files are small hand-made ones in ``tmp_path``.
"""

from __future__ import annotations

import collections
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from journeys.authorities.register import Register, load_register
from journeys.evidence.formats import ImportProblem, ParsedFile, d2i, detect, ofsted, parse
from journeys.evidence.inspections import REPORT_PUBLISHED, Visit, latest_judged_by_la, merge_inspections
from journeys.evidence.records import SUB_JUDGEMENTS, Grade, Inspection

OUTCOMES = "ofsted-la-inspection-outcomes"
D2I = "ofsted-ilacs-latest"
WORKBOOK_2025 = f"{OUTCOMES}/LA_Inspection_Outcomes_as_at_31_March_2025.ods"
WORKBOOK_2023 = f"{OUTCOMES}/Childrens_social_care_in_England_2023_underlying_data.ods"


@pytest.fixture(scope="session")
def register() -> Register:
    return load_register()


@pytest.fixture(scope="session")
def parsed(shared_data: Path, register: Register) -> dict[str, ParsedFile]:
    """Every real inspection file, parsed once, by its path under the shared data folder."""
    names = [
        WORKBOOK_2025,
        f"{OUTCOMES}/ofsted_la_inspections_as_at_31_march_2025.csv",
        f"{OUTCOMES}/ofsted_ilacs_inspection_history_2018_2025.csv",
        f"{OUTCOMES}/ofsted_la_inyear_inspections_2024_25.csv",
        WORKBOOK_2023,
        f"{OUTCOMES}/ofsted_la_inspections_2009_2023_wide.csv",
        f"{OUTCOMES}/ofsted_la_overall_judgements_2009_2023_long.csv",
        f"{D2I}/ofsted_csc_ilacs_overview.xlsx",
        f"{D2I}/ofsted_ilacs_latest.csv",
        f"{D2I}/ofsted_ilacs_history_2023_2026.csv",
        f"{D2I}/inspection_report_index.csv",
    ]
    return {name: parse(shared_data / name, register) for name in names}


def _by_la(inspections: list[Inspection], code: str) -> list[Inspection]:
    return [i for i in inspections if i.la_code == code]


def _content(i: Inspection) -> tuple:
    return (i.la_code, i.kind, i.start_date, i.published, i.overall, tuple(sorted(i.sub_judgements.items())))


# --- Real files: formats and row counts (PROVENANCE.md) ---------------------------------------


@pytest.mark.parametrize(
    ("name", "format_id", "rows", "inspections"),
    [
        (f"{OUTCOMES}/ofsted_la_inspections_as_at_31_march_2025.csv", "ofsted-latest", 153, 153),
        (f"{OUTCOMES}/ofsted_ilacs_inspection_history_2018_2025.csv", "ofsted-ilacs-history", 271, 271),
        (f"{OUTCOMES}/ofsted_la_inyear_inspections_2024_25.csv", "ofsted-in-year", 112, 112),
        # The three sheets overlap: the 153 latest judgements are all in the 271-row history.
        (WORKBOOK_2025, "ofsted-outcomes-workbook", 153 + 271 + 112, 271 + 36 + 24),
        # 152 current LAs of 2023 plus Bournemouth, old Dorset, Poole and Northamptonshire.
        (WORKBOOK_2023, "ofsted-history-2009-2023", 156, 564),
        (f"{OUTCOMES}/ofsted_la_inspections_2009_2023_wide.csv", "ofsted-history-2009-2023-wide", 156, 564),
        (
            f"{OUTCOMES}/ofsted_la_overall_judgements_2009_2023_long.csv",
            "ofsted-history-2009-2023-long",
            502,
            502,
        ),
        (f"{D2I}/ofsted_csc_ilacs_overview.xlsx", "d2i-ilacs-latest", 153, 153),
        (f"{D2I}/ofsted_ilacs_latest.csv", "d2i-ilacs-latest", 153, 153),
        # 15 rows list an inspection a second time under the LA's other URN.
        (f"{D2I}/ofsted_ilacs_history_2023_2026.csv", "d2i-ilacs-history", 293, 278),
        (f"{D2I}/inspection_report_index.csv", "d2i-report-index", 435, 435),
    ],
)
def test_real_files_are_recognised_and_fully_read(parsed, name, format_id, rows, inspections):
    result = parsed[name]
    assert result.format == format_id
    assert result.rows_read == rows
    assert result.rows_loaded == rows
    assert len(result.inspections) == inspections
    assert not result.skipped


def test_the_2025_workbook_sheets_have_the_published_row_counts(shared_data, register):
    by_sheet = ofsted.read_outcomes_workbook(shared_data / WORKBOOK_2025, register)
    counts = {sheet: len(records) for sheet, records in by_sheet.items()}
    assert counts == {
        "Inspections_as_at_31_March": 153,
        "ILACS_inspection_history": 271,
        "In-year_inspections": 112,
    }
    in_year_kinds = collections.Counter(i.kind for i in by_sheet["In-year_inspections"])
    assert in_year_kinds == {"standard": 22, "short": 30, "focused visit": 36, "monitoring visit": 24}
    latest_las = {i.la_code for i in by_sheet["Inspections_as_at_31_March"]}
    assert latest_las == {a.old_la_code for a in register.current}


def test_the_workbook_and_its_csv_twins_give_the_same_inspections(parsed):
    # The 52 inspections of the in-year table are also in the history; the visits are not.
    csv_twins = merge_inspections(
        [
            parsed[f"{OUTCOMES}/{name}.csv"].inspections
            for name in ("ofsted_ilacs_inspection_history_2018_2025", "ofsted_la_inyear_inspections_2024_25")
        ]
    )
    workbook = parsed[WORKBOOK_2025].inspections
    assert sorted(map(_content, workbook)) == sorted(map(_content, csv_twins))
    assert (
        parsed[WORKBOOK_2023].inspections
        == parsed[f"{OUTCOMES}/ofsted_la_inspections_2009_2023_wide.csv"].inspections
    )


def test_focused_visits_keep_their_theme_and_carry_no_judgement(parsed):
    visits = [i for i in parsed[WORKBOOK_2025].inspections if i.kind in ("focused visit", "monitoring visit")]
    assert len(visits) == 60 and all(isinstance(v, Visit) and v.overall is None for v in visits)
    barking = next(v for v in visits if v.la_code == "301" and v.start_date == date(2025, 3, 26))
    assert (barking.kind, barking.theme, barking.published) == (
        "focused visit",
        "Children in need/subject to a plan",
        date(2025, 4, 29),
    )


def test_ilacs_framework_follows_the_inspection_date(parsed):
    history = parsed[f"{OUTCOMES}/ofsted_ilacs_inspection_history_2018_2025.csv"].inspections
    for inspection in history:
        expected = "ilacs_2023" if inspection.start_date >= date(2023, 1, 1) else "ilacs_2018"
        assert inspection.framework == expected
        # The care-leavers judgement exists from January 2023 only.
        assert ("care_leavers" in inspection.sub_judgements) == (expected == "ilacs_2023")


# --- Real cases worth a test (FRAMEWORK.md) ---------------------------------------------------


@pytest.mark.parametrize(
    "name", [f"{D2I}/ofsted_ilacs_history_2023_2026.csv", f"{D2I}/ofsted_ilacs_latest.csv"]
)
def test_brent_and_somerset_2026_have_sub_judgements_but_no_overall_grade(parsed, name):
    for code in ("304", "933"):  # Brent, Somerset
        latest = max(_by_la(parsed[name].inspections, code), key=lambda i: i.start_date)
        assert latest.start_date == date(2026, 4, 27)
        assert latest.framework == "ilacs_2026"
        assert latest.overall is None
        assert set(latest.sub_judgements) == set(SUB_JUDGEMENTS)


def test_former_las_in_the_ilacs_history_resolve_by_their_own_codes(parsed, register):
    history = parsed[f"{OUTCOMES}/ofsted_ilacs_inspection_history_2018_2025.csv"].inspections
    former = {i.la_code for i in history if not register.get(i.la_code).is_current}
    assert {register.get(code).name for code in former} == {"Bournemouth", "Cumbria", "Northamptonshire"}


def test_former_las_in_the_2009_2023_history_resolve_to_the_registers_former_records(parsed, register):
    inspections = parsed[WORKBOOK_2023].inspections
    former = {register.get(i.la_code).name for i in inspections if not register.get(i.la_code).is_current}
    assert former == {"Bournemouth", "Poole", "Dorset (former county)", "Northamptonshire", "Cumbria"}
    # "Dorset" in the table of current LAs is the unitary council created in 2019, inspected once.
    new_dorset = _by_la(inspections, "838")
    assert [(i.framework, i.published) for i in new_dorset] == [("ilacs_2018", date(2021, 11, 19))]
    old_dorset_sif = next(i for i in _by_la(inspections, "835") if i.framework == "sif")
    assert (old_dorset_sif.published, old_dorset_sif.overall) == (
        date(2016, 5, 23),
        Grade.REQUIRES_IMPROVEMENT,
    )
    assert {i.framework for i in _by_la(inspections, "909")} == {
        "slac",
        "cpi",
        "sif",
        "ilacs_2018",
    }  # Cumbria


def test_sif_sub_judgements_map_onto_the_ilacs_ones_they_match(parsed):
    barnet_sif = next(i for i in _by_la(parsed[WORKBOOK_2023].inspections, "302") if i.framework == "sif")
    assert (barnet_sif.kind, barnet_sif.published, barnet_sif.overall) == (
        "first",
        date(2017, 7, 7),
        Grade.INADEQUATE,
    )
    # Adoption (requires improvement) and the LSCB (inadequate) have no ILACS counterpart.
    assert barnet_sif.sub_judgements == {
        "help_and_protection": Grade.INADEQUATE,
        "in_care": Grade.INADEQUATE,
        "care_leavers": Grade.REQUIRES_IMPROVEMENT,
        "leaders": Grade.INADEQUATE,
    }


def test_slac_has_two_judgements_and_no_overall_grade(parsed):
    slac = next(i for i in _by_la(parsed[WORKBOOK_2023].inspections, "301") if i.framework == "slac")
    assert (slac.published, slac.overall) == (date(2012, 7, 27), None)
    assert slac.sub_judgements == {"help_and_protection": Grade.GOOD, "in_care": Grade.REQUIRES_IMPROVEMENT}


def test_the_long_csv_agrees_with_the_wide_table(parsed):
    wide = {(i.la_code, i.framework, i.kind, i.published): i for i in parsed[WORKBOOK_2023].inspections}
    long = parsed[f"{OUTCOMES}/ofsted_la_overall_judgements_2009_2023_long.csv"].inspections
    for record in long:
        match = next(
            w
            for (la, fw, _, pub), w in wide.items()
            if (la, fw, pub) == (record.la_code, record.framework, record.published)
        )
        assert record.overall == match.overall
        assert all(match.sub_judgements[sub] == grade for sub, grade in record.sub_judgements.items())


def test_isles_of_scilly_dash_means_not_judged_and_tlac_is_reported(parsed):
    scilly_sif = next(i for i in _by_la(parsed[WORKBOOK_2023].inspections, "420") if i.framework == "sif")
    assert scilly_sif.overall == Grade.GOOD
    assert "in_care" not in scilly_sif.sub_judgements  # written "-" by Ofsted
    assert any("5 targeted looked-after children (TLAC)" in note for note in parsed[WORKBOOK_2023].notes)


def test_sif_first_inspections_as_of_january_2016_match_the_research(parsed):
    """The 2016 research: 78 LAs inspected under the SIF, 20 inadequate, 41 RI, 17 good.

    The data reproduces this exactly for reports published by 31 January 2016 (counting the
    LAs of the time, former ones included); by 1 January 2016 it was 74 (19, 38, 17), so
    "January 2016" means the end of the month and no tolerance is needed.
    """
    first_sif = [i for i in parsed[WORKBOOK_2023].inspections if i.framework == "sif" and i.kind == "first"]
    for as_of, expected in (
        (date(2016, 1, 31), (78, 20, 41, 17)),
        (date(2015, 12, 31), (74, 19, 38, 17)),
    ):
        latest = latest_judged_by_la(first_sif, as_of)
        grades = collections.Counter(i.overall for i in latest.values())
        counts = (
            len(latest),
            grades[Grade.INADEQUATE],
            grades[Grade.REQUIRES_IMPROVEMENT],
            grades[Grade.GOOD],
        )
        print(f"SIF first inspections published by {as_of}: inspected, inadequate, RI, good = {counts}")  # noqa: T201
        assert counts == expected
        assert grades[Grade.OUTSTANDING] == 0


# --- D2I specifics ----------------------------------------------------------------------------


def test_d2i_special_values_and_defects_become_no_grade(parsed):
    history = parsed[f"{D2I}/ofsted_ilacs_history_2023_2026.csv"]
    southend_2019 = next(i for i in _by_la(history.inspections, "882") if i.start_date == date(2019, 7, 15))
    assert southend_2019.overall is None and "help_and_protection" not in southend_2019.sub_judgements
    assert any("'to requires improvement'" in note for note in history.notes)
    # D2I repeats the old combined judgement as "care leavers" before 2023; it is not loaded.
    assert not any(
        "care_leavers" in i.sub_judgements for i in history.inspections if i.framework == "ilacs_2018"
    )
    latest = parsed[f"{D2I}/ofsted_ilacs_latest.csv"].inspections
    assert sum(i.framework == "ilacs_2018" and "care_leavers" not in i.sub_judgements for i in latest) == 8


def test_the_report_index_gives_publication_dates_without_judgements(parsed):
    reports = parsed[f"{D2I}/inspection_report_index.csv"].inspections
    assert all(r.kind == REPORT_PUBLISHED and r.overall is None and not r.sub_judgements for r in reports)
    bcp = sorted(r.published for r in _by_la(reports, "839"))  # found by Ofsted URN 2532287
    assert bcp == [date(2022, 2, 11), date(2025, 1, 29)]
    assert min(r.published for r in reports) == date(2012, 7, 13)
    frameworks = collections.Counter(r.framework for r in reports)
    assert set(frameworks) == {"cpi", "sif", "ilacs_2018", "ilacs_2023"}


# --- Detection by content ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "format_id"),
    [
        (WORKBOOK_2025, "ofsted-outcomes-workbook"),
        (WORKBOOK_2023, "ofsted-history-2009-2023"),
        (f"{OUTCOMES}/ofsted_la_inyear_inspections_2024_25.csv", "ofsted-in-year"),
        (f"{OUTCOMES}/ofsted_la_inspections_as_at_31_march_2025.csv", "ofsted-latest"),
        (f"{D2I}/ofsted_csc_ilacs_overview.xlsx", "d2i-ilacs-latest"),
        (f"{D2I}/ofsted_ilacs_history_2023_2026.csv", "d2i-ilacs-history"),
        (f"{D2I}/inspection_report_index.csv", "d2i-report-index"),
    ],
)
def test_a_renamed_file_is_still_recognised(shared_data, tmp_path, name, format_id):
    renamed = tmp_path / "download (3).dat"
    shutil.copyfile(shared_data / name, renamed)
    assert detect(renamed).id == format_id
    assert len(parse(renamed).inspections) > 0


def test_parsing_writes_nothing(shared_data, tmp_path):
    copy = tmp_path / "outcomes.ods"
    shutil.copyfile(shared_data / WORKBOOK_2025, copy)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    parse(copy)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before


# --- Hand-made files: header finding and bad input --------------------------------------------

LATEST_HEADER = [
    "Local authority area code",
    "Local authority name",
    "Ofsted region",
    "Inspection date",
    "Publication date",
    "Overall effectiveness",
    *SUB_JUDGEMENTS.values(),
]
BARNET = [
    "E09000003",
    "Barnet",
    "London",
    "2024-06-10",
    "2024-07-23",
    "Good",
    "Good",
    "Good",
    "Outstanding",
    "Good",
]


def _csv(path: Path, header: list[str], *rows: list[str]) -> Path:
    quoted = [",".join(f'"{cell}"' for cell in line) for line in (header, *rows)]
    path.write_text("\n".join(quoted) + "\n", encoding="utf-8")
    return path


def test_the_header_row_is_found_below_title_rows(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Inspections_as_at_31_March"
    sheet.append(["Local authority inspection judgements"])
    sheet.append(["This worksheet contains one table."])
    sheet.append([])
    sheet.append(["Web link", *LATEST_HEADER])
    sheet.append(["link", *BARNET[:3], date(2024, 6, 10), date(2024, 7, 23), *BARNET[5:]])
    path = tmp_path / "made.xlsx"
    book.save(path)
    result = parse(path)
    assert result.format == "ofsted-outcomes-workbook"
    [barnet] = result.inspections
    assert (barnet.la_code, barnet.start_date, barnet.overall) == ("302", date(2024, 6, 10), Grade.GOOD)
    assert barnet.sub_judgements["in_care"] == Grade.OUTSTANDING


@pytest.mark.parametrize(
    ("cells", "row", "column", "reason"),
    [
        ({0: "E99999999"}, 1, "Local authority area code", "unknown local authority code"),
        ({3: "10/06/2024"}, 1, "Inspection date", "is not a date"),
        ({4: "2024-02-30"}, 1, "Publication date", "is not a date"),
        ({5: "Excellent"}, 1, "Overall effectiveness", "is not an Ofsted grade"),
    ],
)
def test_bad_cells_raise_import_problems_naming_row_and_column(tmp_path, cells, row, column, reason):
    bad = [cells.get(i, value) for i, value in enumerate(BARNET)]
    path = _csv(tmp_path / "latest.csv", LATEST_HEADER, bad)
    with pytest.raises(ImportProblem) as problem:
        parse(path)
    assert (problem.value.file, problem.value.row, problem.value.column) == (str(path), row, column)
    assert reason in problem.value.reason


def test_a_missing_required_column_is_named(tmp_path):
    header = [c for c in LATEST_HEADER if c != SUB_JUDGEMENTS["care_leavers"]]
    path = _csv(tmp_path / "latest.csv", header, BARNET[:-1])
    with pytest.raises(ImportProblem) as problem:
        ofsted.FORMATS[4].parse(path, None)
    assert problem.value.column == SUB_JUDGEMENTS["care_leavers"]
    assert "missing" in problem.value.reason


def test_an_unknown_la_name_is_reported_never_guessed(tmp_path, shared_data):
    source = (shared_data / f"{OUTCOMES}/ofsted_la_inspections_2009_2023_wide.csv").read_text(
        encoding="utf-8"
    )
    header, first, *_ = source.splitlines()
    path = tmp_path / "wide.csv"
    path.write_text(
        f"{header}\n{first.replace('Barking and Dagenham', 'Barking and Dagenam')}\n", encoding="utf-8"
    )
    with pytest.raises(ImportProblem) as problem:
        parse(path)
    assert (problem.value.row, problem.value.column) == (1, "Local authority name")
    assert "'Barking and Dagenam'" in problem.value.reason


def test_an_unknown_former_la_is_not_matched_to_a_current_one(tmp_path, shared_data):
    source = (shared_data / f"{OUTCOMES}/ofsted_la_overall_judgements_2009_2023_long.csv").read_text(
        encoding="utf-8"
    )
    header = source.splitlines()[0]
    # Barnet never was a former LA: the former-LA table must not fall back to current names.
    path = _csv(
        tmp_path / "long.csv",
        header.split(","),
        ["Barnet", "London", "London Borough", "former_las", "SIF", "2014-01-01", "Good"],
    )
    with pytest.raises(ImportProblem) as problem:
        parse(path)
    assert "unknown former local authority name 'Barnet'" in problem.value.reason


def test_d2i_bad_dates_and_grades_are_import_problems(tmp_path, shared_data):
    source = (shared_data / f"{D2I}/ofsted_ilacs_history_2023_2026.csv").read_text(encoding="utf-8")
    header, first, *_ = source.splitlines()
    for broken, column in (
        (first.replace("02/03/2020", "2020-03-02"), "inspection_start_date"),
        (first.replace("06/04/20", "31/04/20"), "publication_date"),
        (
            first.replace(",outstanding,outstanding,good", ",brilliant,outstanding,good"),
            "overall_effectiveness_grade",
        ),
    ):
        path = tmp_path / "history.csv"
        path.write_text(f"{header}\n{broken}\n", encoding="utf-8")
        with pytest.raises(ImportProblem) as problem:
            parse(path)
        assert (problem.value.row, problem.value.column) == (1, column)


def test_files_that_are_not_workbooks_or_are_empty_are_import_problems(tmp_path):
    empty = tmp_path / "empty.ods"
    empty.write_bytes(b"")
    not_a_workbook = tmp_path / "fake.ods"
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("readme.txt", "hello")
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"\x00\x01 not a spreadsheet at all")
    for path in (empty, not_a_workbook, garbage):
        with pytest.raises(ImportProblem):
            detect(path)
        for format in (ofsted.OUTCOMES_WORKBOOK, ofsted.HISTORY_WORKBOOK, d2i.LATEST):
            with pytest.raises(ImportProblem) as problem:
                format.parse(path, None)
            assert problem.value.file.startswith(str(path))
    empty_csv = tmp_path / "empty.csv"
    empty_csv.write_text("", encoding="utf-8")
    with pytest.raises(ImportProblem, match="empty"):
        d2i.HISTORY.parse(empty_csv, None)
