"""What `journeys import` does with the paths it is given: directories, links, pipes, devices,
empty and header-only files. Every refusal is exit 2 with one line naming the path, at once,
and leaves the database as it was."""

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from journeys.evidence import models, services
from journeys.evidence.formats import ImportProblem

from .conftest import evidence_clear

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_evidence_yet():
    """Start from no imports: other tests in this package commit every official file, and removing
    them here is undone with the test's transaction."""
    evidence_clear()


NEIGHBOURS = "dfe-statistical-neighbours"
NEIGHBOUR_FILES = ["New_Statistical_Neighbour_Groupings_April_2021.csv", "sn_model_2025_wide.csv"]
CHILDREN_IN_NEED = "dfe-csc-ees/b1_children_in_need_2013_to_2025.csv"
JOURNEYS = str(Path(sys.executable).parent / "journeys")


def imported(*paths) -> dict:
    out = io.StringIO()
    call_command("import_data", *map(str, paths), "--json", stdout=out)
    return json.loads(out.getvalue())


def refusal(*paths) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("import_data", *map(str, paths), "--json", stdout=io.StringIO())
    assert refused.value.returncode == 2
    message = str(refused.value)
    assert "\n" not in message and "nothing was imported" in message
    return message


def test_a_directory_imports_every_data_file_in_it_and_leaves_other_files_alone(shared_data):
    result = imported(shared_data / NEIGHBOURS)  # also holds PROVENANCE.md
    assert [Path(f["file"]).name for f in result["files"]] == NEIGHBOUR_FILES
    assert {f["status"] for f in result["files"]} == {"imported"}
    assert models.NeighbourLink.objects.count() == 1560 + 1530
    assert imported(shared_data / NEIGHBOURS)["changed"] is False


def test_folders_below_and_linked_files_are_included_each_file_once(shared_data, tmp_path):
    (tmp_path / "2025").mkdir()
    shutil.copy(shared_data / NEIGHBOURS / NEIGHBOUR_FILES[1], tmp_path / "2025")
    (tmp_path / "2021.csv").symlink_to(shared_data / NEIGHBOURS / NEIGHBOUR_FILES[0])
    (tmp_path / ".hidden.csv").write_text("not looked at\n")
    result = imported(tmp_path, tmp_path / "2025" / NEIGHBOUR_FILES[1])
    assert sorted(Path(f["file"]).name for f in result["files"]) == ["2021.csv", NEIGHBOUR_FILES[1]]


def test_a_directory_with_no_data_files_is_refused(tmp_path):
    (tmp_path / "notes.md").write_text("nothing to import\n")
    assert f"{tmp_path}: the directory holds no .csv, .ods or .xlsx files" in refusal(tmp_path)


def test_a_missing_file_is_refused_naming_it(shared_data, tmp_path):
    good = shared_data / NEIGHBOURS / NEIGHBOUR_FILES[1]
    message = refusal(good, tmp_path / "missing.csv")
    assert message.startswith(f"{tmp_path / 'missing.csv'}: no such file or directory")
    assert not models.DataImport.objects.exists()  # not even the good file


def test_a_broken_link_is_refused_naming_it_and_its_target(tmp_path):
    link = tmp_path / "latest.csv"
    link.symlink_to(tmp_path / "gone.csv")
    assert refusal(link).startswith(f"{link}: a broken symbolic link (to {tmp_path / 'gone.csv'})")
    inside = tmp_path / "folder"
    inside.mkdir()
    (inside / "latest.csv").symlink_to("gone.csv")
    assert refusal(inside).startswith(f"{inside / 'latest.csv'}: a broken symbolic link (to gone.csv)")


@pytest.mark.parametrize("kind", ["named pipe", "device", "link to a device", "pipe in a folder"])
def test_a_pipe_or_a_device_is_refused_without_being_read(tmp_path, kind):
    pipe = tmp_path / "folder" / "pipe.csv"
    pipe.parent.mkdir()
    os.mkfifo(pipe)
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    path, named, what = {
        "named pipe": (pipe, pipe, "a named pipe"),
        "device": ("/dev/zero", "/dev/zero", "a character device"),
        "link to a device": (link, link, "a character device"),
        "pipe in a folder": (pipe.parent, pipe, "a named pipe"),
    }[kind]
    # As a separate process: were the path opened, the test would block rather than fail.
    started = time.monotonic()
    result = subprocess.run(
        [JOURNEYS, "import", str(path)], capture_output=True, text=True, timeout=120, env=_cli_env()
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (
        f"CommandError: {named}: {what}, not a file; Journeys imports files only (nothing was imported)"
    )
    assert time.monotonic() - started < 60


def _cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    # Refused before the database is asked anything, so an empty one will do.
    return {**env, "DATABASE_URL": "sqlite:///:memory:", "JOURNEYS_DEBUG": "1"}


def test_an_empty_file_is_refused(tmp_path):
    empty = tmp_path / "download.csv"
    empty.write_bytes(b"")
    assert refusal(empty).startswith(f"{empty}: the file is empty")


def test_a_header_only_release_is_refused_and_the_demonstration_data_stays(shared_data, tmp_path):
    services.evidence_demo_load()
    before = models.Observation.objects.count()
    assert before > 10_000
    header_only = tmp_path / "b1_children_in_need.csv"
    with (shared_data / CHILDREN_IN_NEED).open("rb") as source:
        header_only.write_bytes(source.readline())
    assert refusal(header_only).startswith(f"{header_only}: the file has a header but no data rows")
    assert models.Observation.objects.count() == before
    assert list(models.DataImport.objects.values_list("is_demo", flat=True)) == [True]


def test_no_more_than_the_size_limit_is_ever_read(tmp_path, monkeypatch):
    grown = tmp_path / "growing.csv"
    grown.write_bytes(b"x" * 5000)
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 4096)  # as if it grew past the limit once checked
    with pytest.raises(ImportProblem, match="growing.csv: the file is over the"):
        services.file_sha256(grown)
