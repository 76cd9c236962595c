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

    def running_text(self, *, header: str, footer: str) -> None:
        """Text at the top and foot of every page (the footer adds "Page N of M")."""
        for section in self.document.sections:
            section.header.paragraphs[0].text = header
            footing = section.footer.paragraphs[0]
            footing.text = f"{footer}. Page "
            _field(footing, "PAGE")
            footing.add_run(" of ")
            _field(footing, "NUMPAGES")
            for paragraph in (section.header.paragraphs[0], footing):
                for run in paragraph.runs:
                    run.font.size = Pt(9)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in as it lays the pages out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


def briefing_document(briefing) -> bytes:
    """The members' briefing (a ``reports.presenters.Briefing``) as a DOCX."""
    from docx.shared import RGBColor

    la, journey = briefing.la, briefing.journey
    word = WordDocument(title=briefing.title)
    word.running_text(header=briefing.running_head, footer=briefing.data_version)

    def picture(chart) -> None:
        word.picture(title=chart.title, description=chart.description, png=chart.png())

    word.heading(f"{la.name}: where children's services are on the improvement journey", level=0)
    subtitle = word.paragraph(f"Briefing for elected members and senior leaders, {briefing.date_name}")
    subtitle.runs[0].font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)
    word.paragraph(f"{briefing.data_version}.")
    if briefing.demonstration:
        word.paragraph().add_run(briefing.demonstration).bold = True

    word.heading("Where we are", level=1)
    summary = word.paragraph()
    summary.add_run(f"Stage: {journey.stage}. ").bold = True
    word.paragraph(journey.position)
    word.paragraph(f"{journey.placed_from} {briefing.confidence}")
    word.heading("Why", level=2)
    for reason in journey.reasons:
        word.bullet(reason)
    if journey.self_view_gap:
        word.heading("Our view and the evidence", level=2)
        word.paragraph(journey.self_view_gap)

    word.heading(journey.next_step_heading, level=1)
    word.paragraph(journey.next_step)

    if briefing.commentary:
        commentary = briefing.commentary
        word.heading(commentary.heading, level=1)
        note = word.paragraph()
        note.add_run(commentary.note).bold = commentary.draft
        for paragraph in commentary.paragraphs:
            word.paragraph(paragraph)

    word.heading("Key figures", level=1)
    word.paragraph(briefing.figures_note)
    if briefing.key_figures.rows:
        word.data_table(briefing.key_figures)
    if briefing.benchmark_chart:
        picture(briefing.benchmark_chart)

    word.heading("Warning signs of slipping back", level=1)
    for statement in journey.warning_statements:
        word.paragraph(statement)
    if journey.warning_signs:
        word.paragraph("Signs to ask about:")
    for sign in journey.warning_signs:
        word.bullet(sign)
    word.paragraph(journey.warning_caveat)

    word.heading("Questions members may ask", level=1)
    if not briefing.questions:
        word.paragraph(briefing.no_questions)
    for question in briefing.questions:
        asked = word.paragraph(style="List Number")
        asked.add_run(question.text).bold = True
        word.paragraph(f"Why it may be asked: {question.because}")

    word.heading("Enabler profile", level=1)
    if briefing.profile_table:
        word.paragraph(
            "From our latest submitted self-evaluation: for each enabler and each stage, how many of the "
            "stage's statements are rated mostly or fully in place."
        )
        picture(briefing.profile_chart)
        word.data_table(briefing.profile_table)
    else:
        word.paragraph("There is no submitted self-evaluation that this briefing may show.")

    word.heading("About these figures", level=1)
    word.paragraph(briefing.sources)
    return word.bytes()
