"""Fixtures for the evidence app: every official file imported once for the tests that ask for it."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from journeys.common.models import RenderedChart
from journeys.conftest import all_official_files
from journeys.evidence import models

EVIDENCE_MODELS = (
    models.Benchmark,
    models.InspectionRecord,
    models.SourceInspection,
    models.JointReturn,
    models.NeighbourLink,
    models.Observation,
    RenderedChart,
    models.DerivedResult,
    models.DataImport,
)


def shared_files(shared_data: Path) -> list[str]:
    """Every official file, from every official folder (``shared_data`` is only the first)."""
    return [str(p) for p in all_official_files()]


def run_import(*args: str) -> dict:
    out = io.StringIO()
    call_command("import_data", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def evidence_clear() -> None:
    for model in EVIDENCE_MODELS:
        model.objects.all().delete()


@pytest.fixture(scope="package")
def imported(django_db_setup, django_db_blocker, shared_data):
    """Import every file under shared data (committed), and remove it all after this package's tests."""
    with django_db_blocker.unblock():
        evidence_clear()
        first = run_import(*shared_files(shared_data))
        yield first
        evidence_clear()
