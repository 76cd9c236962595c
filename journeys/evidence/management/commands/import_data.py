"""``journeys import PATH... [--json]``: import official evidence files, recognised by content.

A directory stands for every data file in it and in its folders below. Every file is read and
checked before anything is written, so one bad file (exit 2, with file, row, column and reason)
leaves the database as it was. Each good file is then stored in its own transaction. A file
already imported (same SHA-256) changes nothing and says so, unless the catalogue has since
gained indicators read from it: then it is read again for those alone. Last, what pages show is
derived from the evidence now held (journeys.evidence.derivations), so no request waits for it.
"""

import os
import stat
import sys
from pathlib import Path

from django.conf import settings

from journeys.common.commands import JourneysCommand, bad_input
from journeys.evidence.derivations import derivations_run
from journeys.evidence.formats import MAX_FILE_BYTES, ImportProblem
from journeys.evidence.services import data_import_check, data_import_store

# The files of a directory that are imported; others (a README, PROVENANCE.md) are left alone.
DATA_SUFFIXES = (".csv", ".ods", ".xlsx")
NOT_REGULAR = {
    stat.S_ISFIFO: "a named pipe",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
    stat.S_ISSOCK: "a socket",
}

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


def _status(path: Path) -> os.stat_result:
    try:
        return path.stat()  # follows symbolic links: what is read is what they point to
    except FileNotFoundError:
        if path.is_symlink():
            raise ImportProblem(path, f"a broken symbolic link (to {os.readlink(path)})") from None
        raise ImportProblem(path, "no such file or directory") from None
    except OSError as error:  # permission denied, a loop of symbolic links, …
        raise ImportProblem(path, (error.strerror or str(error)).lower()) from None


def _checked_file(path: Path, status: os.stat_result) -> Path:
    """A regular file within the size limit, judged by stat() alone: a named pipe would block
    the first read and a device such as /dev/zero never ends, so neither is ever opened."""
    for is_kind, kind in NOT_REGULAR.items():
        if is_kind(status.st_mode):
            raise ImportProblem(path, f"{kind}, not a file; Journeys imports files only")
    if not stat.S_ISREG(status.st_mode):
        raise ImportProblem(path, "not a file; Journeys imports files only")
    if status.st_size > MAX_FILE_BYTES:
        megabytes, limit = status.st_size / 2**20, MAX_FILE_BYTES // 2**20
        raise ImportProblem(path, f"the file is {megabytes:.0f} MB; Journeys imports files up to {limit} MB")
    return path


def _directory_files(folder: Path) -> list[Path]:
    def unreadable(error: OSError):
        raise ImportProblem(error.filename, (error.strerror or str(error)).lower())

    found = []
    for root, folders, names in os.walk(folder, onerror=unreadable):  # never into linked folders
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        data = [n for n in names if n.lower().endswith(DATA_SUFFIXES) and not n.startswith(".")]
        found += [Path(root) / name for name in sorted(data)]
    if not found:
        raise ImportProblem(folder, "the directory holds no .csv, .ods or .xlsx files")
    return found


def data_files(paths: list[str]) -> list[Path]:
    """The files to import: each file named and every data file in each directory named, once each."""
    files: dict[str, Path] = {}
    for name in paths:
        path = Path(name)
        status = _status(path)
        inside = _directory_files(path) if stat.S_ISDIR(status.st_mode) else [path]
        for file in inside:
            files.setdefault(os.path.realpath(file), _checked_file(file, _status(file)))
    return list(files.values())


class Command(JourneysCommand):
    help = "Import evidence files or directories of them (DfE EES, Ofsted, D2I, statistical neighbours)."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="files, or directories of files, to import; the format is read from each",
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, paths, json=False, **options):
        try:
            files = data_files(paths)
        except ImportProblem as problem:
            raise bad_input(f"{problem} (nothing was imported)") from None
        progress = Progress(self.stdout, 2 * len(files) + 1, enabled=not json and sys.stdout.isatty())
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
                    "status": "imported" if outcome.created else "reread" if outcome.changed else "unchanged",
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
        changed = any(r["status"] in ("imported", "reread") for r in results)
        progress.step("deriving placements, warnings and charts")
        derived = derivations_run() if settings.DERIVE_AFTER_IMPORT else {}
        if json:
            self.write_json({"changed": changed, "files": results, "derived": derived})
            return
        for result in results:
            name = Path(result["file"]).name
            if result["status"] == "unchanged":
                self.stdout.write(f"{name}: already imported, no changes.")
                continue
            if result["status"] == "reread":
                self.stdout.write(f"{name}: already imported. {result['notes'][-1]}")
                self.stdout.write(f"  changed: {self._changes(result)}")
                continue
            self.stdout.write(
                f"{name}: {result['format_title']}. Read {result['rows_read']} rows, "
                f"loaded {result['rows_loaded']}, skipped {result['rows_skipped']}."
            )
            for reason in result["skipped_reasons"]:
                self.stdout.write(f"  skipped {reason['rows']} rows: {reason['reason']}")
            self.stdout.write(f"  changed: {self._changes(result)}")
        if not changed:
            self.stdout.write("No changes: every file had already been imported.")
        if derived:
            self.stdout.write(f"Derived {sum(derived.values()):,} results from the evidence held.")

    @staticmethod
    def _changes(result: dict) -> str:
        changes = ", ".join(
            f"{count} {what.replace('_', ' ')}" for what, count in result["changes"].items() if count
        )
        return changes or "nothing (the figures were already held)"
