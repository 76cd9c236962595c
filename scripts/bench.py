"""``make bench``: how fast evidence is imported and the LA evidence page is served.

Measured in one run, each against a baseline on the same machine:

(a) importing every file under the shared data folder and recomputing all benchmarks, against
    pandas alone reading the same files (goal: at most 20 times as long);
(b) the LA evidence page's 95th-percentile latency against ``/healthz`` on the same gunicorn
    server, 8 concurrent clients on loopback (goal: at most 3 times, no errors);
(c) the same import on synthetic data 10 times the size (goal: time grows at most 12 times);
(d) a fresh ``journeys serve`` (gunicorn, preloaded) started right after an import: the first
    request to the journey and evidence pages of 12 LAs and to one members' briefing (PDF),
    against the warm p95 of the same requests in the same run (goal: the slowest first view at
    most 3 times the warm p95 of its kind, no errors). Run twice, each time from a fresh import.

(a) and (c) time the import of the files and every benchmark; the step the import then runs,
deriving what pages show (placements, warnings, curves, evidence sections, charts), is timed
and reported beside them. Each part uses its own fresh SQLite database in a temporary folder;
nothing else is touched. By default every file under ``../shared/data`` and
``../shared/data-new-formats`` is imported.
Usage: ``python scripts/bench.py [--data PATH]... [--requests N] [--parts abcd]``.
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


def data_files(*folders: Path) -> list[Path]:
    return sorted(
        p for folder in folders for p in folder.glob("*/*") if p.is_file() and p.name != "PROVENANCE.md"
    )


# The timed import runs inside one process, so interpreter start-up is not counted. The step
# that derives what pages show is timed on its own: "import derive" seconds.
TIMED_IMPORT = """
import sys, time, django
django.setup()
from django.core.management import call_command
from journeys.evidence.management.commands import import_data  # loaded before the clock starts
derive = import_data.derivations_run
derived, derived_cpu = [], []
def timed_derive(**options):
    start, cpu = time.perf_counter(), time.process_time()
    result = derive(**options)
    derived.append(time.perf_counter() - start)
    derived_cpu.append(time.process_time() - cpu)
    return result
import_data.derivations_run = timed_derive
start, cpu = time.perf_counter(), time.process_time()
call_command("import_data", *sys.argv[1:], "--json", stdout=open("/dev/null", "w"))
total, total_cpu = time.perf_counter() - start, time.process_time() - cpu
print(total - sum(derived), sum(derived), total_cpu - sum(derived_cpu))
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


def time_import(files: list[Path]) -> tuple[float, float, float, float]:
    """(import seconds, derivation seconds, pandas seconds, import CPU seconds) for the files, on
    a fresh database. CPU time is the steadier on a machine other work keeps busy."""
    with tempfile.TemporaryDirectory(prefix="journeys-bench-") as folder:
        env = environment(Path(folder))
        run(["-m", "django", "setup"], env)
        output = run(["-c", TIMED_IMPORT, *map(str, files)], env).split()
        imported, derived, cpu = map(float, output[-3:])
        pandas = float(run(["-c", TIMED_PANDAS, *map(str, files)], env).strip().splitlines()[-1])
    return imported, derived, pandas, cpu


def synthetic(folder: Path, sources: list[Path]) -> list[Path]:
    """The shared data with its EES and Ofsted ISO-dated CSVs made SCALE times longer.

    Copy k shifts every year back by k × 13 (figures) or k × 20 (inspection dates), so the copies
    are distinct years of the same LAs; the other files (neighbours, lookups, workbooks) stay 1×.
    """
    out = []
    for path in data_files(*sources):
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


class Server:
    """gunicorn as ``journeys serve`` starts it (preloaded, one sync worker per CPU), on a free port."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.workers = str(os.cpu_count() or 2)
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "journeys.wsgi:warmed_application()",
                "--preload",
                "--config",
                "python:journeys.site.gunicorn_hooks",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                self.workers,
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(600):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        sys.exit("the server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(120)  # gunicorn waits for its workers, slow on a busy machine
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def imported_database(folder: str, files: list[Path]) -> dict:
    env = environment(Path(folder))
    run(["-m", "django", "setup"], env)
    run(["-m", "django", "import_data", *map(str, files)], env)
    return env


def serve_and_measure(files: list[Path], requests: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="journeys-bench-") as folder:
        server = Server(imported_database(folder, files))
        try:
            base = server.base
            pages = [f"/local-authorities/{code}/evidence/" for code in PAGE_LAS]
            # Warm-up, not measured: each worker's first requests, for each page.
            load(base, ["/healthz"], CLIENTS * 2, timeout=300)
            load(base, pages, len(pages) * 2, timeout=300)
            health, health_errors = load(base, ["/healthz"], requests)
            page, page_errors = load(base, pages, requests)
            # Reference: a foundation page with the same GOV.UK shell and no evidence.
            load(base, [f"/local-authorities/{code}/" for code in PAGE_LAS], CLIENTS * 2, timeout=300)
            shell, shell_errors = load(base, [f"/local-authorities/{code}/" for code in PAGE_LAS], requests)
        finally:
            server.stop()
    return {
        "workers": server.workers,
        "healthz_p95": p95(health),
        "page_p95": p95(page),
        "page_median": statistics.median(page),
        "healthz_median": statistics.median(health),
        "shell_p95": p95(shell),
        "errors": health_errors + page_errors + shell_errors,
        "requests": requests,
    }


# (d): the pages a first visitor after an import asks for, one kind at a time.
FIRST_VIEWS = {
    "journey": [f"/local-authorities/{code}/journey/" for code in PAGE_LAS],
    "evidence": [f"/local-authorities/{code}/evidence/" for code in PAGE_LAS],
    "briefing": [f"/local-authorities/{PAGE_LAS[0]}/journey/briefing.pdf"],
}
WARM_ROUNDS = 10


def get(url: str) -> tuple[float, bool]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=300) as response:
            response.read()
            ok = response.status == 200
    except Exception:
        ok = False
    return time.perf_counter() - start, ok


def first_views(files: list[Path]) -> dict:
    """Each page's first request to a fresh server straight after an import, one at a time as a
    first visitor makes them, then the same requests warm (WARM_ROUNDS times each)."""
    with tempfile.TemporaryDirectory(prefix="journeys-bench-") as folder:
        server = Server(imported_database(folder, files))
        try:
            first = {kind: [get(server.base + path) for path in paths] for kind, paths in FIRST_VIEWS.items()}
            warm: dict[str, list[tuple[float, bool]]] = {kind: [] for kind in FIRST_VIEWS}
            for _ in range(WARM_ROUNDS):
                for kind, paths in FIRST_VIEWS.items():
                    warm[kind] += [get(server.base + path) for path in paths]
        finally:
            server.stop()
    result = {}
    for kind in FIRST_VIEWS:
        warm_times = [t for t, _ in warm[kind]]
        result[kind] = {
            "first_max": max(t for t, _ in first[kind]),
            "first_slowest": max(zip((t for t, _ in first[kind]), FIRST_VIEWS[kind], strict=True))[1],
            "first_median": statistics.median(t for t, _ in first[kind]),
            "warm_p95": p95(warm_times) if len(warm_times) > 1 else warm_times[0],
            "errors": sum(not ok for _, ok in first[kind] + warm[kind]),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = ROOT.parent / "shared"
    parser.add_argument(
        "--data",
        type=Path,
        action="append",
        help="a folder of official files (repeatable); default ../shared/data and ../shared/data-new-formats",
    )
    parser.add_argument("--requests", type=int, default=800, help="requests per endpoint in (b)")
    parser.add_argument(
        "--parts", default="abcdd", help="which measurements to run, e.g. 'b'; 'dd': (d) twice"
    )
    args = parser.parse_args()
    folders = args.data or [
        Path(os.environ.get("JOURNEYS_SHARED_DATA", shared / "data")),
        shared / "data-new-formats",
    ]
    files = data_files(*folders)
    if not files:
        sys.exit(f"no data files under {', '.join(map(str, folders))}")
    print(f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"Load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")

    imported = None
    if "a" in args.parts or "c" in args.parts:
        imported, derived, pandas, cpu = time_import(files)
        print(
            f"(a) import of {len(files)} files + all benchmarks: {imported:.2f} s "
            f"({cpu:.2f} s of CPU), pandas {pandas:.2f} s"
        )
        print(
            f"    ratio {imported / pandas:.1f}× (goal ≤ 20×); then deriving what pages show: {derived:.2f} s"
        )

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

    if "c" in args.parts:
        with tempfile.TemporaryDirectory(prefix="journeys-bench-data-") as folder:
            scaled = synthetic(Path(folder), folders)
            big, big_derived, big_pandas, big_cpu = time_import(scaled)
        print(
            f"(c) import of {SCALE}× synthetic data: {big:.2f} s ({big_cpu:.2f} s of CPU), "
            f"pandas {big_pandas:.2f} s"
        )
        growth = big / imported
        print(
            f"    growth {growth:.1f}× for {SCALE}× the data (goal ≤ 12×), {big_cpu / cpu:.1f}× in CPU time; "
            f"deriving: {big_derived:.2f} s"
        )

    for round_number in range(1, args.parts.count("d") + 1):
        views = first_views(files)
        print(f"(d) run {round_number}: a fresh server right after an import, first view against warm p95:")
        for kind, figures in views.items():
            ratio = figures["first_max"] / figures["warm_p95"]
            print(
                f"    {kind}: first view {figures['first_max'] * 1000:.0f} ms at most "
                f"(median {figures['first_median'] * 1000:.0f} ms), "
                f"warm p95 {figures['warm_p95'] * 1000:.0f} ms: "
                f"{ratio:.1f}× (goal ≤ 3×), errors {figures['errors']}; "
                f"slowest first: {figures['first_slowest']}"
            )


if __name__ == "__main__":
    main()
