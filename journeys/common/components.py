"""The one path by which GOV.UK Frontend component markup reaches a page.

Components are the GOV.UK Frontend macros (ported to Jinja by ``govuk-frontend-jinja``) called
with the parameters documented in the GOV.UK Design System. One Jinja environment is built
once and its compiled templates are cached, so a component costs microseconds, not a fresh
template compilation per call.

Journeys is not on GOV.UK, so the footer is the project's own macro (``components/footer.html``):
the Frontend footer always draws the crown and the Crown copyright mark.
"""

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from django.utils.safestring import SafeString, mark_safe

_OWN_COMPONENTS = Path(__file__).parent / "components"
_OVERRIDDEN = {"footer"}


@cache
def _environment() -> jinja2.Environment:
    loader = jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader(
                {
                    "govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja"),
                    "journeys": jinja2.FileSystemLoader(_OWN_COMPONENTS),
                }
            )
        ]
    )
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.ChainableUndefined)


def _macro_name(component: str) -> str:
    return "govuk" + "".join(part.capitalize() for part in component.split("-"))


@cache
def _template(component: str) -> jinja2.Template:
    macro = _macro_name(component)
    path = (
        f"journeys/{component}.html"
        if component in _OVERRIDDEN
        else f"govuk_frontend_jinja/components/{component}/macro.html"
    )
    return _environment().from_string(f'{{%- from "{path}" import {macro} -%}}{{{{ {macro}(params) }}}}')


def render_component(component: str, params: dict[str, Any]) -> SafeString:
    """Render a GOV.UK Frontend component, e.g. ``render_component("tag", {"text": "Good"})``."""
    # Jinja autoescapes every value it is given; Django's SafeString passes through as safe.
    return mark_safe(_template(component).render(params=params).strip())  # noqa: S308
