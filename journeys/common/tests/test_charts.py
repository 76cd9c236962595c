"""The chart module on its own: no database, no Django request; each kind drawn to SVG."""

import os
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from journeys.common.charts import (
    BAR_COLOUR,
    FILLS,
    HIGHLIGHT_COLOUR,
    LINE_STYLES,
    BarChart,
    LineChart,
    Series,
    StackedColumnChart,
    render_svg,
    svg_data_uri,
    svg_to_png,
)
from journeys.common.tables import chart_table

JUDGEMENTS = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate", "No overall grade")
CHARTS = {
    "line": LineChart(
        "Agency rate, Birmingham",
        "Per cent",
        (
            Series("Birmingham", ((2023, 10.0), (2024, None), (2025, 12.5))),
            Series("England", ((2023, 8.0), (2024, 8.5), (2025, 9.0))),
        ),
    ),
    "step": LineChart(
        "Time to the next judgement",
        "Share not yet moved on",
        (
            Series("From inadequate", ((0, 1.0), (12, 0.6), (30, 0.2))),
            Series("From requires improvement", ((0, 1.0), (18, 0.7), (40, 0.4))),
        ),
        x_title="Months since the judgement",
        step=True,
        y_format="%",
        description="Half had moved on by 12 months.",
    ),
    "bar": BarChart(
        "Agency rate, 2025: England and regions",
        "Per cent",
        (Series("Agency rate", (("England", 17.6), ("London", 25.1), ("North East", 12.0))),),
        highlighted=("England",),
    ),
    "grouped": BarChart(
        "Enabler profile",
        "Mean rating",
        (
            Series("Birmingham", (("Leadership", 2.5), ("Practice", None))),
            Series("Median of 12 LAs", (("Leadership", 2.0), ("Practice", 1.0))),
        ),
        domain=(0, 3),
    ),
    "stacked": StackedColumnChart(
        "Latest judgements of LAs over time",
        "31 March of each year",
        "Local authorities",
        JUDGEMENTS,
        (("2024", (20, 80, 40, 12, 0)), ("2025", (25, 85, 35, 10, 0)), ("2026", (30, 85, 30, 8, 4))),
    ),
}


def drawn(name: str) -> BeautifulSoup:
    return BeautifulSoup(render_svg(CHARTS[name]), "html.parser")


def marks(soup, kind: str) -> list:
    """The data marks (not the legend's) of one Vega mark type, e.g. 'line', 'rect', 'symbol'."""
    return [
        path
        for group in soup.select(f"g.mark-{kind}.role-mark")
        for path in group.find_all("path", recursive=False)
    ]


def texts(soup) -> list[str]:
    return [t.get_text() for t in soup.select("text")]


@pytest.mark.parametrize("name", CHARTS)
def test_every_kind_is_one_labelled_image_named_by_its_title(name):
    chart = CHARTS[name]
    soup = drawn(name)
    svg = soup.select_one("svg")
    assert svg["role"] == "img" and svg["focusable"] == "false"
    assert chart.title in svg["aria-label"] and svg.select_one("title").get_text() == svg["aria-label"]
    # Vega's own ARIA is gone: the data table beside the chart carries the figures.
    assert not soup.select("[role=graphics-object], [role=graphics-symbol], [aria-roledescription]")


@pytest.mark.parametrize("name", CHARTS)
def test_identical_input_gives_identical_svg_and_key(name):
    chart = CHARTS[name]
    assert render_svg(chart) == render_svg(chart)
    assert chart.key() == type(chart)(**vars(chart)).key()


def test_line_chart_draws_a_line_per_series_with_its_own_dash_and_shape():
    soup = drawn("line")
    lines = marks(soup, "line")
    assert len(lines) == 2
    assert "stroke-dasharray" in str(lines[1]) and lines[0].get("stroke") == LINE_STYLES[0][0]
    assert len(marks(soup, "symbol")) == 5  # a point per figure; the missing one is not drawn
    assert {"2023", "2024", "2025", "Birmingham", "England", "Per cent"} <= set(texts(soup))
    assert soup.select_one("svg")["aria-label"] == (
        "Line chart: Agency rate, Birmingham, 2023 to 2025. Series: Birmingham, England."
    )


def test_step_chart_draws_step_lines_on_a_percentage_axis_and_shows_dashes_in_its_legend():
    soup = drawn("step")
    lines = marks(soup, "line")
    assert len(lines) == 2 and "stroke-dasharray" in str(lines[1])
    assert not marks(soup, "symbol")
    assert "100%" in texts(soup) and "Months since the judgement" in texts(soup)
    legend_strokes = soup.select("g.role-legend-symbol path")
    assert len(legend_strokes) == 2 and "stroke-dasharray" in str(legend_strokes[1])
    assert soup.select_one("svg")["aria-label"] == (
        "Line chart: Time to the next judgement. Half had moved on by 12 months."
    )


def test_bar_chart_draws_a_valued_bar_per_label_and_outlines_the_highlighted_one():
    soup = drawn("bar")
    bars = marks(soup, "rect")
    assert len(bars) == 3
    assert [b["fill"] for b in bars] == [HIGHLIGHT_COLOUR, BAR_COLOUR, BAR_COLOUR]
    assert bars[0]["stroke-width"] == "3" and bars[1].get("stroke-width", "0") == "0"
    assert {"England", "London", "North East", "17.6", "25.1", "12.0"} <= set(texts(soup))


def test_grouped_bars_differ_by_pattern_as_well_as_colour_and_skip_missing_figures():
    soup = drawn("grouped")
    bars = marks(soup, "rect")
    assert len(bars) == 3  # Birmingham has no figure for practice: no bar of nought
    pattern = soup.select_one("defs pattern")
    assert pattern is not None and pattern.select("path")  # stripes over the second series' colour
    assert sum(b["fill"] == f"url(#{pattern['id']})" for b in bars) == 2
    assert sum(b["fill"] == FILLS[0][0] for b in bars) == 1
    assert {"Birmingham", "Median of 12 LAs", "Leadership", "Practice", "2.5", "1.0"} <= set(texts(soup))


def test_stacked_columns_give_each_category_a_pattern_in_the_columns_and_the_legend():
    soup = drawn("stacked")
    segments = marks(soup, "rect")
    assert len(segments) == 3 * len(JUDGEMENTS)
    patterns = [p["id"] for p in soup.select("defs pattern")]
    assert len(patterns) == len(JUDGEMENTS) - 1  # the first category is solid
    legend = [s["fill"] for s in soup.select("g.role-legend-symbol path")]
    assert legend == [FILLS[0][0]] + [f"url(#{p})" for p in patterns]
    for fill in legend:
        assert sum(s["fill"] == fill for s in segments) == 3  # the same fill in every column
    # Segments are separated by white, so each colour meets its background.
    assert all(s["stroke"] == "#ffffff" for s in segments)
    assert set(JUDGEMENTS) | {"2024", "2025", "2026", "Local authorities"} <= set(texts(soup))


def test_pattern_ids_are_the_charts_own():
    other = StackedColumnChart("Another", "Year", "LAs", JUDGEMENTS[:2], (("2025", (1, 2)),))
    ids = {p["id"] for p in drawn("stacked").select("pattern")}
    assert ids and not ids & {
        p["id"] for p in BeautifulSoup(render_svg(other), "html.parser").select("pattern")
    }


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_colour_has_3_to_1_contrast_with_white_and_a_distinct_fill():
    colours = [c for c, _, _ in LINE_STYLES] + [c for c, _ in FILLS] + [BAR_COLOUR, HIGHLIGHT_COLOUR]
    assert all(1.05 / (_luminance(c) + 0.05) >= 3 for c in colours), colours
    assert len({p for _, p in FILLS}) == len(FILLS) and len({c for c, _ in FILLS}) == len(FILLS)


def test_text_is_escaped_in_the_label():
    chart = BarChart('Rates <b>"&"</b>', "Per cent", (Series("x", (("A & B", 1.0),)),))
    svg = render_svg(chart)
    assert "<b>" not in svg and "Rates &lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;" in svg
    assert "A &amp; B" in svg


def test_keys_change_with_what_is_drawn():
    chart = CHARTS["line"]
    changed = LineChart(chart.title, chart.y_title, chart.series[:1])
    assert chart.key() != changed.key()
    assert chart_table(chart).rows == [
        {"year": "2023", "s0": "10.0", "s1": "8.0"},
        {"year": "2024", "s0": "", "s1": "8.5"},
        {"year": "2025", "s0": "12.5", "s1": "9.0"},
    ]


def test_png_and_data_uri_for_documents():
    svg = render_svg(CHARTS["stacked"])
    assert svg_to_png(svg).startswith(b"\x89PNG")
    assert svg_data_uri(svg).startswith("data:image/svg+xml;base64,")


def test_the_urlconf_does_not_import_altair_or_vl_convert():
    code = (
        "import sys, django; django.setup(); from django.urls import resolve; resolve('/');"
        "import journeys.common.charts, journeys.evidence.views, journeys.improvement.presenters;"
        "print(sorted(m for m in ('altair', 'vl_convert') if m in sys.modules))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "journeys.settings.test"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_stacked_chart_summary_names_its_span_and_categories():
    assert re.fullmatch(
        r"Stacked column chart: Latest judgements of LAs over time, 2024 to 2026\. Categories: .+\.",
        CHARTS["stacked"].summary(),
    )
