"""``journeys fetch [--if-due] [--release ID …] [--json]``: download and import the newest official
releases (EES data sets through the EES public API, Ofsted's outcomes workbook, D2I's ILACS overview)."""

import sys
from datetime import date

import httpx
from django.conf import settings
from django.core.management.base import CommandError
from tqdm import tqdm

from journeys.common.commands import JourneysCommand, bad_input
from journeys.evidence.derivations import derivations_run
from journeys.evidence.releases import load_releases
from journeys.evidence.services import releases_fetch

TIMEOUT_SECONDS = 60


def progress_bar(name: str, total: int | None):
    bar = tqdm(total=total, desc=name, unit="B", unit_scale=True, file=sys.stderr)

    def advance(received: int) -> None:
        bar.update(received)
        if total is not None and bar.n >= total:
            bar.close()

    return advance


class Command(JourneysCommand):
    help = "Download and import the newest official releases; with --if-due, only those due."

    def add_arguments(self, parser):
        parser.add_argument("--if-due", action="store_true", help="only releases due or overdue (for cron)")
        parser.add_argument(
            "--release", action="append", metavar="ID", help="only this release (repeatable), e.g. csww"
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output, no progress bars")

    def handle(self, *args, if_due, release, json, **options):
        known = {r.id for r in load_releases()}
        if release and (unknown := sorted(set(release) - known)):
            raise bad_input(f"no release {', '.join(unknown)}; the releases are {', '.join(sorted(known))}")
        show_progress = not json and sys.stderr.isatty()
        with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=True) as client:
            outcomes = releases_fetch(
                client=client,
                today=date.today(),
                if_due=if_due,
                only=release,
                progress=progress_bar if show_progress else None,
            )
        # What pages show is derived again from what was imported, and for a new day.
        if settings.DERIVE_AFTER_IMPORT:
            derivations_run()
        if json:
            self.write_json(
                [
                    {
                        "release": o.release.id,
                        "outcome": o.outcome,
                        "detail": o.detail,
                        "file": o.data_import.file_name if o.data_import else None,
                        "sha256": o.data_import.sha256 if o.data_import else None,
                        "data_set_id": o.data_import.data_set_id if o.data_import else None,
                        "data_set_version": o.data_import.data_set_version if o.data_import else None,
                    }
                    for o in outcomes
                ]
            )
        else:
            for o in outcomes:
                self.stdout.write(f"{o.release.id}: {o.outcome} – {o.detail}")
            if not outcomes:
                self.stdout.write("Nothing is due.")
        if failed := [o.release.id for o in outcomes if o.outcome == "failed"]:
            raise CommandError(f"could not fetch {', '.join(failed)}", returncode=1)
