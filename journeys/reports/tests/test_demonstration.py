"""A briefing built on generated demonstration evidence says so, in the PDF and the DOCX."""

import io

import pytest
from docx import Document

from journeys.authorities.models import LocalAuthority
from journeys.evidence.selectors import DEMONSTRATION_NOTICE
from journeys.evidence.services import evidence_demo_load
from journeys.reports.presenters import briefing_content, briefing_docx

pytestmark = pytest.mark.django_db


def test_a_briefing_on_demonstration_data_says_so():
    la = LocalAuthority.objects.get(old_la_code="330")
    assert briefing_content(la=la, operator=True).demonstration is None  # nothing generated held
    evidence_demo_load()
    content = briefing_content(la=la, operator=True)
    assert content.demonstration == DEMONSTRATION_NOTICE
    paragraphs = [p.text for p in Document(io.BytesIO(briefing_docx(content))).paragraphs]
    assert DEMONSTRATION_NOTICE in paragraphs[:4]
