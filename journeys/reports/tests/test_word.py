"""The one Word writer: what every Journeys document has, whichever report writes it."""

import io

from docx import Document
from docx.oxml.ns import qn

from journeys.common.charts import BarChart, Series, render_svg, svg_to_png
from journeys.common.tables import Column, Table
from journeys.reports.word import WordDocument


def test_documents_say_their_title_and_language_and_mark_table_headers_and_alt_text():
    chart = BarChart("Caseloads", "Cases per social worker", (Series("Caseload", (("Birmingham", 18.0),)),))
    word = WordDocument(title="A title for screen readers")
    word.data_table(
        Table(
            "Caseloads",
            [Column("la", "Local authority"), Column("n", "Caseload")],
            [{"la": "Birmingham", "n": 18}],
        )
    )
    word.picture(
        title=chart.title,
        description="Birmingham's caseload beside Solihull's.",
        png=svg_to_png(render_svg(chart)),
    )

    document = Document(io.BytesIO(word.bytes()))
    assert (document.core_properties.title, document.core_properties.language) == (
        "A title for screen readers",
        "en-GB",
    )
    assert document.styles["Normal"].font.name == "Liberation Sans"
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["Local authority", "Caseload"]
    assert [c.text for c in table.rows[1].cells] == ["Birmingham", "18"]
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None and header.get(qn("w:val")) == "true"
    assert [s._inline.docPr.get("descr") for s in document.inline_shapes] == [
        "Birmingham's caseload beside Solihull's."
    ]
