"""Fixtures for the improvement app's tests: the real evidence, imported as `journeys import` does."""

import pytest
from django.apps import apps

from journeys.improvement.tests import INSPECTION_FILES, NEIGHBOUR_FILES, OBSERVATION_FILES


def import_real_evidence(shared_data):
    from journeys.evidence.services import data_import_file

    for name in NEIGHBOUR_FILES + OBSERVATION_FILES + INSPECTION_FILES:
        data_import_file(path=shared_data / name)


def clear_evidence():
    for model in reversed(list(apps.get_app_config("evidence").get_models())):
        model.objects.all().delete()
    # Charts drawn from the evidence (pages and briefings rendered outside a test's transaction).
    apps.get_model("common", "RenderedChart").objects.all().delete()


@pytest.fixture(scope="module")
def evidence(shared_data, django_db_setup, django_db_blocker):
    """The real inspections, figures and neighbour models, imported once for the module and removed after."""
    with django_db_blocker.unblock():
        import_real_evidence(shared_data)
    yield
    with django_db_blocker.unblock():
        clear_evidence()


def complete_changes(framework, rating="mostly") -> dict:
    """Changes that rate every statement and answer every question."""
    return {
        "ratings": {c.id: rating for _, _, c in framework.all_characteristics()},
        "answers": {q.id: f"Our answer to {q.id}." for q in framework.self_evaluation_questions},
    }
