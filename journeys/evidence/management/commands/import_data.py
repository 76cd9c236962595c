"""``journeys import PATH... [--json]``: import official evidence files, recognised by content.

Every file is read and checked before anything is written, so one bad file (exit 2, with file,
row, column and reason) leaves the database as it was. Each good file is then stored in its own
transaction. A file already imported (same SHA-256) changes nothing and says so.
"""

import sys
from pathlib import Path

from journeys.common.commands import JourneysCommand, bad_input
from journeys.evidence.formats import ImportProblem
from journeys.evidence.services import data_import_check, data_import_store

# Reference files and neighbour models before figures, figures before inspections: any order
# gives the same result, this one recomputes the fewest benchmarks.
FORMAT_ORDER = ("la-lookup", "d2i-la-lookup", "dfe-dashboard-metadata", "dfe-2021", "dfe-2025", "ees-csc")


class Progress:
    """A one-line progress bar, drawn only on a terminal."""

    WIDTH = 30

    def __init__(self, stream, total: int, enabled: bool):
        self.stream, self.total, self.enabled, self.done = stream, total, enabled and total > 0, 0

    def step(self, label: str) -> None:
        if not self.enabled:
            return
        self.done += 1
        filled = self.WIDTH * self.done // self.total
        bar = "█" * filled + "·" * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {label[:40]:<40}", ending="")
        self.stream.flush()
        if self.done == self.total:
            self.stream.write("\r" + " " * (self.WIDTH + 50) + "\r", ending="")


class Command(JourneysCommand):
    help = "Import evidence files (DfE EES CSVs, Ofsted and D2I inspection outcomes, statistical neighbours)."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="files to import; the format is read from each"
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, paths, json=False, **options):
        files = [Path(p) for p in paths]
        progress = Progress(self.stdout, 2 * len(files), enabled=not json and sys.stdout.isatty())
        checked = []
        for path in files:
            progress.step(f"checking {path.name}")
            try:
                sha256, parsed = data_import_check(path=path)
            except ImportProblem as problem:
                raise bad_input(f"{problem} (nothing was imported)") from None
            checked.append((path, sha256, parsed))
        order = {format_id: position for position, format_id in enumerate(FORMAT_ORDER)}
        checked.sort(key=lambda item: order.get(item[2].format, len(order)) if item[2] else -1)

        results = []
        for path, sha256, parsed in checked:
            progress.step(f"importing {path.name}")
            if parsed is None:
                results.append({"file": str(path), "sha256": sha256, "status": "unchanged", "changes": {}})
                continue
            try:
                outcome = data_import_store(path=path, sha256=sha256, parsed=parsed)
            except ImportProblem as problem:
                raise bad_input(str(problem)) from None
            record = outcome.data_import
            results.append(
                {
                    "file": str(path),
                    "sha256": sha256,
                    "status": "imported" if outcome.created else "unchanged",
                    "format": record.format_id,
                    "format_title": record.format_title,
                    "rows_read": record.rows_read,
                    "rows_loaded": record.rows_loaded,
                    "rows_skipped": record.rows_skipped,
                    "skipped_reasons": record.skipped_reasons,
                    "notes": record.notes,
                    "changes": outcome.changes,
                }
            )
        changed = any(r["status"] == "imported" for r in results)
        if json:
            self.write_json({"changed": changed, "files": results})
            return
        for result in results:
            name = Path(result["file"]).name
            if result["status"] == "unchanged":
                self.stdout.write(f"{name}: already imported, no changes.")
                continue
            self.stdout.write(
                f"{name}: {result['format_title']}. Read {result['rows_read']} rows, "
                f"loaded {result['rows_loaded']}, skipped {result['rows_skipped']}."
            )
            for reason in result["skipped_reasons"]:
                self.stdout.write(f"  skipped {reason['rows']} rows: {reason['reason']}")
            changes = ", ".join(
                f"{count} {what.replace('_', ' ')}" for what, count in result["changes"].items() if count
            )
            self.stdout.write(f"  changed: {changes or 'nothing (the figures were already held)'}")
        if not changed:
            self.stdout.write("No changes: every file had already been imported.")
