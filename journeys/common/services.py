"""Writes shared by every app: stored charts."""

from __future__ import annotations

from journeys.common.charts import Chart, render_svg, svg_to_png
from journeys.common.models import RenderedChart
from journeys.common.selectors import rendered_chart_png_get, rendered_charts_get


def rendered_charts_get_or_create(*, charts: list[Chart]) -> dict[str, str]:
    """SVGs of the charts by key: drawn once (0.1 to 0.3 s each), then read from the database.

    The key is a hash of everything the chart draws, so changed data is a new key and a new
    drawing, never an old chart.
    """
    by_key = {chart.key(): chart for chart in charts}
    svgs = rendered_charts_get(keys=by_key)
    for key, chart in by_key.items():
        if key not in svgs:
            svgs[key] = render_svg(chart)
            # Two requests may draw the same chart at once; the first stored copy wins.
            RenderedChart.objects.get_or_create(key=key, defaults={"svg": svgs[key]})
    return svgs


def rendered_charts_prune() -> int:
    """Empty the chart store, when the evidence every chart was drawn from has changed; the charts
    pages need are drawn again straight after (``journeys.evidence.derivations``). Returns how many."""
    deleted, _ = RenderedChart.objects.all().delete()
    return deleted


def rendered_chart_get_or_create(*, chart: Chart) -> str:
    """One chart's SVG, drawn once and then read from the database."""
    return rendered_charts_get_or_create(charts=[chart])[chart.key()]


def rendered_chart_png_get_or_create(*, chart: Chart, svg: str) -> bytes:
    """The chart drawn as ``svg``, as PNG (for Word): made once, then read from the database."""
    key = chart.key()
    png = rendered_chart_png_get(key=key)
    if png is None:
        png = svg_to_png(svg)
        if not RenderedChart.objects.filter(key=key).update(png=png):
            RenderedChart.objects.get_or_create(key=key, defaults={"svg": svg, "png": png})
    return png
