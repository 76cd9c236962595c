"""The `journeys` command line as the README describes it: its own commands by their own names,
its version, JSON errors with --json, and directories given to `journeys import`."""

import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

JOURNEYS = str(Path(sys.executable).parent / "journeys")
# Every command in the README's command-line table, as it is typed.
OWN_COMMANDS = [
    "backup",
    "classify",
    "demo",
    "early-warning",
    "fetch",
    "framework",
    "import",
    "journey",
    "la",
    "networks",
    "notify-reviews",
    "peers",
    "report",
    "restore",
    "sector",
    "serve",
    "setup",
    "support",
    "timescales",
    "users",
    "worker",
    "workshop",
]


def run(*args: str, database: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(JOURNEYS_DEBUG="1", DATABASE_URL=f"sqlite:///{database}" if database else "sqlite:///:memory:")
    return subprocess.run([JOURNEYS, *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("args", [(), ("help",), ("--help",)])
def test_bare_journeys_and_help_list_journeys_own_commands_one_line_each(args):
    result = run(*args)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    listed = [line.split()[0] for line in lines if line.startswith("  ")]
    assert listed == OWN_COMMANDS
    assert all(len(line.split(maxsplit=1)) == 2 for line in lines if line.startswith("  "))  # each described
    for django_only in (
        "import_data",
        "early_warning",
        "notify_reviews",
        "createsuperuser",
        "auditlogflush",
        "[django]",
    ):
        assert django_only not in result.stdout
    assert lines[0].startswith(f"Journeys {importlib.metadata.version('journeys')}: ")


@pytest.mark.parametrize("args", [("--version",), ("import", "--version")])
def test_version_is_journeys_own(args):
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == importlib.metadata.version("journeys") == "0.1.0"


def test_help_for_one_command_names_it_as_typed():
    result = run("help", "early-warning")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: journeys early-warning ")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("import", "--json", "/no/such/file.csv"), "/no/such/file.csv: no such file or directory"),
        (("import", "--json", "--colour", "x.csv"), "unrecognized arguments: --colour"),
        (
            ("users", "create", "--json", "--email", "a@example.org"),
            "the following arguments are required: --role",
        ),
        (("classify", "--json", "--evaluate", "a statement"), "--evaluate takes no statements"),
    ],
)
def test_with_json_an_error_is_json_on_stderr_with_exit_2(args, error):
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert error in json.loads(result.stderr)["error"]


def test_without_json_an_error_stays_one_line_of_text():
    result = run("import", "/no/such/file.csv")
    assert result.returncode == 2
    assert (
        result.stderr == "CommandError: /no/such/file.csv: no such file or directory (nothing was imported)\n"
    )


def test_import_of_a_directory_imports_every_data_file_in_it(shared_data, tmp_path):
    database = tmp_path / "journeys.sqlite3"
    assert run("migrate", database=database).returncode == 0
    result = run("import", "--json", str(shared_data / "dfe-statistical-neighbours"), database=database)
    assert result.returncode == 0, result.stderr
    files = json.loads(result.stdout)["files"]
    assert [(Path(f["file"]).name, f["status"], f["rows_loaded"]) for f in files] == [
        ("New_Statistical_Neighbour_Groupings_April_2021.csv", "imported", 156),
        ("sn_model_2025_wide.csv", "imported", 153),
    ]
