"""Backups: every record Journeys holds, as portable JSON that restores on SQLite or PostgreSQL.

The file is Django's JSON serialisation (``dumpdata``) of every app: accounts, LA records and
their history, evidence, the audit log, with times written to the microsecond (Django's own JSON
cuts them to the millisecond, so a restore would not bring back the same values). Content types
and permissions are rebuilt by ``migrate`` on the target, so references to them are written by
natural key; sessions are left out (they are only sign-ins in progress). Primary keys are kept,
so a restore is the same content with the same identifiers, and a SQLite backup restores into
PostgreSQL and back.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.management import CommandError, call_command
from django.core.serializers import json as django_json
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

# Registered as the "journeys_backup" serialisation format (settings.SERIALIZATION_MODULES).
# Its files are plain Django JSON, so `loaddata` reads them as "json".
Deserializer = django_json.Deserializer
BACKUP_FORMAT = "journeys_backup"


class FullPrecisionEncoder(django_json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            written = o.isoformat()
            return written.removesuffix("+00:00") + "Z" if written.endswith("+00:00") else written
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = FullPrecisionEncoder


# Rebuilt by migrate on the target, or not worth keeping; results derived from the evidence are
# derived again on the target (journeys setup, or the next import).
NOT_BACKED_UP = ["contenttypes", "auth.permission", "sessions", "evidence.derivedresult"]
GZIP_MAGIC = b"\x1f\x8b"
# Backups written before the improvement app was renamed name its models, and the content types
# its audit entries point at, by the old app label and model names.
RENAMED_MODELS = {
    ("journeys", "selfassessment"): ("improvement", "selfevaluation"),
    ("journeys", "historicalselfassessment"): ("improvement", "historicalselfevaluation"),
}


class RestoreRefused(Exception):
    pass


def backed_up_models() -> list:
    skipped_apps = {label for label in NOT_BACKED_UP if "." not in label}
    skipped_models = {label.lower() for label in NOT_BACKED_UP if "." in label}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in skipped_apps
        and m._meta.label_lower not in skipped_models
        and m._meta.managed
    ]


def backup_write(*, path: Path) -> int:
    """Write every record to ``path`` (gzip-compressed if it ends in .gz); returns the record count."""
    path = Path(path)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / "backup.json"
        call_command(
            "dumpdata",
            format=BACKUP_FORMAT,
            exclude=NOT_BACKED_UP,
            natural_foreign=True,
            output=str(dump),
            indent=None,
            verbosity=0,
        )
        count = len(json.loads(dump.read_text(encoding="utf-8")))
        with dump.open("rb") as source, _owner_only(path) as target:
            if path.suffix == ".gz":
                with gzip.GzipFile(filename=path.name, mode="wb", fileobj=target) as compressed:
                    shutil.copyfileobj(source, compressed)
            else:
                shutil.copyfileobj(source, target)
    return count


def _owner_only(path: Path):
    """Open ``path`` for writing, readable by its owner alone (mode 0600), even if it already
    existed with wider permissions: a backup holds password and token hashes and every draft."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "wb")


def database_is_empty() -> bool:
    return not any(m._default_manager.exists() for m in backed_up_models())


def backup_restore(*, path: Path, force: bool = False) -> int:
    """Load a backup into a migrated database, in one transaction; returns the record count.

    Refuses a database that already holds records unless ``force``, which first removes them
    all (in the same transaction, so a failed restore leaves the old content in place).
    """
    path = Path(path)
    with tempfile.TemporaryDirectory() as work:
        fixture = Path(work) / "backup.json"  # loaddata recognises the format by the suffix
        with path.open("rb") as source:
            compressed = source.read(2) == GZIP_MAGIC
        with gzip.open(path, "rb") if compressed else path.open("rb") as source, fixture.open("wb") as target:
            shutil.copyfileobj(source, target)
        try:
            records = json.loads(fixture.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise RestoreRefused(f"{path} is not a Journeys backup: {error}") from None
        if _follow_renamed_models(records):
            fixture.write_text(json.dumps(records), encoding="utf-8")
        count = len(records)
        with transaction.atomic():
            if not database_is_empty():
                if not force:
                    raise RestoreRefused(
                        "the database already holds records; restore into an empty database, or pass --force "
                        "to replace everything in it"
                    )
                # flush empties every table and re-creates content types and permissions.
                call_command("flush", interactive=False, verbosity=0)
            try:
                call_command("loaddata", str(fixture), verbosity=0)
            except (CommandError, DeserializationError, DatabaseError) as error:
                raise RestoreRefused(f"{path} cannot be restored (nothing was changed): {error}") from None
    return count


def _follow_renamed_models(records) -> bool:
    """Rewrite old model labels and content-type keys in place; says whether anything changed."""
    if not isinstance(records, list):
        return False
    renamed = {".".join(old): ".".join(new) for old, new in RENAMED_MODELS.items()}
    changed = False
    for record in records:
        if not isinstance(record, dict):
            continue
        if record.get("model") in renamed:
            record["model"] = renamed[record["model"]]
            changed = True
        for name, value in (record.get("fields") or {}).items():
            if isinstance(value, list) and len(value) == 2 and tuple(map(str, value)) in RENAMED_MODELS:
                record["fields"][name] = list(RENAMED_MODELS[tuple(value)])
                changed = True
    return changed
