"""``journeys restore FILE [--force]``: load a backup into an empty database, in one transaction."""

from pathlib import Path

from django.core.management import call_command

from journeys.common.backup import RestoreRefused, backup_restore
from journeys.common.commands import JourneysCommand, bad_input


class Command(JourneysCommand):
    help = "Restore a backup made by `journeys backup` (migrates first; --force replaces existing records)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--force", action="store_true", help="replace every record the database holds")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, file, force=False, json=False, **options):
        path = Path(file)
        if not path.is_file():
            raise bad_input(f"no such file: {path}")
        call_command("migrate", interactive=False, verbosity=0)
        try:
            count = backup_restore(path=path, force=force)
        except RestoreRefused as refused:
            raise bad_input(str(refused)) from None
        if json:
            self.write_json({"file": str(path), "records": count})
        else:
            self.stdout.write(f"Restored {count} records from {path}.")
