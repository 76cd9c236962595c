"""Fixtures shared by every app's tests."""

import os
from pathlib import Path

import pytest

# The official public files tests read; the project itself ships none of them.
SHARED_DATA = Path(
    os.environ.get("JOURNEYS_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    assert SHARED_DATA.is_dir(), f"official test data not found at {SHARED_DATA}"
    return SHARED_DATA
