"""Tables: shown as a GOV.UK table and downloadable as CSV or XLSX from the same data.

Every table a page shows can be downloaded, so the figures in front of councillors can be
checked. Text cells that a spreadsheet would run as a formula are neutralised on export.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html

from journeys.common.charts import LineChart

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Make a text cell inert in a spreadsheet; numbers and empty cells pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    numeric: bool = False


@dataclass(frozen=True)
class Link:
    """A cell that links somewhere on the page; exports keep only the text."""

    text: str
    href: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Table:
    caption: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    first_cell_is_header: bool = True

    def component_params(self) -> dict[str, Any]:
        return {
            "caption": self.caption,
            "captionClasses": "govuk-table__caption--m",
            "firstCellIsHeader": self.first_cell_is_header,
            "head": [{"text": c.title, "format": "numeric" if c.numeric else ""} for c in self.columns],
            "rows": [[self._cell(row.get(c.key), c) for c in self.columns] for row in self.rows],
        }

    @staticmethod
    def _cell(value: Any, column: Column) -> dict[str, Any]:
        cell: dict[str, Any] = {"format": "numeric" if column.numeric else ""}
        if isinstance(value, Link):
            cell["html"] = format_html('<a class="govuk-link" href="{}">{}</a>', value.href, value.text)
        else:
            cell["text"] = "" if value is None else str(value)
        return cell

    def _export_rows(self) -> list[list[Any]]:
        rows = [[c.title for c in self.columns]]
        for row in self.rows:
            values = []
            for column in self.columns:
                value = row.get(column.key)
                values.append(neutralise(str(value) if isinstance(value, Link) else value))
            rows.append(values)
        return rows

    def as_csv(self) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(self._export_rows())
        return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8

    def as_xlsx(self) -> bytes:
        # Imported on use: openpyxl takes most of a second to load, and every page imports this module.
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Data"
        for row in self._export_rows():
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def chart_table(chart: LineChart, caption: str | None = None, number_format: str = "{:,.1f}") -> Table:
    """A line chart's figures as a table, a row a year, for screen readers and downloads."""
    xs = sorted({x for s in chart.series for x, _ in s.points})
    by_series = [dict(s.points) for s in chart.series]
    columns = [Column("year", chart.x_title)] + [
        Column(f"s{i}", s.name, numeric=True) for i, s in enumerate(chart.series)
    ]
    rows = []
    for x in xs:
        row: dict = {"year": str(x)}
        for i, values in enumerate(by_series):
            value = values.get(x)
            row[f"s{i}"] = "" if value is None else number_format.format(value)
        rows.append(row)
    return Table(caption=caption or f"Data for the chart: {chart.title}", columns=columns, rows=rows)
