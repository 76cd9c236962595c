"""Charts drawn on the server: Altair (Vega-Lite) rendered to SVG by vl-convert, no JavaScript.

Generic and free of Django, so any app can use them: a line chart of series over years and a
bar chart of categories. Each chart is a frozen description of what it draws; its :meth:`key`
hashes that description, so a rendered SVG can be cached and reused until the data changes.

Accessibility: the SVG is given ``role="img"``, an ``aria-label`` and a ``<title>``; Vega's own
ARIA on marks is switched off because the page always shows the chart's data as a table
(:meth:`LineChart.table`). Series differ by dash pattern and point shape as well as colour,
so colour is never the only cue. Text is Arial (Liberation Sans on Debian).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from django.utils.html import escape

from journeys.common.tables import Column, Table

# Bump when the drawing code changes, so cached SVGs are redrawn.
CHART_VERSION = 2
FONT = "Arial"
FONT_DIRECTORIES = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation")
WIDTH, HEIGHT = 560, 240
# GOV.UK palette; each colour is paired with its own dash and shape.
STYLES = (
    ("#1d70b8", [1, 0], "circle"),  # blue, solid
    ("#d4351c", [8, 4], "square"),  # red, dashed
    ("#00703c", [2, 3], "triangle-up"),  # green, dotted
    ("#505a5f", [12, 3, 2, 3], "diamond"),  # grey, dash-dot
    ("#912b88", [4, 2], "cross"),  # purple, short dash
    ("#28a197", [1, 0], "triangle-down"),  # turquoise, solid
)
BAR_COLOUR = "#1d70b8"
HIGHLIGHT_COLOUR = "#0b0c0c"


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[tuple[int, float | None], ...]  # (year, value); None where there is no figure


@dataclass(frozen=True)
class LineChart:
    """Series of values over years, e.g. an LA against its neighbours, region and England."""

    title: str
    y_title: str
    series: tuple[Series, ...]
    x_title: str = "Year"

    def key(self) -> str:
        return _key(self)

    def description(self) -> str:
        years = sorted({year for s in self.series for year, _ in s.points})
        span = f"{years[0]} to {years[-1]}" if years else "no years"
        return f"Line chart: {self.title}, {span}. Series: {', '.join(s.name for s in self.series)}."

    def vega_lite(self) -> dict:
        import altair as alt

        values = [
            {"year": year, "value": value, "series": s.name}
            for s in self.series
            for year, value in s.points
            if value is not None
        ]
        names = [s.name for s in self.series]
        styles = [STYLES[i % len(STYLES)] for i in range(len(names))]
        legend = alt.Legend(title=None, orient="bottom", symbolStrokeWidth=2, labelLimit=260)
        chart = (
            alt.Chart(alt.Data(values=values))
            .mark_line(point={"filled": True, "size": 60}, strokeWidth=2.5)
            .encode(
                x=alt.X("year:O", title=self.x_title, axis=alt.Axis(labelAngle=0)),
                y=alt.Y("value:Q", title=self.y_title, scale=alt.Scale(zero=False)),
                color=alt.Color(
                    "series:N", scale=alt.Scale(domain=names, range=[c for c, _, _ in styles]), legend=legend
                ),
                strokeDash=alt.StrokeDash(
                    "series:N", scale=alt.Scale(domain=names, range=[d for _, d, _ in styles]), legend=legend
                ),
                shape=alt.Shape(
                    "series:N", scale=alt.Scale(domain=names, range=[s for _, _, s in styles]), legend=legend
                ),
            )
            .properties(width=WIDTH, height=HEIGHT)
        )
        return _configured(chart)

    def table(self, caption: str | None = None, number_format: str = "{:,.1f}") -> Table:
        years = sorted({year for s in self.series for year, _ in s.points})
        by_series = [dict(s.points) for s in self.series]
        columns = [Column("year", "Year")] + [
            Column(f"s{i}", s.name, numeric=True) for i, s in enumerate(self.series)
        ]
        rows = []
        for year in years:
            row: dict = {"year": str(year)}
            for i, values in enumerate(by_series):
                value = values.get(year)
                row[f"s{i}"] = "" if value is None else number_format.format(value)
            rows.append(row)
        return Table(caption=caption or f"Data for the chart: {self.title}", columns=columns, rows=rows)


@dataclass(frozen=True)
class BarChart:
    """Values for categories, e.g. every LA's figure, with some bars highlighted."""

    title: str
    x_title: str
    bars: tuple[tuple[str, float], ...]
    highlighted: tuple[str, ...] = ()

    def key(self) -> str:
        return _key(self)

    def description(self) -> str:
        return f"Bar chart: {self.title}, {len(self.bars)} bars."

    def vega_lite(self) -> dict:
        import altair as alt

        values = [
            {"label": label, "value": value, "highlight": label in self.highlighted}
            for label, value in self.bars
        ]
        chart = (
            alt.Chart(alt.Data(values=values))
            .mark_bar()
            .encode(
                y=alt.Y("label:N", sort=None, title=None),
                x=alt.X("value:Q", title=self.x_title),
                # Highlighted bars are darker and outlined: not colour alone.
                color=alt.Color(
                    "highlight:N",
                    scale=alt.Scale(domain=[False, True], range=[BAR_COLOUR, HIGHLIGHT_COLOUR]),
                    legend=None,
                ),
                strokeWidth=alt.StrokeWidth(
                    "highlight:N", scale=alt.Scale(domain=[False, True], range=[0, 3]), legend=None
                ),
            )
            .properties(width=WIDTH - 160, height=alt.Step(14))
        )
        return _configured(chart.configure_mark(stroke="#ffdd00"))


def _configured(chart) -> dict:
    spec = (
        chart.configure(font=FONT)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=13, titleFontSize=14)
    )
    spec = spec.configure_legend(labelFontSize=14).to_dict(validate=False)
    spec.setdefault("config", {})["aria"] = False
    return spec


def _key(chart: LineChart | BarChart) -> str:
    payload = json.dumps([CHART_VERSION, type(chart).__name__, asdict(chart)], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


@cache
def _fonts_registered() -> bool:
    import vl_convert

    for directory in FONT_DIRECTORIES:
        if Path(directory).is_dir():
            vl_convert.register_font_directory(directory)
    return True


_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_VEGA_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')


def render_svg(chart: LineChart | BarChart) -> str:
    """The chart as an accessible SVG string (about 0.1 s: cache it by ``chart.key()``)."""
    import vl_convert

    _fonts_registered()
    # Vega still marks up groups as graphics objects; the chart is one image with a data table.
    svg = _VEGA_ARIA.sub("", vl_convert.vegalite_to_svg(chart.vega_lite()))
    label = escape(chart.description())
    return _SVG_OPEN.sub(
        lambda m: (
            f'<svg{m.group(1)} role="img" aria-label="{label}" focusable="false"><title>{label}</title>'
        ),
        svg,
        count=1,
    )
