"""DfE statistical neighbour groupings for children's services.

Two layouts are recognised, by their headers:

* the 2025 model (``old_la_code``, ``SN_1`` … ``SN_10`` each followed by ``SN_nP``, its
  closeness band) → model ``dfe-2025``;
* the April 2021 groupings (``LA num``, ``SN1`` … ``SN10`` each followed by a column also
  named ``SNP``; an "Old SNs:" marker row introduces pre-reorganisation LAs such as Dorset
  (Pre LG) 835 and Northamptonshire 928) → model ``dfe-2021``, legacy LAs included.

Every LA and neighbour code must be in the register (current or former).
"""

from __future__ import annotations

from pathlib import Path

from journeys.authorities.register import Register, load_register
from journeys.evidence.formats.base import (
    CsvTable,
    Format,
    ImportProblem,
    NeighbourLink,
    ParsedFile,
    TableHead,
    read_csv,
)

MODEL_2025_TITLE = "DfE statistical neighbours, 2025 model"
MODEL_2021_TITLE = "DfE statistical neighbour groupings, April 2021"
NEIGHBOURS_PER_LA = 10
LEGACY_MARKER = "Old SNs:"


def _sniff_2025(path: Path, head: TableHead) -> bool:
    return head.has_columns("old_la_code", "SN_1", "SN_1P")


def _sniff_2021(path: Path, head: TableHead) -> bool:
    return head.has_columns("LA num", "SN1", "SNP")


def parse_2025(path: Path, register: Register | None = None) -> ParsedFile:
    """DfE's 2025 statistical neighbour model, one row per current LA."""
    path = Path(path)
    table = read_csv(path)
    neighbour_columns = [(f"SN_{n}", f"SN_{n}P") for n in range(1, NEIGHBOURS_PER_LA + 1)]
    _require(path, table, ["old_la_code", *(c for pair in neighbour_columns for c in pair)])
    code_at = table.index("old_la_code")
    slots = [(table.index(sn), table.index(band)) for sn, band in neighbour_columns]
    return _parse_rows(path, table, register or load_register(), "dfe-2025", code_at, slots, MODEL_2025_TITLE)


def parse_2021(path: Path, register: Register | None = None) -> ParsedFile:
    """DfE's April 2021 groupings, including the legacy LAs listed after "Old SNs:"."""
    path = Path(path)
    # Every closeness column is headed "SNP"; each belongs to the SNn column just before it.
    table = read_csv(path, allow_duplicate_columns=True)
    _require(path, table, ["LA num", *(f"SN{n}" for n in range(1, NEIGHBOURS_PER_LA + 1))])
    slots = []
    for n in range(1, NEIGHBOURS_PER_LA + 1):
        at = table.index(f"SN{n}")
        if at + 1 >= len(table.columns) or table.columns[at + 1] != "SNP":
            raise ImportProblem(path, f"SN{n} is not followed by its SNP closeness column", column=f"SN{n}")
        slots.append((at, at + 1))
    return _parse_rows(
        path, table, register or load_register(), "dfe-2021", table.index("LA num"), slots, MODEL_2021_TITLE
    )


def _require(path: Path, table: CsvTable, columns: list[str]) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ImportProblem(path, f"missing required columns: {', '.join(missing)}", column=missing[0])


def _parse_rows(
    path: Path,
    table: CsvTable,
    register: Register,
    model: str,
    code_at: int,
    slots: list[tuple[int, int]],
    title: str,
) -> ParsedFile:
    result = ParsedFile(format=model, format_title=title)
    seen: dict[str, int] = {}
    legacy: list[str] = []
    in_legacy_section = False
    for number, row in enumerate(table.rows, start=1):
        if not row:
            continue
        result.rows_read += 1
        code = row[code_at].strip()
        if not code:
            if LEGACY_MARKER in row:
                in_legacy_section = True
                result.skipped.append((number, "marker row: the LAs below are pre-reorganisation LAs"))
            else:
                result.skipped.append((number, "no LA code"))
            continue
        authority = register.lookup(code) if code.isdigit() else None
        if authority is None:
            raise ImportProblem(path, f"unknown LA code {code!r}", row=number, column=table.columns[code_at])
        if code in seen:
            raise ImportProblem(
                path,
                f"LA {code} is listed twice (first in row {seen[code]})",
                row=number,
                column=table.columns[code_at],
            )
        seen[code] = number
        if in_legacy_section:
            legacy.append(f"{authority.name} ({code})")
        for rank, (code_column, band_column) in enumerate(slots, start=1):
            neighbour = row[code_column].strip()
            if not neighbour:
                continue
            if not neighbour.isdigit() or register.lookup(neighbour) is None:
                raise ImportProblem(
                    path,
                    f"unknown neighbour LA code {neighbour!r}",
                    row=number,
                    column=table.columns[code_column],
                )
            # 2021 writes "Very Close", 2025 "Very close ": one spelling lets bands compare.
            band = " ".join(row[band_column].split()).capitalize() or None
            result.neighbours.append(NeighbourLink(model, code, rank, neighbour, band))
        result.rows_loaded += 1
    if legacy:
        result.notes.append(f"Includes pre-reorganisation LAs: {', '.join(legacy)}.")
    return result


FORMATS = (
    Format(id="dfe-2025", title=MODEL_2025_TITLE, sniff=_sniff_2025, parse=parse_2025),
    Format(id="dfe-2021", title=MODEL_2021_TITLE, sniff=_sniff_2021, parse=parse_2021),
)
