"""Tables of named cells, read from a CSV file or a spreadsheet sheet, for every format.

CSV files are read by the one strict reader, :func:`~.base.read_csv`; this module turns its
rows, or a sheet's, into rows of cells by column name, numbered as in ``ImportProblem``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from journeys.evidence.formats.base import ImportProblem, read_csv

Cell = str | date


def clean_header(text: object) -> str:
    """Collapse spaces and line breaks, as sheet headers carry both and their CSVs neither."""
    return " ".join(str(text).split())


@dataclass(frozen=True)
class CellTable:
    """One table of a file: its header and its data rows, numbered as in ``ImportProblem``."""

    label: str  # the file, with the sheet for a workbook, for messages
    columns: tuple[str, ...]
    rows: list[tuple[int, dict[str, Cell]]]
    title: str = ""  # the title row above a sheet's table, if any

    def require(self, *columns: str) -> None:
        for column in columns:
            if column not in self.columns:
                raise ImportProblem(self.label, "a required column is missing", column=column)

    def problem(self, row: int, column: str, reason: str) -> ImportProblem:
        return ImportProblem(self.label, reason, row=row, column=column)


def _cell(value: object) -> Cell:
    if isinstance(value, datetime):  # pandas' Timestamp is a datetime
        return value.date()
    if isinstance(value, date):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # codes typed as numbers in a spreadsheet
    return str(value).strip()


def read_csv_table(path: Path) -> CellTable:
    """A CSV file as a table, checked for shape by the shared strict reader."""
    csv_table = read_csv(path)
    columns = tuple(clean_header(c) for c in csv_table.columns)
    rows = [
        (number, {column: _cell(value) for column, value in zip(columns, record, strict=True)})
        for number, record in enumerate(csv_table.rows, start=1)
        if record
    ]
    return CellTable(str(path), columns, rows)


def read_sheet(path: Path, sheet: str) -> list[list[object]]:
    """Every cell of one sheet, without guessing a header."""
    if path.stat().st_size == 0:
        raise ImportProblem(path, "the file is empty")
    # pandas is imported only to read a workbook: the URLconf imports this module (through the
    # format registry) for every page and command, and pandas takes about half a second to load.
    import pandas as pd

    try:
        frame = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object, engine="calamine")
    except ValueError as error:
        if "not found" in str(error).lower():
            raise ImportProblem(path, f"the workbook has no sheet named {sheet!r}") from None
        raise ImportProblem(path, f"not a readable spreadsheet: {error}") from None
    except Exception as error:  # calamine raises several error types for damaged workbooks
        raise ImportProblem(path, f"not a readable spreadsheet: {error}") from None
    return frame.to_numpy().tolist()


def sheet_tables(path: Path, sheet: str, key_columns: Iterable[str]) -> list[CellTable]:
    """The tables of a sheet, found by their header rows wherever title rows put them.

    A header row is one holding every key column; its table runs to the first blank row.
    """
    keys = set(key_columns)
    cells = read_sheet(path, sheet)
    label = f"{path} [sheet {sheet}]"
    tables: list[CellTable] = []
    index = 0
    while index < len(cells):
        header = tuple(clean_header(_cell(v)) for v in cells[index])
        if not keys <= set(header):
            index += 1
            continue
        title = next((str(_cell(row[0])) for row in reversed(cells[:index]) if str(_cell(row[0]))), "")
        rows: list[tuple[int, dict[str, Cell]]] = []
        index += 1
        while index < len(cells) and any(_cell(v) != "" for v in cells[index]):
            rows.append(
                (len(rows) + 1, {c: _cell(v) for c, v in zip(header, cells[index], strict=True) if c})
            )
            index += 1
        tables.append(CellTable(label, tuple(c for c in header if c), rows, title))
    if not tables:
        raise ImportProblem(label, f"no table with the columns {', '.join(sorted(keys))}")
    return tables
