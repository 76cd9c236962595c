"""``journeys serve``: run Journeys with gunicorn (or Django's development server with --dev)."""

import errno
import os
import socket
import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from journeys.common.commands import JourneysCommand, bad_input


def _port_setting() -> int:
    try:
        return int(os.environ.get("PORT", "8000"))
    except ValueError:
        raise bad_input(f"PORT must be a number, like 8000, not {os.environ['PORT']!r}") from None


def _check_port_free(host: str, port: int) -> None:
    """Refuse at once, in words, when the address is taken, rather than let gunicorn retry."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise bad_input(
                    f"port {port} on {host} is already in use, perhaps by another Journeys: stop it, "
                    f"or choose another port, e.g. PORT={port + 1} make run"
                ) from None
            raise bad_input(f"cannot serve on {host}:{port}: {error.strerror}") from None


class Command(JourneysCommand):
    help = "Serve Journeys with gunicorn (production WSGI server), or --dev for Django's development server."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="set up and load demonstration content first")
        parser.add_argument(
            "--host", default=os.environ.get("HOST", "127.0.0.1"), help="default: $HOST or 127.0.0.1"
        )
        parser.add_argument("--port", type=int, help="default: $PORT or 8000")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("JOURNEYS_WORKERS", "3")))
        parser.add_argument(
            "--timeout",
            type=int,
            default=int(os.environ.get("JOURNEYS_WORKER_TIMEOUT", "30")),
            help="seconds a worker may spend on one request before gunicorn restarts it",
        )
        parser.add_argument("--dev", action="store_true", help="Django's auto-reloading development server")

    def handle(self, *args, demo, host, port, workers, timeout, dev, **options):
        try:
            settings.SECRET_KEY  # noqa: B018 – Django refuses an empty key when it is read
        except ImproperlyConfigured:
            raise bad_input("JOURNEYS_SECRET_KEY must be set when JOURNEYS_DEBUG is off") from None
        port = port or _port_setting()
        _check_port_free(host, port)
        if demo:
            call_command("setup")
            call_command("demo")
        self.stdout.write(f"Starting Journeys on http://{host}:{port}/ …")
        self.stdout.flush()
        if dev:
            call_command("runserver", f"{host}:{port}")
            return
        # gunicorn replaces this process, so signals from the terminal reach it directly.
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                # Warmed once in the master, before it forks: no worker's first request loads the
                # URLconf or the theme classifier. Each worker then renders the same first pages
                # before it accepts a request (the hooks' post_worker_init).
                "journeys.wsgi:warmed_application()",
                "--preload",
                # Says "Journeys is running at …" once gunicorn is listening, not before.
                "--config",
                "python:journeys.site.gunicorn_hooks",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--timeout",
                str(timeout),
                "--access-logfile",
                "-",
                "--forwarded-allow-ips",
                os.environ.get("JOURNEYS_FORWARDED_ALLOW_IPS", "127.0.0.1"),
            ],
        )
