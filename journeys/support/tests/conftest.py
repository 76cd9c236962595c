"""Fixtures for the support app's tests: the real evidence, as the improvement app's tests import it."""

import pytest

from journeys.improvement.tests.conftest import clear_evidence, import_real_evidence


@pytest.fixture(scope="module")
def evidence(shared_data, django_db_setup, django_db_blocker):
    """The real inspections, figures and neighbour models, imported once for the module and removed after."""
    with django_db_blocker.unblock():
        import_real_evidence(shared_data)
    yield
    with django_db_blocker.unblock():
        clear_evidence()
