"""The contract every evidence file format follows.

A format module exposes one ``Format`` object. :func:`journeys.evidence.formats.parse` reads the
first bytes of a file into a :class:`TableHead`, asks each registered format whether it
recognises that content (never the file name), and calls the matching ``parse``. Parsers only
read: they return a :class:`ParsedFile` and never write anything.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from journeys.evidence.records import Inspection, Observation

if TYPE_CHECKING:
    from journeys.authorities.register import Register

# How much of a file is read to recognise it.
HEAD_BYTES = 64 * 1024
HEAD_ROWS = 20

ZIP_MAGIC = b"PK\x03\x04"  # XLSX and ODS are zip containers
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy binary .xls


class ImportProblem(Exception):
    """A file cannot be read as evidence; says where (file, row, column) and why."""

    def __init__(self, file: str | Path, reason: str, row: int | None = None, column: str | None = None):
        self.file = str(file)
        self.row = row  # 1-based data row (the header is row 0), or None for the whole file
        self.column = column
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.reason}"


@dataclass(frozen=True)
class NeighbourLink:
    """One statistical neighbour of an LA in one model; rank 1 is the closest."""

    model: str  # e.g. "dfe-2025", "dfe-2021", "d2i-previous"
    la_code: str
    rank: int
    neighbour_code: str
    band: str | None = None  # the publisher's closeness band, where it gives one


@dataclass(frozen=True)
class JointReturn:
    """A figure published once for LAs that make a joint return (e.g. Kingston and Richmond).

    Each member LA gets its own Observation carrying the joint figure; this record lets a
    benchmark say so instead of presenting it as the LA's own.
    """

    indicator: str
    year: int
    members: tuple[str, ...]  # 3-digit codes, in the order the source lists them
    source_code: str  # the code as published, e.g. "314 / 318"
    source_name: str


@dataclass
class ParsedFile:
    """Everything a parser read from one file."""

    format: str  # a stable format id, e.g. "ees-csc"
    format_title: str
    rows_read: int = 0
    rows_loaded: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)
    observations: list[Observation] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)
    neighbours: list[NeighbourLink] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    joint_returns: list[JointReturn] = field(default_factory=list)
    # Reference rows a format passes through unchanged (e.g. DfE's dashboard metadata).
    records: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class TableHead:
    """What formats sniff: the start of a file, decoded where it is text.

    ``columns`` is the first CSV row (BOM and surrounding spaces removed) when the file is
    text (bytes that are not UTF-8 are replaced, and ``text`` is then None, so the format is
    still recognised and its parser reports the encoding); ``rows`` are the next few rows.
    ``sheets`` lists sheet names for XLSX/ODS.
    """

    magic: bytes
    text: str | None  # None when the start is not UTF-8 text
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    sheets: tuple[str, ...] = ()

    @property
    def is_spreadsheet(self) -> bool:
        return bool(self.sheets)

    def has_columns(self, *names: str) -> bool:
        lowered = {c.lower() for c in self.columns}
        return all(name.lower() in lowered for name in names)


@dataclass(frozen=True)
class Format:
    """A recognisable file format: a stable id, a title, a content sniffer and a parser."""

    id: str
    title: str
    sniff: Callable[[Path, TableHead], bool]
    parse: Callable[[Path, Register | None], ParsedFile]


def read_head(path: Path) -> TableHead:
    """Read enough of a file to recognise it, without judging whether the rest is sound."""
    with path.open("rb") as handle:
        raw = handle.read(HEAD_BYTES)
    if raw.startswith(ZIP_MAGIC):
        return TableHead(magic=raw[:8], text=None, sheets=_sheet_names(path))
    utf8 = True
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the head limit is still UTF-8; anything else is not,
        # but its header is still decoded so the format can be recognised and report the row.
        utf8 = error.start >= len(raw) - 4
        text = raw[: error.start].decode("utf-8-sig") if utf8 else raw.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    if len(raw) == HEAD_BYTES and lines:
        lines = lines[:-1]  # the last line may be cut short by the head limit
    rows = list(csv.reader(io.StringIO("\n".join(lines[: HEAD_ROWS + 1]))))
    columns = tuple(c.strip() for c in rows[0]) if rows else ()
    return TableHead(
        magic=raw[:8],
        text=text if utf8 else None,
        columns=columns,
        rows=tuple(tuple(r) for r in rows[1:]),
    )


def _sheet_names(path: Path) -> tuple[str, ...]:
    """Sheet names of an XLSX/ODS workbook; empty when the zip is not a workbook."""
    from python_calamine import CalamineWorkbook

    try:
        return tuple(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # calamine raises several error types for a zip that is no workbook
        return ()


@dataclass(frozen=True)
class CsvTable:
    """A whole CSV file checked for shape: unique header, every row as wide as the header."""

    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]  # rows[0] is data row 1

    def index(self, column: str) -> int:
        return self.columns.index(column)


def read_csv(path: Path, *, allow_duplicate_columns: bool = False) -> CsvTable:
    """Read a UTF-8 CSV (BOM accepted) strictly, raising ImportProblem for any damage.

    Catches wrong encodings, empty files, duplicated header names, rows with the wrong number
    of fields and unterminated quotes (both usual signs of a truncated download).
    """
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportProblem(path, "the file is empty")
    if raw.startswith(ZIP_MAGIC) or raw.startswith(OLE_MAGIC):
        raise ImportProblem(path, "this is a spreadsheet or archive, not a CSV file")
    if b"\x00" in raw:  # UTF-16 text or a binary file; no database text column can hold it
        line = raw[: raw.index(b"\x00")].count(b"\n")
        raise ImportProblem(path, "the file contains NUL bytes; save it as UTF-8 CSV", row=line or None)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n")
        raise ImportProblem(
            path,
            f"not UTF-8 text (byte {raw[error.start]:#04x}); save the file as UTF-8 CSV",
            row=line or None,
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise ImportProblem(path, f"the header cannot be read: {error}") from None
    columns = tuple(c.strip() for c in header)
    if not any(columns):
        raise ImportProblem(path, "the file has no header row")
    if not allow_duplicate_columns:
        seen: set[str] = set()
        for name in columns:
            if name in seen:
                raise ImportProblem(path, "the column name appears more than once", column=name)
            seen.add(name)
    rows: list[tuple[str, ...]] = []
    row_number = 0
    try:
        for record in reader:
            row_number += 1
            if not any(cell.strip() for cell in record):
                rows.append(())  # a blank line keeps its number so later rows stay aligned
                continue
            rows.append(tuple(record))
    except csv.Error as error:
        raise ImportProblem(
            path,
            f"the file is truncated or malformed ({error}), e.g. an unterminated quote",
            row=row_number + 1,
        ) from None
    if text.count('"') % 2:
        raise ImportProblem(path, "the file is truncated: a quoted field is never closed", row=row_number)
    for number, record in enumerate(rows, start=1):
        if record and len(record) != len(columns):
            last = number == len(rows)
            reason = (
                f"the file is truncated: the last row has {len(record)} fields, the header {len(columns)}"
                if last and len(record) < len(columns)
                else f"row has {len(record)} fields but the header has {len(columns)}"
            )
            column = columns[len(record)] if len(record) < len(columns) else None
            raise ImportProblem(path, reason, row=number, column=column)
    return CsvTable(columns=columns, rows=rows)
