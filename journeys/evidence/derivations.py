"""Results derived from the evidence, computed when the evidence changes and stored, so that no
request waits for them.

The evidence app sits below the apps that derive things from it (improvement places LAs and
warns of slipping back), so it cannot call them. Instead they register a *derivation* here, in
their ``AppConfig.ready``: a function that, given the day, yields ``(key, result)`` pairs.
:func:`derivations_run` runs every registered derivation and stores what it yields under one
evidence version (:func:`current_version`). ``journeys import`` and ``journeys fetch`` run it
once their files are stored, ``journeys setup`` runs it when the code changed, and every import
queues the ``evidence_derive`` task, so a worker runs it after an import made any other way.

Pages read results with :func:`derived`, which falls back to computing (and storing) a result
the derivations did not store: one asked for a day other than the one they ran for, say, or
after a new day began. A result is never served from another version.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction

from journeys.common.services import rendered_charts_prune
from journeys.evidence.models import DerivedResult
from journeys.evidence.selectors import evidence_version

logger = logging.getLogger(__name__)

Derivation = Callable[[date], Iterable[tuple[str, Any]]]
_DERIVATIONS: dict[str, Derivation] = {}
# Stored by every run, under the day it ran for: the run is complete for that day.
COMPLETE = "derivations-complete@{day}"
PACKAGE = Path(__file__).resolve().parent.parent


def register(name: str, derivation: Derivation) -> None:
    """Add a derivation; its keys are stored as ``name:key``. Registering a name again replaces it."""
    _DERIVATIONS[name] = derivation


@cache
def code_digest() -> str:
    """A digest of the code and templates that derive and draw results: a new release of Journeys
    gives a new version, so nothing drawn by older code is read, with no version to bump by hand."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".html", ".yaml", ".json") and "tests" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def current_version() -> str:
    """The one version results are keyed by: the evidence held and the code deriving from it."""
    return f"{evidence_version()}:{code_digest()}"


def derived_many(keys: list[str], compute: Callable[[list[str]], dict[str, Any]]) -> dict[str, Any]:
    """The stored results under ``keys``; those not stored are computed by ``compute`` (given the
    missing keys), stored and returned too."""
    if not keys:
        return {}
    version = current_version()
    # Every page that shows a derived result reads it here, so it is a plain query (see
    # evidence_version). Pickles are written by Journeys itself, under this version.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT key, value FROM {DerivedResult._meta.db_table}"
            f" WHERE version = %s AND key IN ({', '.join(['%s'] * len(keys))})",
            [version, *keys],
        )
        found = {key: pickle.loads(value) for key, value in cursor.fetchall()}
    missing = [key for key in keys if key not in found]
    if missing:
        logger.info("Deriving %d result(s) not stored for this evidence: %s", len(missing), missing[:3])
        computed = compute(missing)
        _store(version, computed.items())
        found.update(computed)
    return found


def derived(key: str, compute: Callable[[], Any]) -> Any:
    """The stored result under ``key``, or ``compute()``'s, stored for the next request."""
    return derived_many([key], lambda missing: {key: compute()})[key]


def _store(version: str, results: Iterable[tuple[str, Any]]) -> None:
    rows = [DerivedResult(version=version, key=key, value=pickle.dumps(value)) for key, value in results]
    try:
        with transaction.atomic():
            DerivedResult.objects.bulk_create(rows, batch_size=200, ignore_conflicts=True)
    except IntegrityError:  # stored meanwhile by another process, with the same result
        pass


def derivations_are_current(*, today: date | None = None) -> bool:
    today = today or date.today()
    return DerivedResult.objects.filter(
        version=current_version(), key=COMPLETE.format(day=today.isoformat())
    ).exists()


def derivations_run(*, today: date | None = None, force: bool = False) -> dict[str, int]:
    """Run every registered derivation for the evidence held, as of ``today``; store the results
    and delete those of any other version, and the charts drawn from other evidence.

    Does nothing (and returns ``{}``) when the results for this version and day are already
    stored, unless ``force``. Returns how many results each derivation stored."""
    today = today or date.today()
    version = current_version()
    if not force and derivations_are_current(today=today):
        return {}
    if not DerivedResult.objects.filter(version=version).exists():
        # New evidence (or code): every stored chart was drawn from what came before.
        rendered_charts_prune()
    results, counts = [], {}
    for name, derivation in _DERIVATIONS.items():
        named = [(f"{name}:{key}", value) for key, value in derivation(today)]
        results.extend(named)
        counts[name] = len(named)
    results.append((COMPLETE.format(day=today.isoformat()), counts))
    # Stored in one transaction, so a run stopped part-way leaves the results it was replacing,
    # never part of its own with a mark saying it is complete.
    with transaction.atomic():
        DerivedResult.objects.all().delete()  # every version's: older ones are never read again
        _store(version, results)
    return counts
