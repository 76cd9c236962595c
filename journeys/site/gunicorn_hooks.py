"""gunicorn settings for ``journeys serve`` (``-c python:journeys.site.gunicorn_hooks``)."""


def when_ready(server):
    # Called once the master is listening, so the address printed already answers.
    for address in server.cfg.bind:
        print(f"Journeys is running at http://{address}/ (Ctrl+C stops it)", flush=True)  # noqa: T201
