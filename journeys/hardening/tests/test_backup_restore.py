"""`journeys backup FILE` / `journeys restore FILE`: the same content comes back, across backends.

A database is filled the way an operator would (setup, demonstration content, an evidence
import, an API token), backed up, restored into an empty database (SQLite, and PostgreSQL
when the suite can reach it) and backed up again: the two backups must hold identical records.
"""

import json
import sqlite3
import stat

import pytest

from journeys.hardening.tests.databases import journeys, postgres_available, postgres_database, sqlite_url

EVIDENCE_FILE = "la-lookup/england_csc_local_authorities_2025.csv"


def records(path) -> list[dict]:
    """A backup's records in a canonical order (JSON objects compare regardless of key order)."""
    return sorted(json.loads(path.read_text()), key=lambda r: (r["model"], json.dumps(r["pk"])))


@pytest.fixture(scope="module")
def source_backup(tmp_path_factory, shared_data):
    folder = tmp_path_factory.mktemp("backup")
    url = sqlite_url(folder / "source.sqlite3")
    journeys(url, "setup")
    journeys(url, "demo")
    journeys(url, "import", str(shared_data / EVIDENCE_FILE))
    journeys(url, "users", "token", "editor.birmingham@journeys.example")
    backup = folder / "source.json"
    journeys(url, "backup", str(backup))
    return url, backup


def round_trip(target_url, backup, folder):
    journeys(target_url, "restore", str(backup))
    again = folder / "again.json"
    journeys(target_url, "backup", str(again))
    return again


def test_a_backup_restores_into_an_empty_sqlite_database_with_identical_content(source_backup, tmp_path):
    _, backup = source_backup
    original = records(backup)
    assert {"accounts.user", "authorities.localauthority", "accounts.apitoken"} <= {
        r["model"] for r in original
    }
    again = round_trip(sqlite_url(tmp_path / "target.sqlite3"), backup, tmp_path)
    assert records(again) == original


@pytest.mark.skipif(not postgres_available(), reason="PostgreSQL is not reachable")
def test_a_sqlite_backup_restores_into_postgresql_and_back(source_backup, tmp_path):
    _, backup = source_backup
    with postgres_database("journeys_backup_test") as url:
        from_postgres = round_trip(url, backup, tmp_path)
    assert records(from_postgres) == records(backup)
    back_in_sqlite = tmp_path / "back"
    back_in_sqlite.mkdir()
    assert records(
        round_trip(sqlite_url(tmp_path / "back.sqlite3"), from_postgres, back_in_sqlite)
    ) == records(backup)


def test_restore_refuses_a_database_that_holds_records_unless_forced(source_backup, tmp_path):
    source_url, backup = source_backup
    refused = journeys(source_url, "restore", str(backup), check=False)
    assert refused.returncode == 2 and "--force" in refused.stderr
    journeys(source_url, "restore", str(backup), "--force")
    again = tmp_path / "forced.json"
    journeys(source_url, "backup", str(again))
    assert records(again) == records(backup)


def test_a_damaged_backup_is_refused_and_changes_nothing(source_backup, tmp_path):
    source_url, backup = source_backup
    damaged = tmp_path / "damaged.json"
    damaged.write_text(backup.read_text()[: len(backup.read_text()) // 2])
    refused = journeys(source_url, "restore", str(damaged), "--force", check=False)
    assert refused.returncode == 2 and "not a Journeys backup" in refused.stderr
    after = tmp_path / "after.json"
    journeys(source_url, "backup", str(after))
    assert records(after) == records(backup)


def test_a_compressed_backup_round_trips(source_backup, tmp_path):
    source_url, backup = source_backup
    compressed = tmp_path / "backup.json.gz"
    journeys(source_url, "backup", str(compressed))
    target = sqlite_url(tmp_path / "from-gz.sqlite3")
    journeys(target, "restore", str(compressed))
    plain = tmp_path / "plain.json"
    journeys(target, "backup", str(plain))
    assert records(plain) == records(backup)


def test_times_come_back_to_the_microsecond(tmp_path):
    """Django's own JSON writes times to the millisecond; a backup must not round them."""
    source = tmp_path / "source.sqlite3"
    journeys(sqlite_url(source), "setup")
    journeys(sqlite_url(source), "users", "create", "--email", "x@example.org", "--role", "national_admin")
    with sqlite3.connect(source) as db:  # sub-millisecond times, as any clock may give
        db.execute("UPDATE accounts_user SET date_joined = '2026-01-02 03:04:05.000456'")
    backup = tmp_path / "backup.json"
    journeys(sqlite_url(source), "backup", str(backup))
    joined = [r["fields"]["date_joined"] for r in records(backup) if r["model"] == "accounts.user"]
    assert joined == ["2026-01-02T03:04:05.000456Z"]
    again = round_trip(sqlite_url(tmp_path / "target.sqlite3"), backup, tmp_path)
    assert records(again) == records(backup)


@pytest.mark.parametrize("name", ["backup.json", "backup.json.gz"])
def test_a_backup_is_readable_by_its_owner_alone(source_backup, tmp_path, name):
    """A backup holds password and token hashes and every draft: mode 0600, even over an
    existing file that others could read."""
    source_url, _ = source_backup
    fresh, existing = tmp_path / "fresh" / name, tmp_path / "existing" / name
    fresh.parent.mkdir()
    existing.parent.mkdir()
    existing.write_text("old")
    existing.chmod(0o644)
    for path in (fresh, existing):
        journeys(source_url, "backup", str(path))
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
