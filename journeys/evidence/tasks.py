"""The background job that derives results from the evidence after an import (see derivations)."""

from django_tasks import task

from journeys.evidence.derivations import derivations_run


@task()
def evidence_derive() -> dict[str, int]:
    """Derive and store what pages show from the evidence now held; nothing if already done."""
    return derivations_run()
