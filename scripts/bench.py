"""``make bench``: how fast evidence is imported and the LA evidence page is served.

Measured in one run, each against a baseline on the same machine:

(a) importing every file under the shared data folder and recomputing all benchmarks, against
    pandas alone reading the same files (goal: at most 20 times as long);
(b) the LA evidence page's 95th-percentile latency against ``/healthz`` on the same gunicorn
    server, 8 concurrent clients on loopback (goal: at most 3 times, no errors);
(c) the same import on synthetic data 10 times the size (goal: time grows at most 12 times).

Each part uses its own fresh SQLite database in a temporary folder; nothing else is touched.
Usage: ``python scripts/bench.py [--data PATH] [--requests N]``.
"""

# ruff: noqa: T201 – printing the figures is what this script is for

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SCALE = 10
CLIENTS = 8
# A mix of LAs for (b): large and small, joint returns, reorganised.
PAGE_LAS = ("330", "201", "314", "942", "208", "909", "380", "855", "919", "357", "878", "941")


def run(args: list[str], env: dict) -> str:
    result = subprocess.run([PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def environment(var_dir: Path) -> dict:
    return {
        **os.environ,
        "JOURNEYS_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "journeys.settings.base",
        "JOURNEYS_DEBUG": "0",
        "JOURNEYS_SECRET_KEY": "bench-only-not-secret",
        "JOURNEYS_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{var_dir / 'journeys.sqlite3'}",
    }


def data_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*/*") if p.is_file() and p.name != "PROVENANCE.md")


# The timed import runs inside one process, so interpreter start-up is not counted.
TIMED_IMPORT = """
import sys, time, django
django.setup()
from django.core.management import call_command
import journeys.evidence.management.commands.import_data  # modules loaded before the clock starts
start = time.perf_counter()
call_command("import_data", *sys.argv[1:], "--json", stdout=open("/dev/null", "w"))
print(time.perf_counter() - start)
"""

TIMED_PANDAS = """
import sys, time
import pandas as pd
start = time.perf_counter()
for name in sys.argv[1:]:
    if name.endswith((".xlsx", ".ods")):
        pd.read_excel(name, sheet_name=None, engine="calamine", header=None)
    else:
        for encoding in ("utf-8-sig", "latin-1"):
            try:
                pd.read_csv(name, dtype=str, encoding=encoding, on_bad_lines="skip")
                break
            except UnicodeDecodeError:
                continue
print(time.perf_counter() - start)
"""


def time_import(files: list[Path]) -> tuple[float, float]:
    """(import seconds, pandas seconds) for the files, each on a fresh database."""
    with tempfile.TemporaryDirectory(prefix="journeys-bench-") as folder:
        env = environment(Path(folder))
        run(["-m", "django", "setup"], env)
        imported = float(run(["-c", TIMED_IMPORT, *map(str, files)], env).strip().splitlines()[-1])
        pandas = float(run(["-c", TIMED_PANDAS, *map(str, files)], env).strip().splitlines()[-1])
    return imported, pandas


def synthetic(folder: Path, source: Path) -> list[Path]:
    """The shared data with its EES and Ofsted ISO-dated CSVs made SCALE times longer.

    Copy k shifts every year back by k × 13 (figures) or k × 20 (inspection dates), so the copies
    are distinct years of the same LAs; the other files (neighbours, lookups, workbooks) stay 1×.
    """
    out = []
    for path in data_files(source):
        target = folder / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8-sig") if path.suffix == ".csv" else None
        if text and text.startswith("time_period,"):
            header, *rows = text.splitlines()
            copies = [header, *rows]
            for k in range(1, SCALE):
                copies += [re.sub(r"^(\d{4})(\d{2})?,", lambda m, k=k: _shifted(m, 13 * k), r) for r in rows]
            target.write_text("\n".join(copies) + "\n", encoding="utf-8")
        elif text and path.name in (
            "ofsted_ilacs_inspection_history_2018_2025.csv",
            "ofsted_la_inyear_inspections_2024_25.csv",
        ):
            header, *rows = text.splitlines()
            copies = [header, *rows]
            for k in range(1, SCALE):
                shift = lambda m, k=k: f"{int(m.group(1)) - 20 * k}-{m.group(2)}"  # noqa: E731
                copies += [re.sub(r"\b(\d{4})-(\d{2}-\d{2})\b", shift, r) for r in rows]
            target.write_text("\n".join(copies) + "\n", encoding="utf-8")
        else:
            shutil.copy(path, target)
        out.append(target)
    return out


def _shifted(match: re.Match, years: int) -> str:
    """A time period moved back by some years: 2025 → 2012, academic year 202425 → 201112."""
    start = int(match.group(1)) - years
    return f"{start}{(start + 1) % 100:02d}," if match.group(2) else f"{start},"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[94]


def load(base: str, paths: list[str], requests: int, timeout: float = 30) -> tuple[list[float], int]:
    """CLIENTS threads share `requests` GETs of `paths` (round robin); (latencies, errors)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))

    def client():
        nonlocal errors
        for n in counter:
            url = base + paths[n % len(paths)]
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    response.read()
                    ok = response.status == 200
            except Exception:
                ok = False
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                errors += not ok

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors


def serve_and_measure(files: list[Path], requests: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="journeys-bench-") as folder:
        env = environment(Path(folder))
        run(["-m", "django", "setup"], env)
        run(["-m", "django", "import_data", *map(str, files)], env)
        port = free_port()
        workers = str(os.cpu_count() or 2)
        server = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "journeys.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                workers,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            pages = [f"/local-authorities/{code}/evidence/" for code in PAGE_LAS]
            # Warm-up, not measured: each worker's first request loads every app's URLs (some
            # import scikit-learn), then each page's evidence section is drawn once and stored.
            load(base, ["/healthz"], CLIENTS * 2, timeout=300)
            load(base, pages, len(pages) * 2, timeout=300)
            health, health_errors = load(base, ["/healthz"], requests)
            page, page_errors = load(base, pages, requests)
            # Reference: a foundation page with the same GOV.UK shell and no evidence.
            load(base, [f"/local-authorities/{code}/" for code in PAGE_LAS], CLIENTS * 2, timeout=300)
            shell, shell_errors = load(base, [f"/local-authorities/{code}/" for code in PAGE_LAS], requests)
        finally:
            server.terminate()
            server.wait(10)
    return {
        "workers": workers,
        "healthz_p95": p95(health),
        "page_p95": p95(page),
        "page_median": statistics.median(page),
        "healthz_median": statistics.median(health),
        "shell_p95": p95(shell),
        "errors": health_errors + page_errors + shell_errors,
        "requests": requests,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("JOURNEYS_SHARED_DATA", ROOT.parent / "shared" / "data")),
    )
    parser.add_argument("--requests", type=int, default=800, help="requests per endpoint in (b)")
    parser.add_argument("--parts", default="abc", help="which measurements to run, e.g. 'b'")
    args = parser.parse_args()
    files = data_files(args.data)
    if not files:
        sys.exit(f"no data files under {args.data}")
    print(f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")

    imported = None
    if "a" in args.parts or "c" in args.parts:
        imported, pandas = time_import(files)
        print(f"(a) import of {len(files)} files + all benchmarks: {imported:.2f} s, pandas {pandas:.2f} s")
        print(f"    ratio {imported / pandas:.1f}× (goal ≤ 20×)")

    if "b" in args.parts:
        served = serve_and_measure(files, args.requests)
        ratio = served["page_p95"] / served["healthz_p95"]
        ms = {key: f"{value * 1000:.1f} ms" for key, value in served.items() if isinstance(value, float)}
        print(f"(b) gunicorn, {served['workers']} workers, {CLIENTS} clients, {served['requests']} requests:")
        print(f"    LA evidence page p95 {ms['page_p95']} (median {ms['page_median']})")
        print(
            f"    /healthz p95 {ms['healthz_p95']} (median {ms['healthz_median']}); errors {served['errors']}"
        )
        print(f"    LA register page (same shell, no evidence) p95 {ms['shell_p95']}, for reference")
        print(f"    ratio {ratio:.1f}× (goal ≤ 3×, 0 errors)")

    if "c" not in args.parts:
        return
    with tempfile.TemporaryDirectory(prefix="journeys-bench-data-") as folder:
        scaled = synthetic(Path(folder), args.data)
        big, big_pandas = time_import(scaled)
    print(f"(c) import of {SCALE}× synthetic data: {big:.2f} s (pandas {big_pandas:.2f} s)")
    print(f"    growth {big / imported:.1f}× for {SCALE}× the data (goal ≤ 12×)")


if __name__ == "__main__":
    main()
