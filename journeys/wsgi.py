"""WSGI entry point for gunicorn."""

import gc
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


def first_pages_render() -> list[tuple[str, str]]:
    """Answer one LA's journey and evidence pages and its members' briefing through the whole
    handler, as a visitor would, so that what only a first page loads (lazy imports, middleware,
    per-process caches) is loaded. Returns each address with the status it answered (the pages
    themselves are thrown away), none when no LA is held yet; one that did not answer 200 OK
    is logged, since it warmed less than it should."""
    from wsgiref.util import setup_testing_defaults

    from django.conf import settings
    from django.urls import reverse

    from journeys.authorities.models import LocalAuthority

    la = LocalAuthority.objects.filter(status=LocalAuthority.Status.CURRENT).order_by("old_la_code").first()
    if la is None:
        return []
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
    # The briefing PDF too: WeasyPrint's first document in a process (fonts, its stylesheets)
    # takes three times as long as the next, about 0.4 s more.
    pages = [
        reverse("improvement:la-journey", args=[la.old_la_code]),
        reverse("evidence:la", args=[la.old_la_code]),
        reverse("reports:briefing", args=[la.old_la_code, "pdf"]),
    ]
    statuses: list[str] = []
    for path in pages:
        environ = {"PATH_INFO": path, "HTTP_HOST": host}
        environ |= {"wsgi.url_scheme": "https", "HTTPS": "on"}  # as behind the TLS proxy
        setup_testing_defaults(environ)
        answer = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
        b"".join(answer)
        answer.close()
    answered = list(zip(pages, statuses, strict=True))
    for path, status in answered:
        if status != "200 OK":
            logging.getLogger(__name__).warning("Warming up, %s answered %s", path, status)
    return answered


def warmed_application():
    """The application, with what the first requests would otherwise load loaded first: every
    app's views and API, the digest of the code derived results are stored under, the indicator
    catalogue and the journey's markers, the GOV.UK component macros and every page template
    compiled, the URL names ready to reverse, the stored theme classifier with its sentence
    encoder, and one LA's journey and evidence pages and briefing PDF rendered once; then all of
    it frozen out of the garbage collector's reach.

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
        first_pages_render()
    except DatabaseError as error:  # e.g. not migrated yet: the first requests load these instead
        logging.getLogger(__name__).warning("Not warmed before serving: %s", error)
    finally:
        connections.close_all()  # a connection opened here must not be shared by the forked workers
    # What was loaded here lives as long as the process: frozen, the garbage collector no longer
    # walks it in every worker (a pause of 100 ms and more on a journey page) or writes to its pages.
    gc.collect()
    gc.freeze()
    return application
