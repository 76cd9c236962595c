"""Reads shared by every app: stored charts."""

from __future__ import annotations

from collections.abc import Iterable

from journeys.common.models import RenderedChart


def rendered_charts_get(*, keys: Iterable[str]) -> dict[str, str]:
    """The stored SVGs of the charts with these keys, by key; keys not yet drawn are left out."""
    return dict(RenderedChart.objects.filter(key__in=list(keys)).values_list("key", "svg"))


def rendered_chart_png_get(*, key: str) -> bytes | None:
    """The stored PNG of the chart with this key, or None if it has not been made yet."""
    png = RenderedChart.objects.filter(key=key).values_list("png", flat=True).first()
    return None if png is None else bytes(png)
