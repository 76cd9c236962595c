"""``journeys backup FILE``: write every record to a portable JSON file (``.gz`` to compress)."""

from pathlib import Path

from journeys.common.backup import backup_write
from journeys.common.commands import JourneysCommand, bad_input


class Command(JourneysCommand):
    help = "Back up every record to FILE (Django JSON; restores on SQLite or PostgreSQL). FILE.gz compresses."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, file, json=False, **options):
        path = Path(file)
        if not path.parent.is_dir():
            raise bad_input(f"the folder {path.parent} does not exist")
        count = backup_write(path=path)
        if json:
            self.write_json({"file": str(path), "records": count})
        else:
            self.stdout.write(f"Backed up {count} records to {path}.")
