"""Pages to browse the improvement framework: the journey, a stage, an enabler, the matrix."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_safe

from .selectors import framework_current


def _breadcrumbs(*extra: tuple[str, str]) -> list[dict]:
    items = [("Home", reverse("site:home")), ("Improvement framework", reverse("frameworks:overview"))]
    return [{"text": text, "href": href} for text, href in (*items, *extra)]


@require_safe
def framework_overview_view(request):
    framework = framework_current()
    return render(
        request,
        "frameworks/overview.html",
        {"framework": framework, "breadcrumbs": _breadcrumbs()[:1]},
    )


@require_safe
def stage_view(request, stage_id: str):
    framework = framework_current()
    try:
        stage = framework.stage(stage_id)
    except KeyError as missing:
        raise Http404("No such stage") from missing
    cells = [
        {"enabler": enabler, "characteristics": framework.cell(stage.id, enabler.id)}
        for enabler in framework.enablers
    ]
    timescales = [t for t in framework.timescales if stage.id in t.applies_to]
    return render(
        request,
        "frameworks/stage.html",
        {
            "framework": framework,
            "stage": stage,
            "cells": cells,
            "timescales": timescales,
            "breadcrumbs": _breadcrumbs(),
        },
    )


@require_safe
def enabler_view(request, enabler_id: str):
    framework = framework_current()
    try:
        enabler = framework.enabler(enabler_id)
    except KeyError as missing:
        raise Http404("No such enabler") from missing
    cells = [
        {"stage": stage, "characteristics": framework.cell(stage.id, enabler.id)}
        for stage in framework.stages
    ]
    return render(
        request,
        "frameworks/enabler.html",
        {"framework": framework, "enabler": enabler, "cells": cells, "breadcrumbs": _breadcrumbs()},
    )


@require_safe
def matrix_view(request):
    framework = framework_current()
    head = [{"text": "Enabler"}] + [{"text": stage.name} for stage in framework.stages]
    rows = []
    for enabler in framework.enablers:
        row = [
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("frameworks:enabler", args=[enabler.id]),
                    enabler.name,
                )
            }
        ]
        for stage in framework.stages:
            statements = format_html_join(
                "", "<li>{}</li>", ((c.text,) for c in framework.cell(stage.id, enabler.id))
            )
            row.append(
                {
                    "html": format_html(
                        '<ul class="govuk-list govuk-list--bullet govuk-body-s">{}</ul>', statements
                    )
                }
            )
        rows.append(row)
    table = {
        "caption": "What each enabler looks like at each stage of the journey",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": head,
        "rows": rows,
    }
    return render(
        request,
        "frameworks/matrix.html",
        {"framework": framework, "table": table, "breadcrumbs": _breadcrumbs()},
    )
