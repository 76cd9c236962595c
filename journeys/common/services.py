"""Writes shared by every app: stored charts, and loading the demonstration content."""

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


def demo_load() -> dict:
    """Load every app's demonstration content; running it again adds nothing."""
    # Imported here: the domain apps' services store their charts through this module.
    from journeys.accounts.services import DEMO_PASSWORD, demo_accounts_create
    from journeys.evidence.services import evidence_demo_load
    from journeys.improvement.services import self_evaluation_demo_load
    from journeys.priorities.services import priority_demo_load
    from journeys.workshops.services import workshop_series_load_2016

    return {
        "password": DEMO_PASSWORD,
        "accounts": demo_accounts_create(),
        "evidence": evidence_demo_load(),
        "self_evaluations": self_evaluation_demo_load(),
        "demonstration_priorities": priority_demo_load(),
        "workshop_series": workshop_series_load_2016().slug,
    }
