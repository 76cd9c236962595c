"""``journeys serve``: run Journeys with gunicorn (or Django's development server with --dev)."""

import os
import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from journeys.common.commands import JourneysCommand, bad_input


class Command(JourneysCommand):
    help = "Serve Journeys with gunicorn (production WSGI server), or --dev for Django's development server."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="set up and load demonstration content first")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
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
        if demo:
            call_command("setup")
            call_command("demo")
        self.stdout.write(f"Journeys is running at http://{host}:{port}/ (Ctrl+C stops it)")
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
                # URLconf or the theme classifier.
                "journeys.wsgi:warmed_application()",
                "--preload",
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
