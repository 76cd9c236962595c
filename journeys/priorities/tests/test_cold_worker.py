"""A fresh app server, started as in production, themes its first priority within the worker timeout.

`journeys serve` (gunicorn, JOURNEYS_DEBUG off, the default worker timeout) on a throwaway
database of the suite's backend, after `journeys setup` has trained and stored the theme
classifier. The first priority written through the API must answer 201 well inside the timeout
and take little longer than the next one: neither trains the classifier nor loads it then.
"""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from journeys.hardening.tests.databases import (
    JOURNEYS,
    cli_env,
    journeys,
    postgres_available,
    throwaway_databases,
)

BACKEND = "postgresql" if connection.vendor == "postgresql" else "sqlite"
WORKER_TIMEOUT = 30  # gunicorn's and Journeys' default
START_UP = 180  # seconds allowed for gunicorn to load and warm Journeys on a busy machine
EDITOR = "editor.cold@journeys.example"
STATEMENT = {"title": "Recruit permanent social workers", "issue": "Too many agency staff in the CP teams"}


@pytest.fixture
def database_url(tmp_path):
    if BACKEND == "postgresql" and not postgres_available():
        pytest.skip("PostgreSQL is not reachable")
    with throwaway_databases(BACKEND, tmp_path, "cold_worker") as found:
        yield found["cold_worker"].url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(url: str, body: dict | None = None, token: str = "") -> tuple[int, dict | str]:
    headers = {"X-Forwarded-Proto": "https"}  # TLS ends at the load balancer, as in production
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=60) as r:
            text = r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")[:500]
    return r.status, json.loads(text) if body is not None else text


def production_env(database_url: str) -> dict[str, str]:
    env = cli_env(database_url)
    env.update(
        JOURNEYS_DEBUG="0",
        JOURNEYS_SECRET_KEY="cold-worker-" + "s" * 60,
        JOURNEYS_ALLOWED_HOSTS="127.0.0.1",
        JOURNEYS_WORKERS="1",
        JOURNEYS_DB_CONN_MAX_AGE="60",
        JOURNEYS_LOG_LEVEL="WARNING",
    )
    env.pop("JOURNEYS_WORKER_TIMEOUT", None)  # the default, as production runs it
    return env


def test_first_priority_in_a_fresh_worker_is_written_well_within_the_timeout(database_url, tmp_path):
    journeys(database_url, "setup")
    journeys(database_url, "users", "create", "--email", EDITOR, "--role", "la_editor", "--la", "330")
    token = journeys(database_url, "users", "token", EDITOR).stdout.strip().splitlines()[-1]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [JOURNEYS, "serve", "--port", str(port)],
            env=production_env(database_url),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + START_UP
            while True:
                assert server.poll() is None, f"journeys serve exited {server.returncode}:\n{log.read_text()}"
                try:
                    if request(f"{base}/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, f"not serving after {START_UP} s:\n{log.read_text()}"
                time.sleep(0.5)

            timings, answers = [], []
            for _ in range(2):
                started = time.monotonic()
                answers.append(request(f"{base}/api/v1/priorities", STATEMENT, token))
                timings.append(time.monotonic() - started)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)

    first, second = answers
    assert first[0] == 201 and second[0] == 201, (answers, log.read_text())
    assert (first[1]["theme"], first[1]["theme_method"]) == (1, "embedding")
    assert "WORKER TIMEOUT" not in log.read_text()
    print(f"\nfirst priority write {timings[0]:.2f} s, second {timings[1]:.2f} s ({BACKEND})")  # noqa: T201
    assert timings[0] < WORKER_TIMEOUT / 3, timings
    # Training in the request took seconds; loading the encoder in it, about one.
    assert timings[0] < max(1.0, 5 * timings[1]), timings
