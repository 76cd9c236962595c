"""Charts drawn on the server: Altair (Vega-Lite) rendered to SVG by vl-convert, no JavaScript.

Plain Python, free of Django, so every app draws its charts the same way. A chart is a frozen
description of what it draws, built from simple data (titles, labels, numbers):

- :class:`LineChart`: series over years, or step lines over months (Kaplan-Meier curves);
- :class:`BarChart`: horizontal bars, one per label, with a second series beside them if given;
- :class:`StackedColumnChart`: a column per year split into ordered categories (the sector chart:
  how many LAs held each judgement).

:func:`render_svg` draws any of them; :meth:`key` hashes the description and this module's code,
so a drawn SVG can be stored and reused until the data or the drawing changes.

Accessibility, the same for every chart: the page always shows the chart's figures in a table
beside it, so the SVG is one image, ``role="img"`` with an ``aria-label`` and a ``<title>`` that
give the chart's kind, title and what it shows, and Vega's own ARIA on marks is removed. Colour is
never the only cue: lines differ by dash pattern and point shape, grouped bars and stacked
segments by fill pattern (solid, stripes, dots, cross-hatch, vertical lines), and every colour has
at least 3:1 contrast with the white background. Text is Arial (Liberation Sans on Debian).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

FONT = "Arial, Liberation Sans, sans-serif"
FONT_DIRECTORIES = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation")
WIDTH, HEIGHT = 560, 260
TEXT_COLOUR = "#0b0c0c"
# Lines: GOV.UK colours, each paired with its own dash and point shape.
LINE_STYLES = (
    ("#1d70b8", [1, 0], "circle"),  # blue, solid
    ("#d4351c", [8, 4], "square"),  # red, dashed
    ("#00703c", [2, 3], "triangle-up"),  # green, dotted
    ("#505a5f", [12, 3, 2, 3], "diamond"),  # grey, dash-dot
    ("#912b88", [4, 2], "cross"),  # purple, short dash
    ("#28a197", [1, 0], "triangle-down"),  # turquoise, solid
)
# Grouped bars and stacked segments: a colour and a white pattern over it. The colours are GOV.UK's,
# each at least 3:1 against white and apart from each other with any common colour blindness; in
# this order they suit Ofsted judgements (outstanding, good, requires improvement, inadequate, no
# overall grade).
FILLS = (
    ("#003078", "solid"),  # dark blue
    ("#28a197", "stripes"),  # turquoise, diagonal stripes
    ("#b58840", "dots"),  # brown, dots
    ("#d4351c", "crosshatch"),  # red, cross-hatch
    ("#505a5f", "vertical"),  # dark grey, vertical lines
)
# White shapes on an 8 by 8 tile of the colour.
PATTERNS = {
    "stripes": '<path d="M-2,2l4,-4M0,8l8,-8M6,10l4,-4" stroke="#fff" stroke-width="1.5"/>',
    "dots": '<circle cx="2" cy="2" r="1.4" fill="#fff"/><circle cx="6" cy="6" r="1.4" fill="#fff"/>',
    "crosshatch": (
        '<path d="M-2,2l4,-4M0,8l8,-8M6,10l4,-4M-2,6l4,4M0,0l8,8M6,-2l4,4" stroke="#fff" stroke-width="1.2"/>'
    ),
    "vertical": '<rect x="3" width="2" height="8" fill="#fff"/>',
}
# Single bars: blue; highlighted ones near-black with a yellow outline, so not by colour alone.
BAR_COLOUR = "#1d70b8"
HIGHLIGHT_COLOUR = "#0b0c0c"
HIGHLIGHT_OUTLINE = "#ffdd00"


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[tuple[int | float | str, float | None], ...]  # (x or label, value); None: no figure


@dataclass(frozen=True)
class LineChart:
    """Series over years (lines with points), or ``step`` lines over a continuous x such as months."""

    title: str
    y_title: str
    series: tuple[Series, ...]
    x_title: str = "Year"
    step: bool = False
    y_format: str = ""  # d3 format of the y axis, e.g. "%"
    description: str = ""  # what the chart shows, in words; generated if empty
    # Vertical rules at an x with a label, e.g. (2025, "2025 neighbour model from here").
    marks: tuple[tuple[int | float, str], ...] = ()

    def key(self) -> str:
        return _key(self)

    def summary(self) -> str:
        marked = "".join(f" Marked at {x}: {label}." for x, label in self.marks)
        if self.description:
            return f"Line chart: {self.title}. {self.description}{marked}"
        xs = sorted({x for s in self.series for x, _ in s.points})
        span = f"{xs[0]} to {xs[-1]}" if xs else "no years"
        series = ", ".join(s.name for s in self.series)
        return f"Line chart: {self.title}, {span}. Series: {series}.{marked}"


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per label and series (e.g. an LA's scores beside a median), valued.

    With one series, bars whose label is in ``highlighted`` are drawn darker and outlined.
    """

    title: str
    x_title: str
    series: tuple[Series, ...]
    highlighted: tuple[str, ...] = ()
    domain: tuple[float, float] | None = None
    value_format: str = ".1f"  # d3 format of the values beside the bars; "d" also gives whole ticks
    description: str = ""

    def key(self) -> str:
        return _key(self)

    def summary(self) -> str:
        if self.description:
            return f"Bar chart: {self.title}. {self.description}"
        labels = {label for s in self.series for label, _ in s.points}
        return f"Bar chart: {self.title}, {len(labels)} bars."


@dataclass(frozen=True)
class StackedColumnChart:
    """A column per x (e.g. year) split into ``categories``, stacked top to bottom in their order."""

    title: str
    x_title: str
    y_title: str
    categories: tuple[str, ...]
    columns: tuple[tuple[str, tuple[float, ...]], ...]  # (x, one value per category)
    description: str = ""

    def key(self) -> str:
        return _key(self)

    def summary(self) -> str:
        if self.description:
            return f"Stacked column chart: {self.title}. {self.description}"
        span = f"{self.columns[0][0]} to {self.columns[-1][0]}" if self.columns else "no columns"
        return f"Stacked column chart: {self.title}, {span}. Categories: {', '.join(self.categories)}."


Chart = LineChart | BarChart | StackedColumnChart


def render_svg(chart: Chart) -> str:
    """The chart as an accessible SVG string (about 0.1 s: store it by ``chart.key()``)."""
    # Imported here, not at the top: the URLconf imports the views that describe charts, and
    # altair (with its Vega-Lite schema) takes over a second to import, so start-up must not.
    import altair as alt
    import vl_convert

    _register_fonts(vl_convert)
    if isinstance(chart, LineChart):
        spec, fills = _line(alt, chart), []
    elif isinstance(chart, BarChart):
        spec, fills = _bars(alt, chart)
    else:
        spec, fills = _stacked(alt, chart)
    spec = (
        spec.configure(font=FONT)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=13, titleFontSize=14, labelLimit=260)
        .configure_legend(labelFontSize=14, labelLimit=WIDTH - 40)
        .to_dict(validate=False)
    )
    spec["config"]["aria"] = False
    # Vega still marks up groups as graphics objects; the chart is one image with a data table.
    svg = _VEGA_ARIA.sub("", vl_convert.vegalite_to_svg(spec))
    svg, defs = _patterned(svg, fills, chart.key()[:12])
    label = html.escape(chart.summary())
    return _SVG_OPEN.sub(
        lambda m: (
            f'<svg{m.group(1)} role="img" aria-label="{label}" focusable="false"><title>{label}</title>{defs}'
        ),
        svg,
        count=1,
    )


def svg_to_png(svg: str, scale: float = 2) -> bytes:
    """A drawn chart as PNG, for documents that take no SVG (Word)."""
    import vl_convert

    _register_fonts(vl_convert)
    return vl_convert.svg_to_png(svg, scale=scale)


def svg_data_uri(svg: str) -> str:
    """A drawn chart as a data URI, for an ``<img>`` in a document that fetches nothing (the PDF)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _line(alt, chart: LineChart):
    values = [
        {"x": x, "value": value, "series": s.name}
        for s in chart.series
        for x, value in s.points
        if value is not None
    ]
    names = [s.name for s in chart.series]
    styles = [LINE_STYLES[i % len(LINE_STYLES)] for i in range(len(names))]
    # One legend for colour, dash and shape together, so each entry shows all three.
    # Step charts' legend shows each line's dash, so its strokes are long enough to see the dash.
    legend = alt.Legend(
        title=None,
        orient="bottom",
        direction="vertical",
        symbolStrokeWidth=2.5,
        symbolSize=900 if chart.step else alt.Undefined,
    )
    encoding = {
        "y": alt.Y(
            "value:Q",
            title=chart.y_title,
            # Step curves (shares that fall from 100%) start at zero; other lines fit their values.
            scale=alt.Scale(zero=chart.step),
            axis=alt.Axis(format=chart.y_format) if chart.y_format else alt.Undefined,
        ),
        "color": alt.Color(
            "series:N", scale=alt.Scale(domain=names, range=[c for c, _, _ in styles]), legend=legend
        ),
        "strokeDash": alt.StrokeDash(
            "series:N", scale=alt.Scale(domain=names, range=[d for _, d, _ in styles]), legend=legend
        ),
    }
    if chart.step:
        mark = alt.Chart(alt.Data(values=values)).mark_line(interpolate="step-after", strokeWidth=2.5)
        encoding["x"] = alt.X("x:Q", title=chart.x_title)
    else:
        mark = alt.Chart(alt.Data(values=values)).mark_line(
            point={"filled": True, "size": 60}, strokeWidth=2.5
        )
        encoding["x"] = alt.X("x:O", title=chart.x_title, axis=alt.Axis(labelAngle=0))
        encoding["shape"] = alt.Shape(
            "series:N", scale=alt.Scale(domain=names, range=[s for _, _, s in styles]), legend=legend
        )
    lines = mark.encode(**encoding)
    if chart.marks:
        marks = alt.Chart(alt.Data(values=[{"x": x, "label": label} for x, label in chart.marks]))
        x = alt.X("x:Q" if chart.step else "x:O")
        rule = marks.mark_rule(color="#505a5f", strokeDash=[2, 2], strokeWidth=1.5).encode(x=x)
        text = marks.mark_text(align="right", dx=-4, dy=-4, baseline="bottom", fontSize=12, y=0).encode(
            x=x, text="label:N"
        )
        lines = alt.layer(lines, rule, text)
    return lines.properties(width=WIDTH, height=HEIGHT)


def _bars(alt, chart: BarChart):
    labels = list(dict.fromkeys(label for s in chart.series for label, _ in s.points))
    names = [s.name for s in chart.series]
    grouped = len(names) > 1
    values = [
        {"label": label, "value": value, "series": s.name, "highlight": label in chart.highlighted}
        for s in chart.series
        for label, value in s.points
        if value is not None  # no bar rather than a bar of nought
    ]
    whole = chart.value_format == "d"
    y = alt.Y("label:N", title=None, scale=alt.Scale(domain=labels))
    x = alt.X(
        "value:Q",
        title=chart.x_title,
        scale=alt.Scale(domain=list(chart.domain)) if chart.domain else alt.Undefined,
        axis=alt.Axis(format="d", tickMinStep=1) if whole else alt.Undefined,
    )
    offset = (
        {"yOffset": alt.YOffset("series:N", scale=alt.Scale(domain=names, paddingInner=0.1))}
        if grouped
        else {}
    )
    base = alt.Chart(alt.Data(values=values))
    if grouped:
        fills = [FILLS[i % len(FILLS)] for i in range(len(names))]
        bars = base.mark_bar().encode(
            x=x,
            y=y,
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=names, range=[c for c, _ in fills]),
                legend=alt.Legend(
                    title=None, orient="bottom", direction="vertical", symbolType="square", symbolSize=300
                ),
            ),
            **offset,
        )
    else:
        fills = []
        bars = base.mark_bar(stroke=HIGHLIGHT_OUTLINE).encode(
            x=x,
            y=y,
            color=alt.Color(
                "highlight:N",
                scale=alt.Scale(domain=[False, True], range=[BAR_COLOUR, HIGHLIGHT_COLOUR]),
                legend=None,
            ),
            strokeWidth=alt.StrokeWidth(
                "highlight:N", scale=alt.Scale(domain=[False, True], range=[0, 3]), legend=None
            ),
        )
    text = base.mark_text(align="left", dx=4, fontSize=12, color=TEXT_COLOUR).encode(
        x=alt.X("value:Q"), y=y, text=alt.Text("value:Q", format=chart.value_format), **offset
    )
    layered = alt.layer(bars, text).properties(width=WIDTH - 160, height=alt.Step(36 if grouped else 22))
    return layered, fills


def _stacked(alt, chart: StackedColumnChart):
    values = [
        {"x": x, "value": value, "category": category, "order": i}
        for x, counts in chart.columns
        for i, (category, value) in enumerate(zip(chart.categories, counts, strict=True))
    ]
    fills = [FILLS[i % len(FILLS)] for i in range(len(chart.categories))]
    # The legend lists the categories top to bottom in the order they are stacked, beside the columns;
    # its squares are large enough to show each pattern. White gaps separate the segments.
    legend = alt.Legend(title=None, orient="right", symbolType="square", symbolSize=400, rowPadding=8)
    spec = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(stroke="#ffffff", strokeWidth=1.5)
        .encode(
            x=alt.X(
                "x:O", title=chart.x_title, sort=[x for x, _ in chart.columns], axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y("value:Q", title=chart.y_title, stack="zero"),
            color=alt.Color(
                "category:N",
                scale=alt.Scale(domain=list(chart.categories), range=[c for c, _ in fills]),
                legend=legend,
            ),
            order=alt.Order("order:Q", sort="descending"),
        )
        .properties(width=WIDTH, height=HEIGHT + 40)
    )
    return spec, fills


def _patterned(svg: str, fills: list[tuple[str, str]], prefix: str) -> tuple[str, str]:
    """Fill each of ``fills``' colours with its pattern instead; the ``<defs>`` that define them.

    Vega has no pattern fills, so the chart is drawn in the plain colours (used nowhere else in
    it) and those fills are swapped for the patterns, in the marks and the legend alike. The ids
    carry the chart's key, so two charts on one page do not share them.
    """
    defs = []
    for i, (colour, pattern) in enumerate(fills):
        if pattern not in PATTERNS:
            continue
        pattern_id = f"chart-{prefix}-{i}"
        defs.append(
            f'<pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{colour}"/>{PATTERNS[pattern]}</pattern>'
        )
        svg = svg.replace(f'fill="{colour}"', f'fill="url(#{pattern_id})"')
    return svg, f"<defs>{''.join(defs)}</defs>" if defs else ""


def _key(chart: Chart) -> str:
    payload = json.dumps([_drawing_code(), type(chart).__name__, asdict(chart)], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


@cache
def _drawing_code() -> str:
    """A digest of this module: a change to how charts are drawn gives every chart a new key."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@cache
def _register_fonts(vl_convert) -> bool:
    for directory in FONT_DIRECTORIES:
        if Path(directory).is_dir():
            vl_convert.register_font_directory(directory)
    return True


_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_VEGA_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')
