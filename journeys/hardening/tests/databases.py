"""Throwaway databases for checks that run ``journeys`` in a subprocess (backup, crashes, load).

SQLite databases are files in a temporary folder; PostgreSQL databases are created and dropped
on the server the suite uses (``JOURNEYS_TEST_POSTGRES``, default 127.0.0.1:5432 as postgres).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path

POSTGRES = os.environ.get("JOURNEYS_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
JOURNEYS = str(Path(sys.executable).parent / "journeys")


def postgres_available() -> bool:
    import psycopg

    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


@contextmanager
def postgres_database(name: str):
    """A fresh, empty PostgreSQL database, dropped afterwards; yields its DATABASE_URL."""
    import psycopg

    def drop(admin):
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        drop(admin)
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            drop(admin)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def cli_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a `journeys` command on this database (debug on: demo content allowed)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DATABASE_URL=database_url,
        JOURNEYS_DEBUG="1",
        JOURNEYS_DB_CONN_MAX_AGE="0",
        JOURNEYS_LOG_LEVEL="ERROR",
        **extra,
    )
    return env


def journeys(
    database_url: str, *args: str, check: bool = True, timeout: int = 600
) -> subprocess.CompletedProcess:
    """Run `journeys ARGS` on a database; with ``check``, fail loudly on a non-zero exit."""
    result = subprocess.run(
        [JOURNEYS, *args], env=cli_env(database_url), capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"journeys {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
    return result


class Database:
    """A throwaway database, read with plain SQL while `journeys` commands use it."""

    def __init__(self, url: str, sqlite_path: Path | None = None):
        self.url, self.sqlite_path = url, sqlite_path

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[1]

    @contextmanager
    def connect(self):
        if self.sqlite_path:
            db = sqlite3.connect(self.sqlite_path)
            try:
                yield db
            finally:
                db.close()
        else:
            import psycopg

            with psycopg.connect(self.url) as db:
                yield db

    def rows(self, sql: str) -> list[tuple]:
        with self.connect() as db:
            return list(db.execute(sql).fetchall())

    def integrity(self) -> str:
        return self.rows("PRAGMA integrity_check")[0][0] if self.sqlite_path else "ok"

    def evidence_state(self) -> tuple:
        """The evidence tables' content without row ids or times (which differ between runs). The
        results derived from it are not evidence but a store beside it: see :meth:`derived_state`."""
        from django.apps import apps

        shas = dict(self.rows("SELECT id, sha256 FROM evidence_dataimport"))
        state = []
        for model in apps.get_app_config("evidence").get_models():
            if model._meta.label == "evidence.DerivedResult":
                continue
            columns, to_sha = [], []
            for f in model._meta.concrete_fields:
                if f.primary_key or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    continue
                columns.append(f.column)
                to_sha.append(f.is_relation and f.related_model._meta.label == "evidence.DataImport")
            rows = self.rows(f"SELECT {', '.join(columns)} FROM {model._meta.db_table}")
            text = sorted(
                repr(tuple(shas.get(v) if s else v for v, s in zip(row, to_sha, strict=True))) for row in rows
            )
            state.append((model._meta.label, len(text), hashlib.sha256("\n".join(text).encode()).hexdigest()))
        return tuple(state)

    def derived_state(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """For each version of derived results held, which keys it holds. Not their values: the
        version holds the import's time, and pickled values need not match byte for byte to say
        the same."""
        held: dict[str, list[str]] = {}
        for version, key in self.rows("SELECT version, key FROM evidence_derivedresult"):
            held.setdefault(version, []).append(key)
        return tuple(sorted((version, tuple(sorted(keys))) for version, keys in held.items()))

    def derived_keys(self) -> tuple[str, ...]:
        """The keys of every derived result held, whatever their version."""
        return tuple(key for _, keys in self.derived_state() for key in keys)

    def copy_from(self, template: Database) -> None:
        """Make this database a copy of ``template`` (which no process may be using)."""
        if self.sqlite_path:
            template.rows("PRAGMA wal_checkpoint(TRUNCATE)")  # the main file must hold everything
            for suffix in ("-wal", "-shm"):
                self.sqlite_path.with_name(self.sqlite_path.name + suffix).unlink(missing_ok=True)
            shutil.copyfile(template.sqlite_path, self.sqlite_path)
            return
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{template.name}"')


@contextmanager
def throwaway_databases(backend: str, folder: Path, *names: str):
    """Empty databases of a backend ("sqlite" or "postgresql"), by name; removed afterwards."""
    if backend == "sqlite":
        yield {
            name: Database(sqlite_url(folder / f"{name}.sqlite3"), folder / f"{name}.sqlite3")
            for name in names
        }
        return
    with ExitStack() as stack:
        yield {name: Database(stack.enter_context(postgres_database(f"journeys_{name}"))) for name in names}
