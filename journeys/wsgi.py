"""WSGI entry point for gunicorn."""

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journeys.settings.base")

application = get_wsgi_application()


def warmed_application():
    """The application, with what the first requests would otherwise load loaded first: every
    app's views and API, and the stored theme classifier with its sentence encoder.

    ``journeys serve`` has gunicorn call this once in its master process (``--preload``), so
    every worker it forks, at start or after a restart, begins warm.
    """
    from django.db import DatabaseError, connections
    from django.urls import get_resolver

    from journeys.priorities.services import theme_classifier_warm_up

    get_resolver().url_patterns  # noqa: B018 – imports the URLconf, and with it every app
    try:
        theme_classifier_warm_up()
    except DatabaseError as error:  # e.g. not migrated yet: the first priority write loads it instead
        logging.getLogger(__name__).warning("Theme classifier not loaded before serving: %s", error)
    finally:
        connections.close_all()  # a connection opened here must not be shared by the forked workers
    return application
