"""``{% govuk "component" ... %}``: the template side of :mod:`journeys.common.components`.

Loaded as a builtin, so every template can call it::

    {% govuk "tag" text=stage.name classes="govuk-tag--blue" %}
    {% govuk "table" table %}          {# a dict of the component's parameters #}
"""

from django import template

from journeys.common.components import render_component

register = template.Library()


@register.simple_tag
def govuk(component: str, params: dict | None = None, **kwargs):
    return render_component(component, {**(params or {}), **kwargs})
