"""The one path by which GOV.UK Frontend component markup reaches a page.

Components are the GOV.UK Frontend macros (ported to Jinja by ``govuk-frontend-jinja``) called
with the parameters documented in the GOV.UK Design System. One Jinja environment is built
once and its compiled templates are cached, so a component costs microseconds, not a fresh
template compilation per call.

Journeys is not on GOV.UK, so the footer is the project's own macro (``components/footer.html``):
the Frontend footer always draws the crown and the Crown copyright mark.
"""

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from django.conf import settings
from django.utils.safestring import SafeData, SafeString, mark_safe

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
    # The macros are package files: checking them for changes on every call (Jinja's default)
    # costs a dozen file-system calls a page, so only the development server does.
    return jinja2.Environment(
        loader=loader, autoescape=True, undefined=jinja2.ChainableUndefined, auto_reload=settings.DEBUG
    )


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


def components_compile() -> None:
    """Compile every component's macro and the template that calls it now (0.1 to 0.3 s each),
    rather than on the first page in each process that uses it: ``journeys serve`` calls this
    before its workers fork."""
    environment = _environment()
    for name in environment.list_templates(filter_func=lambda name: name.endswith("/macro.html")):
        environment.get_template(name)
        _template(name.split("/")[-2])
    for name in environment.list_templates(filter_func=lambda name: name.startswith("journeys/")):
        environment.get_template(name)
        _template(Path(name).stem)


def render_component(component: str, params: dict[str, Any]) -> SafeString:
    """Render a GOV.UK Frontend component, e.g. ``render_component("tag", {"text": "Good"})``.

    A component is a pure function of its parameters, and most pages repeat the same header,
    navigation, phase banner and footer, so outputs are remembered by their parameters.
    """
    try:
        frozen = _frozen(params)
    except _Unfrozen:
        return _render(component, params)
    return _remembered(component, frozen)


def _render(component: str, params: dict[str, Any]) -> SafeString:
    # Jinja autoescapes every value it is given; Django's SafeString passes through as safe.
    return mark_safe(_template(component).render(params=params).strip())  # noqa: S308


class _Unfrozen(Exception):
    """Parameters holding something other than plain data (e.g. a lazy string): not remembered."""


def _frozen(value: Any) -> tuple:
    """A hashable copy of parameters that keeps safe HTML and plain text apart, so that text
    is never mistaken for markup already escaped."""
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise _Unfrozen
        return ("dict", tuple((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return ("list", tuple(_frozen(item) for item in value))
    if isinstance(value, SafeData):
        return ("safe", str(value))
    if value is None or type(value) in (str, int, float, bool):
        # Tagged with the type: 1, 1.0 and True are equal as keys but are written differently.
        return (type(value).__name__, value)
    raise _Unfrozen


def _thawed(frozen: tuple) -> Any:
    kind, value = frozen
    if kind == "dict":
        return {key: _thawed(item) for key, item in value}
    if kind == "list":
        return [_thawed(item) for item in value]
    if kind == "safe":
        return mark_safe(value)  # noqa: S308 - it was SafeData when it was frozen
    return value


@lru_cache(maxsize=512)
def _remembered(component: str, frozen: tuple) -> SafeString:
    return _render(component, _thawed(frozen))
