"""Fixtures for the support app's tests: the real evidence, imported as the improvement app's tests do."""

from journeys.improvement.tests.conftest import evidence  # noqa: F401 – a fixture, used by name
