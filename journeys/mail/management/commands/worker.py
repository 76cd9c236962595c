"""``journeys worker``: runs the background jobs (sending email) queued by the web service."""

from django.conf import settings
from django.core.management import call_command

from journeys.common.commands import JourneysCommand

RQ_BACKEND = "django_tasks_rq.RQBackend"


class Command(JourneysCommand):
    help = "Run background jobs (sending email) until stopped; --batch runs those waiting, then exits."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run the jobs now due, then exit")
        parser.add_argument("--max-tasks", type=int, help="exit after this many jobs")

    def handle(self, *args, batch, max_tasks, verbosity, **options):
        if settings.TASKS["default"]["BACKEND"] == RQ_BACKEND:
            # Jobs queued in Redis are worked by RQ's own worker; its scheduler runs the retries.
            arguments = [
                "--with-scheduler",
                "--job-class=django_tasks_rq.Job",
                *(["--burst"] if batch else []),
            ]
            if max_tasks:
                arguments.append(f"--max-jobs={max_tasks}")
            call_command("rqworker", "default", *arguments, verbosity=verbosity)
            return
        arguments = ["--no-startup-delay", "--no-reload", *(["--batch"] if batch else [])]
        if max_tasks:
            arguments.append(f"--max-tasks={max_tasks}")
        call_command("db_worker", *arguments, verbosity=verbosity)
