"""MHCLG revenue outturn workbooks: RO3 (social care) and RSX (service expenditure summary).

Each workbook has one data sheet, ``RO3_LA_Data_202425`` or ``RSX_LA_Data_2023-24``, with one
row per authority of every class, in £ thousand, under a header row starting ``E-code``.
Column names change wording between years, but every data column carries a stable MHCLG
variable code (``RO3-csctot-tot-exp``: total children's social care, total expenditure), in a
row above the header (2023-24) or below the table (2024-25). The catalogue names columns by
those codes.

Rows are read by ONS code: an authority in the register becomes its 3-digit code, ``ENGLAND``
becomes England; district councils, fire, police, waste and combined authorities have no
children's services and are skipped, counted by class. ``[x]`` (no return received in time)
and the other bracketed EES-style symbols are kept as symbols; a blank cell, "no entry", too.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from journeys.authorities.register import Register, load_register
from journeys.evidence.catalogue import Catalogue, load_catalogue
from journeys.evidence.formats.base import Format, ImportProblem, ParsedFile, TableHead
from journeys.evidence.records import SYMBOLS, Observation

FORMAT_ID = "mhclg-revenue-outturn"
FORMAT_TITLE = "MHCLG revenue outturn workbook (RO3 / RSX)"

DATA_SHEET = re.compile(r"^(RO3|RSX)_LA_Data_(\d{4})-?(\d{2})$")
VARIABLE_CODE = re.compile(r"^(RO3|RSX)-[a-z0-9-]+$")
CODE_COLUMN = "ONS Code"
CLASS_COLUMN = "Class"
ENGLAND_CLASS = "Eng"
# Classes with no children's services: shire districts and "other" (fire, police, waste…).
NO_CHILDRENS_SERVICES = {"SD": "shire district", "O": "other authority (fire, police, waste, combined)"}
NOT_ENTERED = "x"  # a blank cell: no figure entered


def sniff(path: Path, head: TableHead) -> bool:
    return any(DATA_SHEET.match(sheet) for sheet in head.sheets)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def parse(path: Path, register: Register | None = None, catalogue: Catalogue | None = None) -> ParsedFile:
    path = Path(path)
    register = register or load_register()
    catalogue = catalogue or load_catalogue()
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises several error types for damaged workbooks
        raise ImportProblem(path, f"not a readable spreadsheet: {error}") from None
    sheet = next((s for s in workbook.sheet_names if DATA_SHEET.match(s)), None)
    if sheet is None:
        raise ImportProblem(path, "no RO3_LA_Data or RSX_LA_Data sheet")
    form, start, end = DATA_SHEET.match(sheet).groups()  # type: ignore[union-attr]
    if int(end) != (int(start) + 1) % 100:
        raise ImportProblem(path, f"sheet {sheet!r} does not name a financial year such as 2024-25")
    year = int(start) + 1  # a financial year is stored as the year it ends in
    label = f"{path} [sheet {sheet}]"
    try:
        cells = [[_cell(v) for v in row] for row in workbook.get_sheet_by_name(sheet).to_python()]
    except Exception as error:
        raise ImportProblem(label, f"the sheet cannot be read: {error}") from None

    header_at = next((i for i, row in enumerate(cells) if row and row[0] == "E-code"), None)
    if header_at is None:
        raise ImportProblem(label, "no header row starting 'E-code'")
    header = cells[header_at]
    for column in (CODE_COLUMN, CLASS_COLUMN):
        if column not in header:
            raise ImportProblem(label, "a required column is missing", column=column)
    codes_row = max(cells, key=lambda row: sum(1 for c in row if VARIABLE_CODE.match(c)))
    codes = {c: index for index, c in enumerate(codes_row) if VARIABLE_CODE.match(c)}
    if not codes:
        raise ImportProblem(label, f"no row of MHCLG variable codes such as {form}-csctot-tot-exp")

    datasets = [
        d
        for d in catalogue.datasets.values()
        if d.source_format == "mhclg_revenue_outturn" and set(d.required_columns) <= set(codes)
    ]
    indicators = [i for d in datasets for i in catalogue.for_dataset(d.id)]
    result = ParsedFile(format=FORMAT_ID, format_title=FORMAT_TITLE)
    if not indicators:
        result.notes.append(f"No catalogue indicator comes from this {form} workbook; nothing was loaded.")
    else:
        result.notes.append(
            f"Read as: {'; '.join(d.title for d in datasets)}, financial year {start}-{end}, £ thousand."
        )
    code_at, class_at = header.index(CODE_COLUMN), header.index(CLASS_COLUMN)
    seen: dict[str, int] = {}
    for number, row in enumerate(cells[header_at + 1 :], start=1):
        if row is codes_row:
            continue
        if not any(row) or row[0] == "E-code":
            break  # the authorities' table ends here; a summary by class may follow
        result.rows_read += 1
        ons_code, authority_class = row[code_at], row[class_at]
        authority = register.lookup(ons_code) if ons_code else None
        if authority_class == ENGLAND_CLASS:
            area = "England"
        elif authority is not None:
            area = authority.old_la_code
        elif authority_class in NO_CHILDRENS_SERVICES:
            result.skipped.append(
                (number, f"not a children's services authority: {NO_CHILDRENS_SERVICES[authority_class]}")
            )
            continue
        else:
            raise ImportProblem(
                label, f"unknown authority {ons_code!r} ({row[2]})", row=number, column=CODE_COLUMN
            )
        if area in seen:
            raise ImportProblem(label, f"a second row for {area} (first in row {seen[area]})", row=number)
        seen[area] = number
        for indicator in indicators:
            text = row[codes[indicator.column]]  # type: ignore[index]
            value, symbol = _value(label, number, indicator.column, text)
            result.observations.append(
                Observation(
                    area,
                    indicator.id,
                    year,
                    value,
                    symbol,
                    catalogue.published(indicator.id, year),
                    "financial_year",
                )
            )
        result.rows_loaded += 1
    missing = sum(1 for o in result.observations if o.symbol == "x" and o.area != "England")
    if missing:
        result.notes.append(
            f"{missing} figures are not available ([x]: the return was not received in time)."
        )
    return result


def _value(label: str, number: int, column: str | None, text: str) -> tuple[float | None, str | None]:
    if not text:
        return None, NOT_ENTERED
    symbol = text.strip("[]").lower()
    if text.startswith("[") and symbol in SYMBOLS:
        return None, symbol
    try:
        value = float(text)
    except ValueError:
        raise ImportProblem(
            label, f"{text!r} is neither a number nor a symbol such as [x]", row=number, column=column
        ) from None
    if not math.isfinite(value):
        raise ImportProblem(label, f"{text!r} is not a finite number", row=number, column=column)
    return value, None


FORMATS = (Format(id=FORMAT_ID, title=FORMAT_TITLE, sniff=sniff, parse=parse),)
