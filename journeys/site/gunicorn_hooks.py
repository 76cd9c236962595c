"""gunicorn settings for ``journeys serve`` (``-c python:journeys.site.gunicorn_hooks``)."""

import logging


def when_ready(server):
    # Called once the master is listening, so the address printed already answers.
    for address in server.cfg.bind:
        print(f"Journeys is running at http://{address}/ (Ctrl+C stops it)", flush=True)  # noqa: T201


def post_worker_init(worker):
    # A forked worker shares the master's memory until it writes to it, and Python writes to
    # every object it uses (its reference count): a worker's first page copied enough of that
    # memory to take twice as long as the next. The worker renders the master's first pages
    # again before it accepts a request, so no visitor waits for the copying.
    from django.db import DatabaseError

    from journeys.wsgi import first_pages_render

    try:
        first_pages_render()
    except DatabaseError as error:
        logging.getLogger(__name__).warning("Worker not warmed before serving: %s", error)
