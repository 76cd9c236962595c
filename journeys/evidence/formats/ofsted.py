"""Ofsted's official statistics on inspections of local authority children's services.

Two workbooks and the CSVs derived from them, each recognised by its sheet names or headers:

* ``LA_Inspection_Outcomes_as_at_31_March_<year>.ods``: the latest judgements of every current
  LA (``Inspections_as_at_31_March``), ILACS inspections since 2018 (``ILACS_inspection_history``,
  former LAs included) and the year's inspections and visits (``In-year_inspections``). LAs are
  given by ONS E-code.
* ``Childrens_social_care_in_England_2023_underlying_data.ods``, sheet
  ``LA_inspections_2009-2023``: every framework since 2009 in one wide table for current LAs and
  one for LAs that existed before the restructures. LAs are given by name only, matched through
  the register's names and aliases (former LAs through ``lookup_former``); an unknown name is an
  :class:`ImportProblem`, never a guess.

How the older frameworks map onto ILACS's four sub-judgements (``records.SUB_JUDGEMENTS``):

* SLAC (2009–12) judged safeguarding and looked-after children separately, with no overall
  grade: safeguarding → ``help_and_protection``, looked-after children → ``in_care``; overall
  stays None. Its re-inspections judged one side each and become one record each.
* CPI/CPRI (2012–13) judged child protection only → ``help_and_protection``; overall None.
* TLAC (2013) has no framework id in ``records.FRAMEWORKS``; its judgements are counted in the
  notes and not loaded.
* SIF (2013–17): overall → overall; "children who need help and protection" →
  ``help_and_protection``; "children looked after and achieving permanence" → ``in_care``;
  its care-leavers sub-part → ``care_leavers``; "leadership, management and governance" →
  ``leaders``. The adoption sub-part and the LSCB judgement (a partnership, not the LA) have no
  ILACS counterpart and are left out.
* ILACS before 2023 judged "children in care and care leavers" together → ``in_care``, as
  Ofsted's own 2025 workbook does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from journeys.evidence.formats.base import Format, ImportProblem, ParsedFile, TableHead
from journeys.evidence.formats.tables import Cell, CellTable, read_csv_table, sheet_tables
from journeys.evidence.inspections import (
    UNSPECIFIED_INSPECTION,
    VISIT_KINDS,
    Visit,
    ilacs_framework,
    merge_inspections,
)
from journeys.evidence.records import SUB_JUDGEMENTS, Grade, Inspection

if TYPE_CHECKING:
    from journeys.authorities.register import Authority, Register

GRADE_WORDS: dict[str, Grade] = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "inadequate": Grade.INADEQUATE,
}
# Ofsted writes "-" where a judgement was not made (e.g. Isles of Scilly's looked-after children).
NOT_JUDGED = frozenset({"", "-"})
NOT_YET_INSPECTED = "Not yet inspected"

_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]00:00:00)?$")


# --- Reading cells ----------------------------------------------------------------------------


def parse_date(table: CellTable, row: int, cells: dict[str, Cell], column: str) -> date | None:
    """A sheet date or an ISO date; blank is None, anything else an ImportProblem."""
    value = cells.get(column, "")
    if isinstance(value, date):
        return value
    if value == "":
        return None
    match = _ISO_DATE.match(value)
    if match:
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            pass
    raise table.problem(row, column, f"{value!r} is not a date (expected YYYY-MM-DD)")


def parse_grade(table: CellTable, row: int, cells: dict[str, Cell], column: str) -> Grade | None:
    value = str(cells.get(column, "")).strip()
    if value in NOT_JUDGED:
        return None
    grade = GRADE_WORDS.get(" ".join(value.lower().split()))
    if grade is None:
        raise table.problem(row, column, f"{value!r} is not an Ofsted grade")
    return grade


def _sub_judgements(
    table: CellTable, row: int, cells: dict[str, Cell], columns: dict[str, str]
) -> dict[str, Grade]:
    grades = {sub: parse_grade(table, row, cells, column) for sub, column in columns.items()}
    return {sub: grade for sub, grade in grades.items() if grade is not None}


# --- The 2025 outcomes workbook and its CSVs ---------------------------------------------------

CODE = "Local authority area code"
NAME = "Local authority name"
PUBLISHED = "Publication date"
OVERALL = "Overall effectiveness"
# In this workbook the sub-judgement headers are Ofsted's own names, as in SUB_JUDGEMENTS.
ILACS_SUB_COLUMNS: dict[str, str] = {name: sub for sub, name in SUB_JUDGEMENTS.items()}

ILACS_KINDS: dict[str, str] = {
    "ilacs standard inspection": "standard",
    "ilacs short inspection": "short",
    "ilacs focused visit": "focused visit",
    "la monitoring visit": "monitoring visit",
}


@dataclass(frozen=True)
class OutcomesTable:
    """One of the three tables of the outcomes workbook, as a sheet or as its CSV twin."""

    id: str
    title: str
    sheet: str
    date_column: str
    kind_column: str | None = None  # None: the latest judgements, of unstated kind
    theme_column: str | None = None
    # The 2024 workbook names LAs without codes, gives no publication date and words the
    # sub-judgement headers more shortly.
    by_name: bool = False
    published_column: str | None = PUBLISHED
    sub_columns: tuple[tuple[str, str], ...] = tuple(ILACS_SUB_COLUMNS.items())  # (header, sub-judgement)

    @property
    def key_columns(self) -> tuple[str, ...]:
        return (NAME, OVERALL) if self.by_name else (CODE, NAME, OVERALL)

    @property
    def required(self) -> tuple[str, ...]:
        extra = tuple(c for c in (self.kind_column, self.theme_column, self.published_column) if c)
        return (*self.key_columns, self.date_column, *(c for c, _ in self.sub_columns), *extra)


LATEST = OutcomesTable(
    "ofsted-latest",
    "Ofsted: latest inspection judgements of each LA",
    "Inspections_as_at_31_March",
    "Inspection date",
)
ILACS_HISTORY = OutcomesTable(
    "ofsted-ilacs-history",
    "Ofsted: ILACS inspection history",
    "ILACS_inspection_history",
    "Inspection date",
    kind_column="Inspection type",
)
IN_YEAR = OutcomesTable(
    "ofsted-in-year",
    "Ofsted: in-year inspections and visits",
    "In-year_inspections",
    "Inspection/Visit date",
    kind_column="Inspection/Visit type",
    theme_column="Visit Theme",
)
SUB_COLUMNS_2024 = (
    ("Impact of leaders", "leaders"),
    ("Experiences and progress of children who need help and protection", "help_and_protection"),
    ("Experiences and progress of children in care", "in_care"),
    ("Experiences and progress of care leavers", "care_leavers"),
)
LATEST_2024 = OutcomesTable(
    "ofsted-latest",
    "Ofsted: latest inspection judgements of each LA",
    "Inspections_31_March_2024",
    "Inspection date",
    by_name=True,
    published_column=None,
    sub_columns=SUB_COLUMNS_2024,
)
IN_YEAR_2024 = OutcomesTable(
    "ofsted-in-year",
    "Ofsted: in-year inspections and visits",
    "Inspections_in_year_2023-24",
    "Inspection/Visit date",
    kind_column="Inspection/Visit type",
    theme_column="Visit Theme",
    by_name=True,
    published_column=None,
    sub_columns=SUB_COLUMNS_2024,
)
# Its ILACS history is one wide row per LA (first, second… inspection); the 2025 workbook's
# long history covers the same inspections, so that sheet is not read.
UNREAD_SHEETS = {
    "ILACS_inspections_2018-2024": "ILACS history 2018–2024 (the 2025 workbook's history holds it)"
}
OUTCOMES_TABLES = (LATEST, ILACS_HISTORY, IN_YEAR, LATEST_2024, IN_YEAR_2024)


def _authority_by_code(table: CellTable, row: int, cells: dict[str, Cell], register: Register) -> Authority:
    code = str(cells.get(CODE, ""))
    authority = register.lookup(code) if code else None
    if authority is None:
        raise table.problem(row, CODE, f"unknown local authority code {code!r} ({cells.get(NAME, '')})")
    return authority


def _outcome_row(
    spec: OutcomesTable, table: CellTable, row: int, cells: dict[str, Cell], register: Register
) -> Inspection:
    if spec.by_name:
        authority = _authority_by_name(table, row, str(cells.get(NAME, "")), NAME, False, register)
    else:
        authority = _authority_by_code(table, row, cells, register)
    start = parse_date(table, row, cells, spec.date_column)
    published = parse_date(table, row, cells, spec.published_column) if spec.published_column else None
    if start is None and published is None:
        raise table.problem(row, spec.date_column, "neither an inspection date nor a publication date")
    kind = UNSPECIFIED_INSPECTION
    if spec.kind_column:
        words = " ".join(str(cells.get(spec.kind_column, "")).lower().split())
        if words not in ILACS_KINDS:
            raise table.problem(row, spec.kind_column, f"unknown inspection type {words!r}")
        kind = ILACS_KINDS[words]
    overall = parse_grade(table, row, cells, OVERALL)
    subs = _sub_judgements(table, row, cells, {sub: col for col, sub in spec.sub_columns})
    framework = ilacs_framework(start, published)
    if kind in VISIT_KINDS:
        if overall is not None or subs:
            raise table.problem(row, OVERALL, "a visit carries no judgements")
        theme = str(cells.get(spec.theme_column, "")) if spec.theme_column else ""
        return Visit(authority.old_la_code, framework, kind, start, published, None, {}, theme or None)
    return Inspection(authority.old_la_code, framework, kind, start, published, overall, subs)


def _outcome_inspections(spec: OutcomesTable, table: CellTable, register: Register) -> list[Inspection]:
    table.require(*spec.required)
    return [
        _outcome_row(spec, table, row, cells, register)
        for row, cells in table.rows
        # An LA created in a reorganisation (Cumberland in 2024) is listed before its first inspection.
        if cells.get(spec.date_column) != NOT_YET_INSPECTED
    ]


def _sheets(path: Path) -> set[str]:
    from python_calamine import CalamineWorkbook

    try:
        return set(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception as error:  # calamine raises several error types for a file that is no workbook
        raise ImportProblem(path, f"not a readable spreadsheet: {error}") from None


def read_outcomes_workbook(path: Path, register: Register) -> dict[str, list[Inspection]]:
    """Each table of the outcomes workbook present in the file, by sheet name, row for row."""
    path = Path(path)
    sheets = _sheets(path)
    found = {}
    for spec in OUTCOMES_TABLES:
        if spec.sheet in sheets:
            table = sheet_tables(path, spec.sheet, spec.key_columns)[0]
            found[spec.sheet] = _outcome_inspections(spec, table, register)
    if not found:
        raise ImportProblem(path, "none of the sheets of Ofsted's inspection outcomes workbook")
    return found


def _parse_outcomes_workbook(path: Path, register: Register | None) -> ParsedFile:
    by_sheet = read_outcomes_workbook(path, _register(register))
    rows = sum(len(records) for records in by_sheet.values())
    # The sheets overlap (the latest judgements are also in the history): keep each event once.
    inspections = merge_inspections(list(by_sheet.values()))
    notes = [f"{sheet}: {len(records)} rows" for sheet, records in by_sheet.items()]
    notes.extend(f"{sheet} not read: {why}" for sheet, why in UNREAD_SHEETS.items() if sheet in _sheets(path))
    notes.append(f"{len(inspections)} distinct inspections and visits after merging the sheets")
    return ParsedFile(
        format=OUTCOMES_WORKBOOK.id,
        format_title=OUTCOMES_WORKBOOK.title,
        rows_read=rows,
        rows_loaded=rows,
        inspections=inspections,
        notes=notes,
    )


def _outcomes_csv_parser(spec: OutcomesTable) -> Callable[[Path, Register | None], ParsedFile]:
    def parse(path: Path, register: Register | None) -> ParsedFile:
        table = read_csv_table(Path(path))
        inspections = _outcome_inspections(spec, table, _register(register))
        return ParsedFile(
            format=spec.id,
            format_title=spec.title,
            rows_read=len(table.rows),
            rows_loaded=len(inspections),
            inspections=inspections,
        )

    return parse


def _register(register: Register | None) -> Register:
    from journeys.authorities.register import load_register

    return register or load_register()


# --- The 2009–2023 history --------------------------------------------------------------------

HISTORY_SHEET = "LA_inspections_2009-2023"
TABLE_COLUMN = "table"  # in the derived wide CSV: current_las or former_las
FORMER_TABLE = "former_las"
# The former-LA table names its only ILACS columns without "First"; they are the 2018 framework.
FORMER_TABLE_PREFIX = "ILACS framework "


@dataclass(frozen=True)
class JudgedColumns:
    """Where one judged inspection sits in a row of the 2009–2023 table."""

    framework: str
    kind: str
    date_column: str
    overall_column: str | None
    sub_columns: dict[str, str]  # sub-judgement id -> column
    kind_column: str | None = None


def _sif(prefix: str, date_column: str, kind: str) -> JudgedColumns:
    return JudgedColumns(
        "sif",
        kind,
        date_column,
        f"{prefix} Overall Judgement (OE)",
        {
            "help_and_protection": f"{prefix} children who need help and protection",
            "in_care": f"{prefix} children looked after and achieving permanence",
            "care_leavers": f"{prefix} CLA Sub: Experiences and progress of care leavers",
            "leaders": f"{prefix} leadership, management and governance",
        },
    )


def _ilacs(prefix: str, framework: str, in_care: str, care_leavers: bool) -> JudgedColumns:
    subs = {
        "leaders": f"{prefix} impact of leaders",
        "help_and_protection": f"{prefix} experiences and progress of children who need help and protection",
        "in_care": f"{prefix} experiences and progress of {in_care}",
    }
    if care_leavers:
        subs["care_leavers"] = f"{prefix} experiences and progress of care leavers"
    return JudgedColumns(
        framework,
        UNSPECIFIED_INSPECTION,
        f"{prefix} publication date",
        f"{prefix} overall effectiveness",
        subs,
        kind_column=f"{prefix} inspection type",
    )


WIDE_JUDGEMENTS: tuple[JudgedColumns, ...] = (
    JudgedColumns(
        "slac",
        "first",
        "Safeguarding & Looked After Children (SLAC) Inspection publication date",
        None,
        {
            "help_and_protection": "SLAC Safeguarding Overall effectiveness (OE)",
            "in_care": "SLAC Looked After Children Overall Effectiveness (OE)",
        },
    ),
    JudgedColumns(
        "slac",
        "re-inspection",
        "SLAC re-inspection of Safeguarding publication date",
        None,
        {"help_and_protection": "SLAC re-inspection Safeguarding OE"},
    ),
    JudgedColumns(
        "slac",
        "re-inspection",
        "SLAC re-inspection of services for Children Looked After publication date",
        None,
        {"in_care": "SLAC re-inspection of services Children Looked After OE"},
    ),
    JudgedColumns(
        "cpi",
        "first",
        "Child Protection Inspections (CPI) publication date",
        None,
        {"help_and_protection": "CPI Overall Effectiveness (OE)"},
    ),
    JudgedColumns(
        "cpi",
        "re-inspection",
        "Child Protection Re-Inspection (CPRI) publication date",
        None,
        {"help_and_protection": "CPRI Overall Effectiveness (OE)"},
    ),
    _sif(
        "First SIF", "Single Inspection of LA Children's Services (SIF) First SIF publication date", "first"
    ),
    _sif(
        "SIF Re-inspection",
        "Single Inspection of LA Children's Services (SIF) SIF Re-inspection publication date",
        "re-inspection",
    ),
    _ilacs("First ILACS framework", "ilacs_2018", "children in care and care leavers", care_leavers=False),
    _ilacs("Second ILACS framework", "ilacs_2023", "children in care", care_leavers=True),
)
TLAC_DATE = "Targeted Looked After Children (TLAC) inspection publication date"
WIDE_REQUIRED = (NAME, *(j.date_column for j in WIDE_JUDGEMENTS[:-1]))  # the former-LA table stops there


def _authority_by_name(
    table: CellTable, row: int, name: str, column: str, former: bool, register: Register
) -> Authority:
    authority = register.lookup_former(name) if former else register.lookup(name)
    if authority is None:
        which = "former local authority" if former else "local authority"
        raise table.problem(row, column, f"unknown {which} name {name!r}: add it to the register's aliases")
    return authority


def _wide_row(
    table: CellTable, row: int, cells: dict[str, Cell], former: bool, register: Register
) -> list[Inspection]:
    authority = _authority_by_name(table, row, str(cells.get(NAME, "")), NAME, former, register)
    inspections = []
    for judged in WIDE_JUDGEMENTS:
        if judged.date_column not in table.columns:
            continue  # the former-LA table has no 2023-framework columns
        published = parse_date(table, row, cells, judged.date_column)
        overall = parse_grade(table, row, cells, judged.overall_column) if judged.overall_column else None
        subs = _sub_judgements(table, row, cells, {s: c for s, c in judged.sub_columns.items() if c in cells})
        if overall is None and not subs:
            continue  # not inspected under this framework, or not judged
        if published is None:
            raise table.problem(row, judged.date_column, "a judgement without its publication date")
        kind = judged.kind
        if judged.kind_column and cells.get(judged.kind_column):
            words = " ".join(str(cells[judged.kind_column]).lower().split())
            if words not in ILACS_KINDS:
                raise table.problem(row, judged.kind_column, f"unknown inspection type {words!r}")
            kind = ILACS_KINDS[words]
        inspections.append(
            Inspection(authority.old_la_code, judged.framework, kind, None, published, overall, subs)
        )
    return inspections


def _wide_inspections(tables: list[tuple[CellTable, bool]], register: Register, format: Format) -> ParsedFile:
    parsed = ParsedFile(format=format.id, format_title=format.title)
    tlac = 0
    for table, former in tables:
        table.require(*WIDE_REQUIRED)
        for row, cells in table.rows:
            parsed.rows_read += 1
            row_former = former or cells.get(TABLE_COLUMN) == FORMER_TABLE
            found = _wide_row(table, row, cells, row_former, register)
            tlac += bool(parse_date(table, row, cells, TLAC_DATE)) if TLAC_DATE in cells else 0
            if found:
                parsed.rows_loaded += 1
                parsed.inspections.extend(found)
            else:
                parsed.skipped.append((row, f"{cells.get(NAME)}: no judged inspection"))
    if tlac:
        parsed.notes.append(
            f"{tlac} targeted looked-after children (TLAC) inspections not loaded: Journeys has no "
            "framework for them"
        )
    return parsed


def _parse_history_workbook(path: Path, register: Register | None) -> ParsedFile:
    tables = []
    for table in sheet_tables(Path(path), HISTORY_SHEET, (NAME, "LA region")):
        # The sheet says which table lists LAs that existed before the restructures.
        former = "before the restructure" in table.title.lower()
        columns = tuple(_first_ilacs(c) for c in table.columns) if former else table.columns
        rows = [
            (n, {_first_ilacs(c) if former else c: v for c, v in cells.items()}) for n, cells in table.rows
        ]
        tables.append((CellTable(table.label, columns, rows, table.title), former))
    return _wide_inspections(tables, _register(register), HISTORY_WORKBOOK)


def _first_ilacs(column: str) -> str:
    return "First " + column if column.startswith(FORMER_TABLE_PREFIX) else column


def _parse_history_wide_csv(path: Path, register: Register | None) -> ParsedFile:
    table = read_csv_table(Path(path))
    table.require(TABLE_COLUMN)
    return _wide_inspections([(table, False)], _register(register), HISTORY_WIDE_CSV)


# The long CSV's framework labels; its SLAC grade is SLAC's safeguarding judgement.
LONG_FRAMEWORKS: dict[str, tuple[str, str, str | None]] = {
    # label: (framework, kind, the sub-judgement the grade belongs to, or None for overall)
    "SLAC": ("slac", "first", "help_and_protection"),
    "SIF": ("sif", "first", None),
    "SIF re-inspection": ("sif", "re-inspection", None),
    "ILACS 2018 framework (latest)": ("ilacs_2018", UNSPECIFIED_INSPECTION, None),
    "ILACS 2023 framework (latest)": ("ilacs_2023", UNSPECIFIED_INSPECTION, None),
}
LONG_COLUMNS = ("la_name", TABLE_COLUMN, "framework", "publication_date", "overall_effectiveness")


def _parse_history_long_csv(path: Path, register: Register | None) -> ParsedFile:
    table = read_csv_table(Path(path))
    table.require(*LONG_COLUMNS)
    register = _register(register)
    parsed = ParsedFile(format=HISTORY_LONG_CSV.id, format_title=HISTORY_LONG_CSV.title)
    for row, cells in table.rows:
        parsed.rows_read += 1
        former = cells[TABLE_COLUMN] == FORMER_TABLE
        authority = _authority_by_name(table, row, str(cells["la_name"]), "la_name", former, register)
        label = str(cells["framework"])
        if label not in LONG_FRAMEWORKS:
            raise table.problem(row, "framework", f"unknown framework {label!r}")
        framework, kind, sub = LONG_FRAMEWORKS[label]
        published = parse_date(table, row, cells, "publication_date")
        grade = parse_grade(table, row, cells, "overall_effectiveness")
        if published is None or grade is None:
            raise table.problem(row, "publication_date", "a row without its date or grade")
        overall, subs = (grade, {}) if sub is None else (None, {sub: grade})
        parsed.inspections.append(
            Inspection(authority.old_la_code, framework, kind, None, published, overall, subs)
        )
        parsed.rows_loaded += 1
    return parsed


# --- Recognising the files --------------------------------------------------------------------


def _csv_has(*columns: str, without: tuple[str, ...] = ()) -> Callable[[Path, TableHead], bool]:
    def sniff(path: Path, head: TableHead) -> bool:
        lowered = {c.lower() for c in head.columns}
        return head.has_columns(*columns) and not any(c.lower() in lowered for c in without)

    return sniff


def _has_sheet(*sheets: str) -> Callable[[Path, TableHead], bool]:
    return lambda path, head: any(sheet in head.sheets for sheet in sheets)


OUTCOMES_WORKBOOK = Format(
    id="ofsted-outcomes-workbook",
    title="Ofsted: local authority inspection outcomes workbook",
    sniff=_has_sheet(*(spec.sheet for spec in OUTCOMES_TABLES)),
    parse=_parse_outcomes_workbook,
)
HISTORY_WORKBOOK = Format(
    id="ofsted-history-2009-2023",
    title="Ofsted: inspections of local authorities 2009–2023 (workbook)",
    sniff=_has_sheet(HISTORY_SHEET),
    parse=_parse_history_workbook,
)
HISTORY_WIDE_CSV = Format(
    id="ofsted-history-2009-2023-wide",
    title="Ofsted: inspections of local authorities 2009–2023 (wide CSV)",
    sniff=_csv_has(NAME, "First SIF Overall Judgement (OE)", TABLE_COLUMN),
    parse=_parse_history_wide_csv,
)
HISTORY_LONG_CSV = Format(
    id="ofsted-history-2009-2023-long",
    title="Ofsted: overall judgements 2009–2023 (long CSV)",
    sniff=_csv_has(*LONG_COLUMNS),
    parse=_parse_history_long_csv,
)

FORMATS: tuple[Format, ...] = (
    OUTCOMES_WORKBOOK,
    HISTORY_WORKBOOK,
    Format(
        ILACS_HISTORY.id,
        ILACS_HISTORY.title + " (CSV)",
        _csv_has(CODE, "Local authority status", "Inspection type"),
        _outcomes_csv_parser(ILACS_HISTORY),
    ),
    Format(
        IN_YEAR.id,
        IN_YEAR.title + " (CSV)",
        _csv_has(CODE, "Inspection/Visit type"),
        _outcomes_csv_parser(IN_YEAR),
    ),
    Format(
        LATEST.id,
        LATEST.title + " (CSV)",
        _csv_has(CODE, "Inspection date", OVERALL, without=("Inspection type", "Inspection/Visit type")),
        _outcomes_csv_parser(LATEST),
    ),
    HISTORY_WIDE_CSV,
    HISTORY_LONG_CSV,
)
