"""Reference files that are checked against the register rather than loaded as evidence.

* Journeys' LA lookup (``england_csc_local_authorities_2025.csv``): every field must agree
  with the register, and every current LA must be present.
* Data to Insight's provider lookup (``Provider_data_lookup.csv``): codes, E-codes, Ofsted
  URNs, names and neighbour codes must agree with the register. Its
  ``stat_neighbours_previous`` lists are **not** loaded as neighbour links: for 152 LAs they
  hold the same members as DfE's April 2021 groupings but in a different order, so their
  ranks are unreliable, and the lists for Cumberland and Westmorland and Furness (which had
  no 2021 grouping) have nine members. Use DfE's own 2021 file for the earlier model.
* DfE's outcomes-and-enablers dashboard metadata (``summary_page_metadata.csv``): its rows
  are passed through unchanged in ``ParsedFile.records`` for cross-reference.

A mismatch raises ImportProblem naming the row and column.
"""

from __future__ import annotations

from pathlib import Path

from journeys.authorities.register import Authority, Register, load_register, normalise_name
from journeys.evidence.formats.base import CsvTable, Format, ImportProblem, ParsedFile, read_csv

LA_LOOKUP_COLUMNS = (
    "old_la_code",
    "new_la_code",
    "la_name",
    "region_code",
    "region_name",
    "ofsted_urn",
    "la_type",
)
D2I_COLUMNS = (
    "urn",
    "la_code",
    "la_code_new",
    "local_authority_ons_name",
    "stat_neighbours",
    "stat_neighbours_previous",
)
METADATA_COLUMNS = (
    "sort_order",
    "tab_name",
    "metric_display_text",
    "dataset_name",
    "value_column",
    "dimensional_filters",
)

LA_LOOKUP_TITLE = "Journeys LA lookup (England, children's services, 2025)"
D2I_TITLE = "Data to Insight provider lookup"
METADATA_TITLE = "DfE outcomes and enablers dashboard: indicator metadata"


def _require(path: Path, table: CsvTable, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ImportProblem(path, f"missing required columns: {', '.join(missing)}", column=missing[0])


def _records(table: CsvTable) -> list[tuple[int, dict[str, str]]]:
    return [
        (number, {name: cell.strip() for name, cell in zip(table.columns, row, strict=True)})
        for number, row in enumerate(table.rows, start=1)
        if row
    ]


def _authority(path: Path, register: Register, code: str, number: int, column: str) -> Authority:
    authority = register.lookup(code) if code.isdigit() else None
    if authority is None:
        raise ImportProblem(path, f"unknown LA code {code!r}", row=number, column=column)
    return authority


def parse_la_lookup(path: Path, register: Register | None = None) -> ParsedFile:
    """Check the LA lookup against the register, field by field."""
    path = Path(path)
    register = register or load_register()
    table = read_csv(path)
    _require(path, table, LA_LOOKUP_COLUMNS)
    result = ParsedFile(format="la-lookup", format_title=LA_LOOKUP_TITLE)
    fields = {
        "new_la_code": "new_la_code",
        "la_name": "name",
        "region_code": "region_code",
        "region_name": "region",
        "ofsted_urn": "ofsted_urn",
        "la_type": "type",
    }
    listed: set[str] = set()
    for number, record in _records(table):
        result.rows_read += 1
        authority = _authority(path, register, record["old_la_code"], number, "old_la_code")
        for column, attribute in fields.items():
            expected = getattr(authority, attribute)
            if record[column] != expected:
                raise ImportProblem(
                    path,
                    f"{record[column]!r} but the register has {expected!r} for {authority.old_la_code}",
                    row=number,
                    column=column,
                )
        listed.add(authority.old_la_code)
        result.rows_loaded += 1
    absent = sorted(a.old_la_code for a in register.current if a.old_la_code not in listed)
    if absent:
        raise ImportProblem(path, f"current LAs missing from the lookup: {', '.join(absent)}")
    result.notes.append(f"All {len(listed)} LAs agree with the register.")
    return result


def parse_d2i_lookup(path: Path, register: Register | None = None) -> ParsedFile:
    """Check D2I's provider lookup against the register; it yields no evidence of its own."""
    path = Path(path)
    register = register or load_register()
    table = read_csv(path)
    _require(path, table, D2I_COLUMNS)
    result = ParsedFile(format="d2i-la-lookup", format_title=D2I_TITLE)
    for number, record in _records(table):
        result.rows_read += 1
        authority = _authority(path, register, record["la_code"], number, "la_code")
        ecode = record["la_code_new"]
        if ecode and register.lookup(ecode) is not authority:
            raise ImportProblem(
                path,
                f"E-code {ecode!r} does not belong to {authority.name} ({authority.old_la_code})",
                row=number,
                column="la_code_new",
            )
        if not ecode and authority.is_current:
            raise ImportProblem(
                path, f"no E-code for current LA {authority.old_la_code}", row=number, column="la_code_new"
            )
        if record["urn"] and record["urn"] != authority.ofsted_urn:
            raise ImportProblem(
                path,
                f"Ofsted URN {record['urn']} but the register has {authority.ofsted_urn or 'none'}",
                row=number,
                column="urn",
            )
        name = record["local_authority_ons_name"]
        if register.lookup(name) is not authority and normalise_name(name) != normalise_name(authority.name):
            raise ImportProblem(
                path,
                f"name {name!r} does not match {authority.name} ({authority.old_la_code})",
                row=number,
                column="local_authority_ons_name",
            )
        for column in ("stat_neighbours", "stat_neighbours_previous"):
            for code in filter(None, (c.strip() for c in record[column].split(","))):
                _authority(path, register, code, number, column)
        result.rows_loaded += 1
    result.notes.append(
        f"All {result.rows_loaded} rows agree with the register. Neighbour lists were checked but not "
        "loaded: stat_neighbours repeats DfE's 2025 model, and stat_neighbours_previous orders DfE's "
        "2021 groupings differently, so its ranks are not reliable."
    )
    return result


def parse_dashboard_metadata(path: Path, register: Register | None = None) -> ParsedFile:
    """Pass DfE's dashboard indicator metadata through unchanged, one dict per row."""
    path = Path(path)
    table = read_csv(path)
    _require(path, table, METADATA_COLUMNS)
    result = ParsedFile(format="dfe-dashboard-metadata", format_title=METADATA_TITLE)
    for _number, record in _records(table):
        result.rows_read += 1
        result.records.append(record)
        result.rows_loaded += 1
    result.notes.append(
        f"{result.rows_loaded} dashboard metrics, passed through as published "
        "(dataset_name and value_column are the dashboard's own names, not EES file names)."
    )
    return result


FORMATS = (
    Format(
        id="la-lookup",
        title=LA_LOOKUP_TITLE,
        sniff=lambda path, head: head.has_columns(*LA_LOOKUP_COLUMNS) and not head.has_columns("time_period"),
        parse=parse_la_lookup,
    ),
    Format(
        id="d2i-la-lookup",
        title=D2I_TITLE,
        sniff=lambda path, head: head.has_columns(*D2I_COLUMNS),
        parse=parse_d2i_lookup,
    ),
    Format(
        id="dfe-dashboard-metadata",
        title=METADATA_TITLE,
        sniff=lambda path, head: head.has_columns(*METADATA_COLUMNS),
        parse=parse_dashboard_metadata,
    ),
)
