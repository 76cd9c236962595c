"""Charts for journey pages and briefings: Altair specs drawn server-side by vl-convert.

A chart is never the only way to read the figures: every figure here goes out with a text
description (the image's alt text) and the page shows the same numbers in a table. Charts are
images (SVG for pages and the PDF, PNG for Word), so the page's content security policy needs no
inline styles or scripts, and nothing is fetched from the network (data is inline).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import altair as alt
import pandas as pd
import vl_convert as vlc

FONT = "Liberation Sans"
# GOV.UK colours; bars are told apart by position and label too, never by colour alone.
COLOURS = ["#1d70b8", "#f47738", "#00703c", "#d4351c", "#505a5f", "#912b88"]
CONFIG = {
    "font": FONT,
    "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelLimit": 260},
    "legend": {"labelFontSize": 12, "titleFontSize": 13, "labelLimit": 300},
    "title": {"fontSize": 14},
    "view": {"stroke": None},
}


@dataclass(frozen=True)
class Chart:
    title: str
    description: str  # alt text: what the chart shows, in words
    svg: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()

    def png(self) -> bytes:
        return vlc.svg_to_png(self.svg, scale=2)


def render(chart: alt.TopLevelMixin, *, title: str, description: str) -> Chart:
    spec = chart.configure(**CONFIG).configure_range(category=COLOURS).to_dict()
    return Chart(title, description, vlc.vegalite_to_svg(spec))


def bar_chart(
    rows: list[dict],
    *,
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    title: str,
    description: str,
    domain: tuple[float, float] | None = None,
    colour: str | None = None,
    width: int = 480,
    value_format: str = ".1f",
) -> Chart:
    """Horizontal bars, one per row (``y`` the label, ``x`` the value); ``colour`` groups bars."""
    frame = pd.DataFrame(rows)
    scale = alt.Scale(domain=list(domain)) if domain else alt.Undefined
    axis = alt.Axis(format="d", tickMinStep=1) if value_format == "d" else alt.Undefined
    encoding = {
        "x": alt.X(f"{x}:Q", title=x_title, scale=scale, axis=axis),
        "y": alt.Y(f"{y}:N", title=y_title, sort=None),
    }
    if colour:
        encoding["color"] = alt.Color(f"{colour}:N", title=None, legend=alt.Legend(orient="bottom"))
        encoding["yOffset"] = alt.YOffset(f"{colour}:N")
    chart = alt.Chart(frame).mark_bar().encode(**encoding).properties(width=width)
    text = (
        alt.Chart(frame)
        .mark_text(align="left", dx=3, fontSize=11)
        .encode(
            x=f"{x}:Q",
            y=alt.Y(f"{y}:N", sort=None),
            text=alt.Text(f"{x}:Q", format=value_format),
            **({"yOffset": alt.YOffset(f"{colour}:N")} if colour else {}),
        )
    )
    return render(chart + text, title=title, description=description)


def step_chart(
    rows: list[dict],
    *,
    x: str,
    y: str,
    series: str,
    x_title: str,
    y_title: str,
    title: str,
    description: str,
    width: int = 560,
    height: int = 300,
) -> Chart:
    """Step lines (e.g. Kaplan-Meier curves), one per ``series``, each with its own dash pattern."""
    frame = pd.DataFrame(rows)
    chart = (
        alt.Chart(frame)
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=alt.X(f"{x}:Q", title=x_title),
            y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format="%")),
            color=alt.Color(
                f"{series}:N", title=None, legend=alt.Legend(orient="bottom", direction="vertical")
            ),
            strokeDash=alt.StrokeDash(f"{series}:N", legend=None),
        )
        .properties(width=width, height=height)
    )
    return render(chart, title=title, description=description)


def stacked_columns(
    rows: list[dict],
    *,
    x: str,
    y: str,
    stack: str,
    order: list[str],
    x_title: str,
    y_title: str,
    title: str,
    description: str,
    width: int = 560,
    height: int = 280,
) -> Chart:
    frame = pd.DataFrame(rows)
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:O", title=x_title),
            y=alt.Y(f"{y}:Q", title=y_title, stack="zero"),
            color=alt.Color(
                f"{stack}:N",
                title=None,
                sort=order,
                scale=alt.Scale(domain=order),
                legend=alt.Legend(orient="bottom", columns=2),
            ),
            order=alt.Order("order:Q"),
        )
        .properties(width=width, height=height)
    )
    return render(chart, title=title, description=description)
