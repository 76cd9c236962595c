"""Throwaway databases for checks that run ``journeys`` in a subprocess (backup, crashes, load).

SQLite databases are files in a temporary folder; PostgreSQL databases are created and dropped
on the server the suite uses (``JOURNEYS_TEST_POSTGRES``, default 127.0.0.1:5432 as postgres).
"""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
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
