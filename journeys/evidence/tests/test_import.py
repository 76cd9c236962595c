"""Importing the official files: all of them, idempotently, and nothing at all from a bad file."""

import csv
import hashlib
import io
import json
import re
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from journeys.evidence import models, services
from journeys.evidence.formats import ImportProblem, JointReturn, NeighbourLink, ParsedFile
from journeys.evidence.services import inspection_history_rebuild

from .conftest import EVIDENCE_MODELS, run_import, shared_files

pytestmark = pytest.mark.django_db

CSWW = "dfe-csc-ees/csww_indicators_2017_to_2025.csv"


def test_every_shared_file_imports_then_a_second_run_changes_nothing(imported, shared_data):
    assert imported["changed"] is True
    assert {f["status"] for f in imported["files"]} == {"imported"}
    assert len(imported["files"]) == len(shared_files(shared_data))
    again = run_import(*shared_files(shared_data))
    assert again["changed"] is False
    assert {f["status"] for f in again["files"]} == {"unchanged"}
    out = io.StringIO()
    call_command("import_data", str(shared_data / CSWW), stdout=out)
    assert "already imported, no changes" in out.getvalue()


def test_every_import_records_its_provenance(imported, shared_data):
    record = models.DataImport.objects.get(file_name="cla_number_and_rate_per_10k_children.csv")
    assert len(record.sha256) == 64
    # Starting, on 31 March and ceasing: every row now feeds an indicator.
    assert (record.format_id, record.rows_read, record.rows_loaded, record.rows_skipped) == (
        "ees-csc",
        2505,
        2505,
        0,
    )


def test_placement_stability_loads_every_measure_and_skips_only_the_totals(imported):
    record = models.DataImport.objects.get(file_name="la_cla_placement_stability.csv")
    assert (record.rows_read, record.rows_loaded, record.rows_skipped) == (5010, 2505, 2505)
    assert record.skipped_reasons == [
        {
            "reason": "a total row (the denominator of the breakdown's percentages), not a measure",
            "rows": 2505,
            "first_rows": [2, 3, 5, 8, 9],
        }
    ]
    birmingham = models.Observation.objects.get(
        area="330", indicator="placement_long_term_stability", year=2025
    )
    assert (birmingham.value, birmingham.period_kind) == (72.0, "reporting_year")


def test_birmingham_2025_agency_rate_is_exactly_the_ees_figure(imported, shared_data):
    with (shared_data / CSWW).open(encoding="utf-8-sig") as handle:
        published = next(
            row["agency_rate_fte"]
            for row in csv.DictReader(handle)
            if row["time_period"] == "2025" and row["old_la_code"] == "330"
        )
    out = io.StringIO()
    call_command("la", "indicators", "330", "--year", "2025", "--json", stdout=out)
    figures = {f["indicator"]: f for f in json.loads(out.getvalue())["indicators"]}
    assert figures["agency_rate"]["value"] == float(published) == 12.4
    assert figures["agency_rate"]["symbol"] is None


def test_wakefield_march_2025_inspection_is_held_once_whatever_the_order(imported):
    wakefield = "384"
    march_2025 = models.InspectionRecord.objects.filter(
        la_code=wakefield, start_date__year=2025, start_date__month=3
    )
    assert march_2025.count() == 1
    before = list(
        models.InspectionRecord.objects.values_list("la_code", "kind", "start_date", "published", "overall")
    )
    inspection_history_rebuild()  # sources are ordered by content, not by import order
    after = list(
        models.InspectionRecord.objects.values_list("la_code", "kind", "start_date", "published", "overall")
    )
    assert before == after


def test_joint_returns_are_explained(imported):
    row = (
        models.Benchmark.objects.filter(la_code="314", indicator="agency_rate")
        .exclude(joint_return="")
        .first()
    )
    assert row is not None and "joint return" in row.joint_return


def _evidence_dump() -> str:
    """Every row of every evidence table, in primary-key order, as one fingerprint."""
    digest = hashlib.sha256()
    for model in EVIDENCE_MODELS:
        for row in model.objects.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _bad_csww(tmp_path, shared_data, change):
    text = (shared_data / CSWW).read_text(encoding="utf-8-sig")
    path = tmp_path / "download.csv"
    change(path, text)
    return path


def _replace_cell(column: str, value: str):
    def change(path, text):
        rows = list(csv.reader(io.StringIO(text)))
        level = rows[0].index("geographic_level")
        first_la = next(n for n, row in enumerate(rows) if row[level] == "Local authority")
        rows[first_la][rows[0].index(column)] = value
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")

    return change


def _drop_column(column: str):
    def change(path, text):
        rows = list(csv.reader(io.StringIO(text)))
        at = rows[0].index(column)
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([r[:at] + r[at + 1 :] for r in rows])
        path.write_text(buffer.getvalue(), encoding="utf-8")

    return change


BAD_FILES = {
    "not a recognised format": (
        lambda path, text: path.write_text("name,colour\nfox,red\n"),
        "not a recognised format",
    ),
    "missing column": (_drop_column("agency_rate_fte"), "lacks agency_rate_fte"),
    "unknown LA code": (_replace_cell("old_la_code", "999"), "unknown LA code"),
    "malformed number": (_replace_cell("agency_rate_fte", "12,4"), "neither a number nor an EES symbol"),
    "wrong encoding": (
        lambda path, text: path.write_bytes(
            text.replace("Reporting year", "Reporting ye\u00e4r").encode("latin-1", "replace")
        ),
        "not UTF-8",
    ),
    "truncated": (lambda path, text: path.write_text(text[: len(text) // 2], encoding="utf-8"), "truncated"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_file_exits_2_names_the_place_and_changes_nothing(imported, shared_data, tmp_path, kind):
    make, reason = BAD_FILES[kind]
    bad = _bad_csww(tmp_path, shared_data, make)
    good = tmp_path / "good.csv"
    shutil.copy(shared_data / "dfe-csc-ees/d3_cpps_subsequent_plan_2013_to_2025.csv", good)
    before = _evidence_dump()
    with pytest.raises(CommandError) as error:
        call_command("import_data", str(good), str(bad), "--json")  # nothing, not even the good file
    assert error.value.returncode == 2
    message = str(error.value)
    assert "download.csv" in message and reason in message
    if kind in ("unknown LA code", "malformed number"):
        assert re.search(r"row \d+, column (old_la_code|agency_rate_fte)", message)
    assert _evidence_dump() == before


def test_a_nul_byte_is_refused_with_its_row(imported, shared_data, tmp_path):
    bad = _bad_csww(tmp_path, shared_data, _replace_cell("agency_rate_fte", "12\x004"))
    before = _evidence_dump()
    with pytest.raises(CommandError) as error:
        call_command("import_data", str(bad), "--json")
    assert error.value.returncode == 2
    assert re.search(r"download\.csv, row \d+: the file contains NUL bytes", str(error.value))
    assert _evidence_dump() == before


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (
            NeighbourLink(model="dfe-2025", la_code="330", rank=1, neighbour_code="331", band="x" * 33),
            "band of 33",
        ),
        (
            JointReturn(
                indicator="agency_rate", year=2025, members=("314",), source_code="3" * 40, source_name="K"
            ),
            "source code of 40",
        ),
        (NeighbourLink(model="dfe-2025", la_code="330", rank=1, neighbour_code="331", band="a\x00"), "NUL"),
    ],
)
def test_text_the_database_cannot_hold_is_refused_on_every_backend(record, reason, tmp_path, monkeypatch):
    # SQLite would store these and PostgreSQL would not: the check makes both refuse them.
    parsed = ParsedFile(format="dfe-2025", format_title="test", neighbours=[], joint_returns=[])
    (parsed.neighbours if isinstance(record, NeighbourLink) else parsed.joint_returns).append(record)
    monkeypatch.setattr(services, "parse", lambda path: parsed)
    path = tmp_path / "file.csv"
    path.write_text("a\n1\n")
    with pytest.raises(ImportProblem, match=reason):
        services.data_import_check(path=path)
