"""WSGI entry point for gunicorn."""

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journeys.settings.base")

application = get_wsgi_application()


def page_templates_compile() -> None:
    """Compile every Django page template into the template engine's cache."""
    from pathlib import Path

    from django.template import engines
    from django.template.utils import get_app_template_dirs

    engine = engines["django"]
    for folder in [*engine.dirs, *get_app_template_dirs("templates")]:
        for path in Path(folder).rglob("*.html"):
            engine.get_template(path.relative_to(folder).as_posix())


def warmed_application():
    """The application, with what the first requests would otherwise load loaded first: every
    app's views and API, the digest of the code derived results are stored under, the indicator
    catalogue and the journey's markers, the GOV.UK component macros and every page template
    compiled, the URL names ready to reverse, and the stored theme classifier with its sentence
    encoder.

    ``journeys serve`` has gunicorn call this once in its master process (``--preload``), so
    every worker it forks, at start or after a restart, begins warm.
    """
    from django.db import DatabaseError, connections
    from django.urls import get_resolver

    from journeys.common.components import components_compile
    from journeys.evidence.catalogue import load_catalogue
    from journeys.evidence.derivations import code_digest
    from journeys.improvement.journey import load_markers
    from journeys.priorities.services import theme_classifier_warm_up

    get_resolver().url_patterns  # noqa: B018 – imports the URLconf, and with it every app
    get_resolver().reverse_dict  # noqa: B018 – built on the first reverse() otherwise
    code_digest()  # half of the version derived results are read under: read the code once, here
    load_catalogue()  # read and checked against its schema: about a second
    load_markers()  # the journey's markers, checked against their schema: a journey page's first 60 ms
    components_compile()  # every GOV.UK macro: several seconds in all
    page_templates_compile()  # a second or two more that each worker's first pages would spend
    try:
        theme_classifier_warm_up()
    except DatabaseError as error:  # e.g. not migrated yet: the first priority write loads it instead
        logging.getLogger(__name__).warning("Theme classifier not loaded before serving: %s", error)
    finally:
        connections.close_all()  # a connection opened here must not be shared by the forked workers
    return application
