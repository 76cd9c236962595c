"""Time `make run` on a fresh clone to its first page: `python scripts/first_run.py`.

Clones this checkout's HEAD into a temporary folder (the package caches of uv and npm stay as
they are, so "fresh" means a new checkout on a machine that has fetched the packages before),
runs `make run` there on a free port, prints each line of its output with the seconds since the
start, and stops as soon as the home page answers: the figure the README records. It also
reports the longest gap between two lines, which `make run` keeps under about 10 seconds.
"""

from __future__ import annotations

import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

LIMIT_SECONDS = 900


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def main() -> int:
    checkout = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory(prefix="journeys-first-run-") as folder:
        clone = Path(folder) / "journeys"
        subprocess.run(["git", "clone", "--quiet", str(checkout), str(clone)], check=True)
        # The tests' official data sits beside a checkout; make run does not need it.
        port = free_port()
        env = {**os.environ, "PORT": str(port)}
        started = time.monotonic()
        run = subprocess.Popen(
            ["make", "run"],
            cwd=clone,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        last = [started]
        gaps: list[float] = []

        def echo():
            for line in run.stdout:
                now = time.monotonic()
                gaps.append(now - last[0])
                last[0] = now
                print(f"{now - started:7.1f} s  {line}", end="", flush=True)  # noqa: T201

        reader = threading.Thread(target=echo, daemon=True)
        reader.start()
        url = f"http://127.0.0.1:{port}/"
        try:
            while time.monotonic() - started < LIMIT_SECONDS and run.poll() is None:
                if answers(url):
                    break
                time.sleep(0.5)
            elapsed = time.monotonic() - started
            served = answers(url)
        finally:
            os.killpg(run.pid, signal.SIGTERM)
            run.wait(timeout=60)
    machine = f"{os.cpu_count()} cores, {platform.system()} {platform.release()}"
    machine += f", Python {platform.python_version()}"
    if not served:
        print(f"make run did not serve {url} within {LIMIT_SECONDS} s ({machine})")  # noqa: T201
        return 1
    print(  # noqa: T201
        f"\nFirst page after {elapsed:.0f} s; longest silence {max(gaps, default=0):.0f} s; {machine}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
