"""Stored charts: each chart is drawn once, read back after, and drawn again when what it shows changes."""

from dataclasses import replace
from unittest import mock

import pytest

from journeys.common import services
from journeys.common.charts import BarChart, LineChart, Series, render_svg, svg_to_png
from journeys.common.models import RenderedChart
from journeys.common.services import (
    rendered_chart_get_or_create,
    rendered_chart_png_get_or_create,
    rendered_charts_get_or_create,
)

pytestmark = pytest.mark.django_db

BARS = BarChart(
    title="Caseloads",
    x_title="Cases per social worker",
    series=(Series("Caseload", (("Birmingham", 17.2), ("Solihull", 15.9))),),
)
LINES = LineChart(
    title="Agency staff",
    y_title="Per cent",
    series=(Series("Birmingham", ((2022, 18.0), (2023, 16.5))),),
)


@pytest.fixture
def draws():
    """Counts the charts actually drawn, still drawing them."""
    RenderedChart.objects.all().delete()
    with mock.patch.object(services, "render_svg", wraps=render_svg) as spy:
        yield spy


def test_a_chart_is_drawn_once_and_then_read_back(draws, django_assert_num_queries):
    first = rendered_chart_get_or_create(chart=BARS)
    assert draws.call_count == 1 and RenderedChart.objects.get(key=BARS.key()).svg == first
    with django_assert_num_queries(1):
        again = rendered_chart_get_or_create(chart=BARS)
    assert again == first and draws.call_count == 1


def test_a_page_of_stored_charts_is_read_in_one_query(draws, django_assert_num_queries):
    rendered_charts_get_or_create(charts=[BARS, LINES])
    assert draws.call_count == 2
    with django_assert_num_queries(1):
        svgs = rendered_charts_get_or_create(charts=[BARS, LINES, BARS])
    assert set(svgs) == {BARS.key(), LINES.key()} and draws.call_count == 2


@pytest.mark.parametrize(
    "changed",
    [
        replace(BARS, series=(Series("Caseload", (("Birmingham", 17.3), ("Solihull", 15.9))),)),
        replace(BARS, series=(Series("Caseload", (("Birmingham", 17.2), ("Sandwell", 15.9))),)),
        replace(BARS, title="Caseloads, 2024"),
        replace(BARS, description="Birmingham's caseload beside Solihull's."),
        replace(BARS, domain=(0, 30)),
    ],
    ids=["a value", "a label", "the title", "the description", "the scale"],
)
def test_a_change_to_what_the_chart_shows_is_a_new_key_and_a_new_drawing(draws, changed):
    old = rendered_chart_get_or_create(chart=BARS)
    assert changed.key() != BARS.key()
    new = rendered_chart_get_or_create(chart=changed)
    assert draws.call_count == 2 and new != old
    assert RenderedChart.objects.count() == 2


def test_the_key_is_a_digest_of_the_content_not_of_the_object():
    same = BarChart(
        title="Caseloads",
        x_title="Cases per social worker",
        series=(Series("Caseload", (("Birmingham", 17.2), ("Solihull", 15.9))),),
    )
    assert same is not BARS and same.key() == BARS.key() and len(BARS.key()) == 64


def test_a_stored_chart_is_served_without_drawing_it(draws):
    RenderedChart.objects.create(key=BARS.key(), svg="<svg>stored first</svg>")
    assert rendered_chart_get_or_create(chart=BARS) == "<svg>stored first</svg>"
    assert draws.call_count == 0


def test_a_charts_png_is_made_once_from_the_stored_svg(draws):
    svg = rendered_chart_get_or_create(chart=BARS)
    with mock.patch.object(services, "svg_to_png", wraps=svg_to_png) as pngs:
        png = rendered_chart_png_get_or_create(chart=BARS, svg=svg)
        assert png.startswith(b"\x89PNG") and pngs.call_count == 1
        assert rendered_chart_png_get_or_create(chart=BARS, svg=svg) == png and pngs.call_count == 1
    assert bytes(RenderedChart.objects.get(key=BARS.key()).png) == png and draws.call_count == 1


def test_a_png_asked_for_before_its_svg_was_stored_stores_both(draws):
    svg = render_svg(BARS)
    png = rendered_chart_png_get_or_create(chart=BARS, svg=svg)
    stored = RenderedChart.objects.get(key=BARS.key())
    assert stored.svg == svg and bytes(stored.png) == png
    assert rendered_chart_get_or_create(chart=BARS) == svg and draws.call_count == 0
