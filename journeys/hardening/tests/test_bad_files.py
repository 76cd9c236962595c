"""Bad files: generated damage to every evidence format, imported the way `journeys import` does.

One seed per registered format comes from the official files in the shared data (so a format
added to the registry is fuzzed as soon as a file of it is there). Hypothesis damages the seed:
truncation, wrong encodings, BOMs, missing, duplicated and reordered columns, unknown codes,
absurd numbers, formula-injection strings, enormous fields, empty files, zips that are not
spreadsheets. Half the cases also vary how the file is given: inside a directory, through a
symbolic link, or replaced by a broken link, a named pipe, a device, an empty file or the seed's
header alone. Every case must either import (exit 0) or be refused with exit 2 and a message
naming the file (the last five always refused, and at once); nothing may crash or hang, and a
refused file must leave the database as it was.

The default run tries a sample; `pytest -m slow` (make test-slow) tries at least 10,000.
"""

import csv
import hashlib
import io
import itertools
import os
import shutil
import signal
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys.common.backup import backed_up_models
from journeys.conftest import all_official_files
from journeys.evidence.formats import FORMATS, ImportProblem, detect

pytestmark = pytest.mark.django_db

DEFAULT_CASES = 300
SLOW_CASES = 10_000
SEED_ROWS = 30  # data rows kept from each CSV seed: enough to be real, small enough to be quick
BASELINE_FILE = "la-lookup/england_csc_local_authorities_2025.csv"

UNKNOWN_CODES = ["999", "000", "E99999999", "ZZZ", "", " ", "330 / 999", "N/A"]
ABSURD_NUMBERS = ["1e308", "-1e308", "NaN", "inf", "-0", "9" * 30, "1,234", "12.5.6", "0x1F", "½"]
FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']
ODD_TEXT = ["\x00", "\u202e330", '"', 'a"b', "é£€", "\ufeff", "line\nbreak"]


def seeds(shared_data: Path) -> dict[str, tuple[str, bytes]]:
    """One small sample file per recognised format: format id -> (suffix, bytes)."""
    found: dict[str, tuple[str, bytes]] = {}
    for path in sorted(all_official_files(), key=lambda p: p.stat().st_size):  # both official folders
        try:
            format_id = detect(path).id
        except ImportProblem:
            continue
        if format_id in found:
            continue
        raw = path.read_bytes()
        if path.suffix == ".csv":
            raw = b"\n".join(raw.splitlines()[: SEED_ROWS + 1]) + b"\n"
        found[format_id] = (path.suffix, raw)
    return found


# ---------------------------------------------------------------- mutations


def rows_of(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig", errors="replace"))))


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def set_cell(raw, data, values):
    rows = rows_of(raw)
    if len(rows) < 2 or not rows[0]:
        return raw
    r = data.draw(st.integers(1, len(rows) - 1))
    if not rows[r]:
        return raw
    c = data.draw(st.integers(0, len(rows[r]) - 1))
    rows[r][c] = data.draw(values)
    return csv_bytes(rows)


def with_columns(raw, data, change):
    rows = rows_of(raw)
    if not rows or not rows[0]:
        return raw
    width = len(rows[0])
    c = data.draw(st.integers(0, width - 1))
    order = change(list(range(width)), c, data)
    return csv_bytes([[row[i] for i in order if i < len(row)] for row in rows])


def drop_column(order, c, data):
    return order[:c] + order[c + 1 :]


def duplicate_column(order, c, data):
    return order + [c]


def reorder_columns(order, c, data):
    return data.draw(st.permutations(order))


def truncate(raw, data):
    return raw[: data.draw(st.integers(0, max(len(raw) - 1, 0)))]


def wrong_encoding(raw, data):
    text = set_cell(raw, data, st.sampled_from(["é£€", "Café", "Saint Helens – St. Helens"])).decode()
    return text.encode(data.draw(st.sampled_from(["cp1252", "utf-16", "latin-1"])), errors="replace")


def bom(raw, data):
    return data.draw(st.sampled_from([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe"])) + raw


def enormous_field(raw, data):
    size = data.draw(st.sampled_from([70_000, 200_000, 1_000_000]))
    return set_cell(raw, data, st.just("A" * size))


def blank(raw, data):
    return data.draw(st.sampled_from([b"", b"\n", b"   \r\n", b"\xef\xbb\xbf", raw.splitlines()[0] + b"\n"]))


def random_bytes(raw, data):
    return data.draw(st.binary(min_size=1, max_size=2000))


def not_a_spreadsheet(raw, data):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        member = data.draw(st.sampled_from(["content.xml", "xl/workbook.xml", "notes.txt"]))
        archive.writestr(member, data.draw(st.binary()))
    return buffer.getvalue()


def damaged_zip(raw, data):
    """A spreadsheet seed cut short or with bytes flipped; CSV seeds get a zip header instead."""
    if not raw.startswith(b"PK"):
        return b"PK\x03\x04" + raw
    at = data.draw(st.integers(4, len(raw) - 1))
    if data.draw(st.booleans()):
        return raw[:at]
    return raw[:at] + bytes([raw[at] ^ 0xFF]) + raw[at + 1 :]


def legacy_xls(raw, data):
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + data.draw(st.binary(max_size=500))


MUTATIONS = {
    "truncated": truncate,
    "wrong encoding": wrong_encoding,
    "BOM": bom,
    "missing column": lambda raw, data: with_columns(raw, data, drop_column),
    "duplicated column": lambda raw, data: with_columns(raw, data, duplicate_column),
    "reordered columns": lambda raw, data: with_columns(raw, data, reorder_columns),
    "unknown code": lambda raw, data: set_cell(raw, data, st.sampled_from(UNKNOWN_CODES)),
    "absurd number": lambda raw, data: set_cell(raw, data, st.sampled_from(ABSURD_NUMBERS)),
    "formula injection": lambda raw, data: set_cell(raw, data, st.sampled_from(FORMULAS)),
    "odd text": lambda raw, data: set_cell(raw, data, st.sampled_from(ODD_TEXT)),
    "enormous field": enormous_field,
    "empty": blank,
    "random bytes": random_bytes,
    "zip that is not a spreadsheet": not_a_spreadsheet,
    "damaged spreadsheet": damaged_zip,
    "legacy xls": legacy_xls,
}
CSV_ONLY = {"missing column", "duplicated column", "reordered columns", "unknown code", "absurd number"}
CSV_ONLY |= {"formula injection", "odd text", "enormous field", "wrong encoding"}


# ---------------------------------------------------------------- how the file is given

HANG_SECONDS = 60  # far longer than any one case takes; a read that never ends is stopped here


def in_a_directory(path: Path, data) -> tuple[Path, list[Path]]:
    folder = path.with_name(f"{path.name}.folder")
    folder.mkdir()
    path.rename(folder / path.name)
    return folder, [folder]


def through_a_link(path: Path, data) -> tuple[Path, list[Path]]:
    link = path.with_name(f"link-to-{path.name}")
    link.symlink_to(path.name)
    return link, [link, path]


def broken_link(path: Path, data) -> tuple[Path, list[Path]]:
    link = path.with_name(f"broken-{path.name}")
    link.symlink_to(f"gone-{path.name}")
    return link, [link, path]


def named_pipe(path: Path, data) -> tuple[Path, list[Path]]:
    pipe = path.with_name(f"pipe-{path.name}")
    os.mkfifo(pipe)
    return pipe, [pipe, path]


def device(path: Path, data) -> tuple[Path, list[Path]]:
    return Path(data.draw(st.sampled_from(["/dev/zero", "/dev/null", "/dev/urandom"]))), [path]


def emptied(path: Path, data) -> tuple[Path, list[Path]]:
    path.write_bytes(b"")
    return path, [path]


def header_only(path: Path, data, raw: bytes) -> tuple[Path, list[Path]]:
    path.write_bytes(raw.splitlines()[0] + b"\n")
    return path, [path]


# Given as these, a case may import or be refused as the file itself would be...
PATH_KINDS = {"in a directory": in_a_directory, "through a link": through_a_link}
# ...and as these it is always refused.
REFUSED_PATH_KINDS = {
    "broken link": broken_link,
    "named pipe": named_pipe,
    "device": device,
    "empty file": emptied,
    "header only": header_only,
}


def stopped_if_hung(signum, frame):
    raise TimeoutError(f"still importing after {HANG_SECONDS} s")


# ---------------------------------------------------------------- the database


def evidence_fingerprint() -> tuple:
    """Row counts of every table, and a digest of the evidence tables' contents."""
    counts = tuple((m._meta.label, m._default_manager.count()) for m in backed_up_models())
    digest = hashlib.sha256()
    for model in apps.get_app_config("evidence").get_models():
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return counts, digest.hexdigest()


def import_file(path: Path) -> tuple[int, str]:
    """`journeys import PATH` in this process: (exit code, message)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_data", str(path), "--json", stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, str(error)
    return 0, out.getvalue()


def fuzz_importers(shared_data, tmp_path, cases: int, capsys):
    call_command("import_data", str(shared_data / BASELINE_FILE), stdout=io.StringIO())  # content to protect
    # Every case is rolled back, so each one starts from this same content.
    before = evidence_fingerprint()
    samples = seeds(shared_data)
    unseeded = {f.id for f in FORMATS} - set(samples)
    assert not unseeded, f"formats with no sample file in the shared data, so not fuzzed: {sorted(unseeded)}"
    outcomes: Counter = Counter()
    numbers = itertools.count()
    problems: list[str] = []

    @given(data=st.data())
    @settings(
        max_examples=cases,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def case(data):
        format_id = data.draw(st.sampled_from(sorted(samples)), label="format")
        suffix, raw = samples[format_id]
        names = [n for n in MUTATIONS if suffix == ".csv" or n not in CSV_ONLY]
        mutation = data.draw(st.sampled_from(names), label="mutation")
        damaged = MUTATIONS[mutation](raw, data)
        path = tmp_path / f"case{next(numbers)}{data.draw(st.sampled_from([suffix, '.csv', '.xlsx', '']))}"
        path.write_bytes(damaged)
        # Half the cases are given as the file itself; the others in one of the other ways.
        other_ways = st.sampled_from([*PATH_KINDS, *REFUSED_PATH_KINDS])
        kind = data.draw(st.one_of(st.just("the file"), other_ways), label="path")
        given_as, created = path, [path]
        if kind == "header only":
            given_as, created = header_only(path, data, raw)
        elif kind != "the file":
            given_as, created = {**PATH_KINDS, **REFUSED_PATH_KINDS}[kind](path, data)
        # What is imported: for the always-refused kinds, not the damage drawn above.
        label = kind if kind in REFUSED_PATH_KINDS else f"{mutation}, given as {kind}"
        savepoint = transaction.savepoint()
        signal.signal(signal.SIGALRM, stopped_if_hung)
        signal.alarm(HANG_SECONDS)
        try:
            code, message = import_file(given_as)
        except Exception as crash:  # the point of the test: nothing but exit 0 or 2
            problems.append(f"{format_id} / {label}: crashed with {type(crash).__name__}: {crash}")
            code, message = None, ""
        finally:
            signal.alarm(0)
        if code == 2:
            if given_as.name not in message or len(message) < len(str(given_as)) + 10:
                problems.append(f"{format_id} / {label}: unclear refusal {message!r}")
            if evidence_fingerprint() != before:
                problems.append(f"{format_id} / {label}: refused, yet the database changed")
        elif code == 0 and kind in REFUSED_PATH_KINDS:
            problems.append(f"{format_id} / {label}: imported, yet it is no data file: {message[:300]}")
        elif code not in (0, None):
            problems.append(f"{format_id} / {label}: exit {code}: {message[:300]}")
        transaction.savepoint_rollback(savepoint)  # an accepted file is undone, so every case starts alike
        outcomes["refused (exit 2)" if code == 2 else "imported (exit 0)" if code == 0 else "crashed"] += 1
        if kind not in REFUSED_PATH_KINDS:
            outcomes[f"  {mutation}"] += 1
        outcomes[f"  given as {kind}"] += 1
        for made in created:  # only what this case made: a device given as the path is never removed
            if made.is_dir() and not made.is_symlink():
                shutil.rmtree(made)
            else:
                made.unlink(missing_ok=True)

    case()
    total = outcomes["refused (exit 2)"] + outcomes["imported (exit 0)"] + outcomes["crashed"]
    with capsys.disabled():
        summary = ", ".join(f"{k.strip()}: {v}" for k, v in sorted(outcomes.items()))
        print(f"\nbad files: {total} cases over {len(samples)} formats; {summary}; {len(problems)} problems")  # noqa: T201
    assert not problems, "\n".join(problems[:50])
    assert total >= cases * 0.95, f"only {total} cases ran"


def test_damaged_evidence_files_are_refused_cleanly_sample(shared_data, tmp_path, capsys):
    fuzz_importers(shared_data, tmp_path, DEFAULT_CASES, capsys)


@pytest.mark.slow
def test_damaged_evidence_files_are_refused_cleanly_ten_thousand(shared_data, tmp_path, capsys):
    fuzz_importers(shared_data, tmp_path, SLOW_CASES, capsys)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(shared_data, tmp_path):
    from journeys.evidence.formats import MAX_FILE_BYTES

    seed = (shared_data / BASELINE_FILE).read_bytes()
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.write(seed)
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    before = evidence_fingerprint()
    code, message = import_file(big)
    assert code == 2 and "MB" in message and evidence_fingerprint() == before
