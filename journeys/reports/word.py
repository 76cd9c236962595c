"""Word (DOCX) documents the way Journeys writes them, with python-docx: the members' briefing and
the workshop summary report both use it.

Every document has its title, author and language set, Liberation Sans at 11 pt and 2 cm margins;
tables mark their first row as the header row (repeated on each page and read as headers by
screen readers); pictures carry alt text. Imported only when a document is written: python-docx
takes a while to load, and the URLconf imports the services that call this for every page.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from journeys.common.tables import Table


class WordDocument:
    def __init__(self, *, title: str):
        self.document = Document()
        self.document.styles["Normal"].font.name = "Liberation Sans"
        self.document.styles["Normal"].font.size = Pt(11)
        self.document.core_properties.title = title
        self.document.core_properties.author = "Journeys"
        self.document.core_properties.language = "en-GB"
        for section in self.document.sections:
            section.left_margin = section.right_margin = Cm(2)

    def heading(self, text: str, level: int):
        return self.document.add_heading(text, level=level)

    def paragraph(self, text: str = "", style: str | None = None):
        return self.document.add_paragraph(text, style=style)

    def bullet(self, text: str):
        return self.document.add_paragraph(text, style="List Bullet")

    def table(self, caption: str, head: list[str], rows: list[list[str]]) -> None:
        self.document.add_paragraph(caption, style="Caption")
        grid = self.document.add_table(rows=1, cols=len(head))
        grid.style = "Light Grid Accent 1"
        for cell, title in zip(grid.rows[0].cells, head, strict=True):
            cell.text = title
        for row in rows:
            for cell, value in zip(grid.add_row().cells, row, strict=True):
                cell.text = value
        properties = grid.rows[0]._tr.get_or_add_trPr()
        marker = OxmlElement("w:tblHeader")
        marker.set(qn("w:val"), "true")
        properties.append(marker)

    def data_table(self, table: Table) -> None:
        """A page's table, under its caption, every value as text."""
        self.table(
            table.caption,
            [column.title for column in table.columns],
            [
                ["" if row.get(c.key) is None else str(row.get(c.key)) for c in table.columns]
                for row in table.rows
            ],
        )

    def picture(self, *, title: str, description: str, png: bytes, width_cm: float = 15.5) -> None:
        """A chart under a heading of its title, its description as the picture's alt text."""
        self.document.add_paragraph(title, style="Heading 3")
        shape = self.document.add_picture(io.BytesIO(png), width=Cm(width_cm))
        # python-docx has no alt-text API: the description goes on the drawing's docPr.
        shape._inline.docPr.set("descr", description)
        shape._inline.docPr.set("title", title)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
