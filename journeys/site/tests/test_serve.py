"""`journeys serve`: the PORT and HOST settings, "running" only once it answers, a taken port in words."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

JOURNEYS = str(Path(sys.executable).with_name("journeys"))
STARTUP_SECONDS = 180  # a busy two-core machine: setup's warm-up and gunicorn's preload


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(database: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(JOURNEYS_DEBUG="1", DATABASE_URL=f"sqlite:///{database}", JOURNEYS_WORKERS="1", **extra)
    return env


def test_a_taken_port_is_refused_at_once_in_words(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [JOURNEYS, "serve"],
            env=_env(tmp_path / "db.sqlite3", PORT=str(port)),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert f"PORT={port + 1} make run" in result.stderr
    assert "is running" not in result.stdout


def test_a_port_that_is_not_a_number_is_refused(tmp_path):
    result = subprocess.run(
        [JOURNEYS, "serve"],
        env=_env(tmp_path / "db.sqlite3", PORT="eighty"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "PORT must be a number, like 8000, not 'eighty'" in result.stderr


def test_serve_takes_port_and_host_and_says_it_is_running_only_once_it_answers(tmp_path):
    database = tmp_path / "db.sqlite3"
    port = _free_port()
    env = _env(database, PORT=str(port), HOST="127.0.0.1")
    subprocess.run([JOURNEYS, "setup"], env=env, check=True, capture_output=True, timeout=STARTUP_SECONDS)
    server = subprocess.Popen(
        [JOURNEYS, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        lines = []
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "is running" in line:
                # The moment it says so, the page answers.
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
                    assert response.status == 200
                break
        assert lines[0].startswith(f"Starting Journeys on http://127.0.0.1:{port}/"), lines
        assert lines[-1] == f"Journeys is running at http://127.0.0.1:{port}/ (Ctrl+C stops it)\n", lines
    finally:
        server.terminate()
        server.wait(timeout=30)
