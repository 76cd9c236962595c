"""``{% govuk "component" ... %}``: the template side of :mod:`journeys.common.components`.

Loaded as a builtin, so every template can call it::

    {% govuk "tag" text=stage.name classes="govuk-tag--blue" %}
    {% govuk "table" table %}          {# a dict of the component's parameters #}
"""

from datetime import date, datetime

from django import template

from journeys.common.components import render_component

register = template.Library()


@register.simple_tag
def govuk(component: str, params: dict | None = None, **kwargs):
    return render_component(component, {**(params or {}), **kwargs})


@register.filter
def govuk_date(value) -> str:
    """A date as GOV.UK writes it, '1 December 2026', from a date, a datetime or an ISO string."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return "" if value is None else str(value)
