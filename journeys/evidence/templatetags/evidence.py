"""Template filters for evidence pages."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def svg(svgs: dict, key: str):
    """A chart's SVG, which Journeys drew itself from escaped values (common.charts.render_svg)."""
    return mark_safe(svgs.get(key, ""))  # noqa: S308
