"""Data to Insight's (D2I) scrape of Ofsted's ILACS reports.

D2I reads every published ILACS report daily and rebuilds the sector's summary of outcomes. It
is a scrape, not official statistics: Journeys trusts Ofsted's own workbook first and uses D2I
for what that does not yet hold (reports published after its cut-off, e.g. Wakefield's March
2025 inspection, and the 2026 inspections without an overall grade). Three shapes, recognised
by content:

* the overview workbook (sheet ``ofsted_cs_inspections_overview``) and its CSV twin: the latest
  inspection of each LA;
* the history CSV: every version of that overview since August 2023, one row per inspection
  seen (the same inspection may appear under two URNs; it is kept once);
* the report index: the publication date of every children's services inspection report
  2012–2025, without grades. Each becomes an :class:`Inspection` of kind "report published"
  with no judgement and a framework guessed from the date (see
  ``inspections.framework_by_publication``). They answer "how long since the last inspection"
  and, merged after the graded sources, take the framework and grades of the inspection they
  match.

Dates are dd/mm/yyyy (start, end) and dd/mm/yy (publication). Grades are lower-case; D2I writes
``inspection_pre_dates_judgement``, ``data_unreadable``, ``nan`` or ``not_reported_post_reform``
where there is no grade, and all of these become None. For inspections under the 2018 framework
D2I repeats the judgement on "children in care and care leavers" in its care-leavers column; that
judgement did not exist before 2023, so it is not loaded as one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from journeys.evidence.formats.base import ZIP_MAGIC, Format, ParsedFile, TableHead
from journeys.evidence.formats.ofsted import GRADE_WORDS
from journeys.evidence.formats.tables import Cell, CellTable, read_csv_table, sheet_tables
from journeys.evidence.inspections import (
    REPORT_PUBLISHED,
    UNSPECIFIED_INSPECTION,
    framework_by_publication,
    ilacs_framework,
    merge_inspections,
)
from journeys.evidence.records import Grade, Inspection

if TYPE_CHECKING:
    from journeys.authorities.register import Authority, Register

OVERVIEW_SHEET = "ofsted_cs_inspections_overview"

NO_GRADE = frozenset(
    {"", "nan", "none", "inspection_pre_dates_judgement", "data_unreadable", "not_reported_post_reform"}
)
# A known D2I reading defect (Southend-on-Sea 2019): the grade is lost, not a fifth grade.
UNREADABLE_GRADES = frozenset({"to requires improvement"})

# D2I infers the kind from the inspection's length; anything else it writes means "unknown".
KINDS: dict[str, str] = {
    "standard": "standard",
    "short": "short",
    "none": UNSPECIFIED_INSPECTION,
    "": UNSPECIFIED_INSPECTION,
    "inspection duration longer than standard framework": UNSPECIFIED_INSPECTION,
}

SUB_COLUMNS: dict[str, str] = {
    "leaders": "impact_of_leaders_grade",
    "help_and_protection": "help_and_protection_grade",
    "in_care": "in_care_grade",
    "care_leavers": "care_leavers_grade",
}
# The history's old judgement of children in care and care leavers together (before 2023).
COMBINED_IN_CARE = "care_and_care_leavers_grade"
OVERALL = "overall_effectiveness_grade"
START = "inspection_start_date"
PUBLISHED = "publication_date"
KIND = "inspection_framework"
REQUIRED = ("la_code", "local_authority", KIND, START, PUBLISHED, OVERALL, *SUB_COLUMNS.values())

REPORT_COLUMNS = ("urn", "la_name_folder", "report_date")

_DAY_MONTH_YEAR = re.compile(r"^\d{1,2}/\d{1,2}/(\d{2}|\d{4})$")


def parse_d2i_date(table: CellTable, row: int, cells: dict[str, Cell], column: str) -> date | None:
    """dd/mm/yyyy or dd/mm/yy; blank is None; anything else an ImportProblem."""
    value = cells.get(column, "")
    if isinstance(value, date):
        return value
    if value == "":
        return None
    match = _DAY_MONTH_YEAR.match(value)
    if match:
        try:
            return datetime.strptime(value, "%d/%m/%Y" if len(match.group(1)) == 4 else "%d/%m/%y").date()
        except ValueError:
            pass
    raise table.problem(row, column, f"{value!r} is not a date (expected dd/mm/yyyy or dd/mm/yy)")


def _grade(table: CellTable, row: int, cells: dict[str, Cell], column: str, notes: list[str]) -> Grade | None:
    value = " ".join(str(cells.get(column, "")).lower().split())
    if value in NO_GRADE:
        return None
    if value in UNREADABLE_GRADES:
        notes.append(f"row {row}, column {column}: {value!r} is D2I's reading defect; read as no grade")
        return None
    if value not in GRADE_WORDS:
        raise table.problem(row, column, f"{value!r} is not an Ofsted grade")
    return GRADE_WORDS[value]


def _authority(table: CellTable, row: int, cells: dict[str, Cell], register: Register) -> Authority:
    code = str(cells.get("la_code", ""))
    authority = register.lookup(code) if code.isdigit() else None
    if authority is None:
        raise table.problem(
            row, "la_code", f"unknown local authority code {code!r} ({cells.get('local_authority')})"
        )
    return authority


def _inspection(
    table: CellTable, row: int, cells: dict[str, Cell], register: Register, notes: list[str]
) -> Inspection:
    authority = _authority(table, row, cells, register)
    start = parse_d2i_date(table, row, cells, START)
    published = parse_d2i_date(table, row, cells, PUBLISHED)
    if start is None and published is None:
        raise table.problem(row, PUBLISHED, "neither a start date nor a publication date")
    kind_words = " ".join(str(cells.get(KIND, "")).lower().split())
    if kind_words not in KINDS:
        raise table.problem(row, KIND, f"unknown inspection framework {kind_words!r}")
    subs = {sub: _grade(table, row, cells, column, notes) for sub, column in SUB_COLUMNS.items()}
    if subs["in_care"] is None and COMBINED_IN_CARE in cells:
        subs["in_care"] = _grade(table, row, cells, COMBINED_IN_CARE, notes)
    framework = ilacs_framework(start, published)
    if framework == "ilacs_2018":
        subs.pop("care_leavers")
    return Inspection(
        la_code=authority.old_la_code,
        framework=framework,
        kind=KINDS[kind_words],
        start_date=start,
        published=published,
        overall=_grade(table, row, cells, OVERALL, notes),
        sub_judgements={sub: grade for sub, grade in subs.items() if grade is not None},
    )


def _parsed(table: CellTable, register: Register | None, format: Format) -> ParsedFile:
    table.require(*REQUIRED)
    register = _register(register)
    notes: list[str] = []
    records = [_inspection(table, row, cells, register, notes) for row, cells in table.rows]
    inspections = merge_inspections([records])
    if len(inspections) < len(records):
        notes.append(f"{len(records) - len(inspections)} rows repeat an inspection already listed; kept once")
    return ParsedFile(
        format=format.id,
        format_title=format.title,
        rows_read=len(table.rows),
        rows_loaded=len(records),
        inspections=inspections,
        notes=notes,
    )


def _parse_latest(path: Path, register: Register | None) -> ParsedFile:
    path = Path(path)
    with path.open("rb") as handle:
        is_workbook = handle.read(len(ZIP_MAGIC)) == ZIP_MAGIC
    if is_workbook:
        table = sheet_tables(path, OVERVIEW_SHEET, ("la_code", OVERALL))[0]
    else:
        table = read_csv_table(path)
    return _parsed(table, register, LATEST)


def _parse_history(path: Path, register: Register | None) -> ParsedFile:
    return _parsed(read_csv_table(Path(path)), register, HISTORY)


def _parse_report_index(path: Path, register: Register | None) -> ParsedFile:
    table = read_csv_table(Path(path))
    table.require(*REPORT_COLUMNS)
    register = _register(register)
    by_urn = {a.ofsted_urn: a for a in register.authorities if a.ofsted_urn}
    parsed = ParsedFile(format=REPORT_INDEX.id, format_title=REPORT_INDEX.title, rows_read=len(table.rows))
    for row, cells in table.rows:
        name = str(cells["la_name_folder"])
        authority = by_urn.get(str(cells["urn"])) or register.lookup(name)
        if authority is None:
            raise table.problem(row, "urn", f"unknown local authority URN {cells['urn']!r} ({name})")
        text = " ".join(str(cells["report_date"]).split())
        try:
            published = datetime.strptime(text, "%d %B %Y").date()
        except ValueError:
            raise table.problem(
                row, "report_date", f"{text!r} is not a date (expected e.g. 19 november 2021)"
            ) from None
        parsed.inspections.append(
            Inspection(
                authority.old_la_code,
                framework_by_publication(published),
                REPORT_PUBLISHED,
                None,
                published,
                None,
            )
        )
        parsed.rows_loaded += 1
    parsed.notes.append("report publication dates only: no grades, framework guessed from the date")
    return parsed


def _register(register: Register | None) -> Register:
    from journeys.authorities.register import load_register

    return register or load_register()


def _sniff_latest(path: Path, head: TableHead) -> bool:
    if head.is_spreadsheet:
        return OVERVIEW_SHEET in head.sheets
    return head.has_columns("la_code", OVERALL, "stat_neighbours") and not head.has_columns("first_seen_date")


def _csv_has(*columns: str) -> Callable[[Path, TableHead], bool]:
    return lambda path, head: head.has_columns(*columns)


LATEST = Format(
    id="d2i-ilacs-latest",
    title="D2I: latest ILACS outcome of each LA",
    sniff=_sniff_latest,
    parse=_parse_latest,
)
HISTORY = Format(
    id="d2i-ilacs-history",
    title="D2I: ILACS outcomes seen since August 2023",
    sniff=_csv_has("la_code", OVERALL, "first_seen_date"),
    parse=_parse_history,
)
REPORT_INDEX = Format(
    id="d2i-report-index",
    title="D2I: publication dates of inspection reports",
    sniff=_csv_has(*REPORT_COLUMNS),
    parse=_parse_report_index,
)

FORMATS: tuple[Format, ...] = (LATEST, HISTORY, REPORT_INDEX)
