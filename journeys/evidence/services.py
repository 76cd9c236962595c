"""Writes for published evidence: importing files, the merged inspection history, benchmarks.

An import reads and checks the whole file first (:func:`journeys.evidence.formats.parse`
writes nothing), then stores it in one transaction together with everything derived from it:
the rebuilt inspection history and the recomputed benchmarks. A file whose SHA-256 was
already imported changes nothing, unless the catalogue has since gained (or changed) an
indicator read from files of its format: then the file is read again for those indicators only.

Demonstration data (``journeys demo``) is separable from real data: it is loaded only into a
database with no real import, and the first real import removes it in the same transaction.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httpx
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from journeys.accounts import permissions
from journeys.authorities.models import LocalAuthority
from journeys.evidence import benchmarks as calculations
from journeys.evidence import fetching, models
from journeys.evidence.catalogue import load_catalogue
from journeys.evidence.formats import (
    MAX_FILE_BYTES,
    ImportProblem,
    JointReturn,
    NeighbourLink,
    ParsedFile,
    parse,
)
from journeys.evidence.inspections import Visit, merge_inspections_traced
from journeys.evidence.records import SUB_JUDGEMENTS, Grade, Inspection, Observation
from journeys.evidence.releases import Release, load_releases

# Inspection sources, most trusted first: Ofsted's official statistics, then D2I's scrape of the
# reports (its grades are parsed from PDFs), then D2I's bare list of report dates.
INSPECTION_TRUST: tuple[str, ...] = (
    "ofsted-outcomes-workbook",
    "ofsted-ilacs-history",
    "ofsted-in-year",
    "ofsted-latest",
    "ofsted-history-2009-2023",
    "ofsted-history-2009-2023-wide",
    "ofsted-history-2009-2023-long",
    "d2i-ilacs-history",
    "d2i-ilacs-latest",
    "d2i-report-index",
)
SKIPPED_ROWS_KEPT = 5
# DfE's models, then the demonstration data's made-up model (only ever loaded on its own).
NEIGHBOUR_MODELS_IN_FORCE = (
    *calculations.NEIGHBOUR_MODELS_IN_FORCE,
    ("journeys-demo", 2000),
)  # row numbers kept per skip reason, as examples


@dataclass
class ImportOutcome:
    """What importing one file did. ``created`` is False when the same file was already imported;
    ``reread`` is True when it was read again for indicators new to the catalogue."""

    data_import: models.DataImport
    created: bool
    changes: dict[str, int] = field(default_factory=dict)
    reread: bool = False

    @property
    def changed(self) -> bool:
        return (self.created or self.reread) and any(self.changes.values())


# The catalogue's source format behind each importer whose figures the catalogue chooses.
CATALOGUE_SOURCES = {
    "ees-csc": "ees",
    "mhclg-revenue-outturn": "mhclg_revenue_outturn",
    "ohid-fingertips": "fingertips",
}


def catalogue_reading(format_id: str) -> dict[str, str]:
    """Indicator id → a digest of what its catalogue entry asks of a file (dataset, column,
    filters), for every indicator read from files of this format; empty for other formats."""
    source = CATALOGUE_SOURCES.get(format_id)
    if source is None:
        return {}
    reading = {}
    for indicator in load_catalogue().indicators.values():
        dataset = indicator.dataset
        if dataset is None or dataset.source_format != source:
            continue
        asked = (
            dataset.id,
            dataset.required_columns,
            dataset.period_kind,
            dataset.release,
            indicator.column,
            sorted(indicator.filters.items()),
        )
        reading[indicator.id] = hashlib.sha256(repr(asked).encode()).hexdigest()[:16]
    return reading


def _unread(held: models.DataImport) -> set[str]:
    """The indicators the catalogue now reads from a held file that it did not when the file was
    last read (new entries, or entries whose dataset, column or filters changed)."""
    return {
        indicator
        for indicator, digest in catalogue_reading(held.format_id).items()
        if held.catalogue_reading.get(indicator) != digest
    }


def file_sha256(path: Path) -> str:
    """The file's SHA-256, reading no more than the size limit: a file that is larger than its
    size said (still being written, or not a file at all) is refused rather than read on."""
    digest, read = hashlib.sha256(), 0
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            read += len(block)
            if read > MAX_FILE_BYTES:
                limit = MAX_FILE_BYTES // 2**20
                raise ImportProblem(path, f"the file is over the {limit} MB Journeys imports")
            digest.update(block)
    return digest.hexdigest()


def data_import_check(*, path: Path) -> tuple[str, ParsedFile | None]:
    """Read and check a file without writing: (sha256, parsed), parsed None if already imported.

    Raises ImportProblem (file, row, column, reason) for anything that cannot be imported.
    """
    sha256 = file_sha256(path)
    imported = models.DataImport.objects.filter(sha256=sha256).first()
    if imported is not None and not _unread(imported):
        return sha256, None
    parsed = parse(path)
    held = (parsed.observations, parsed.inspections, parsed.neighbours, parsed.joint_returns, parsed.records)
    if imported is None and parsed.rows_read == 0 and not any(held):
        # A release with no rows is a failed download or export, not news: importing it would add
        # nothing, yet still count as real data and so remove the demonstration data.
        raise ImportProblem(path, "the file has a header but no data rows")
    _check_storable(path, parsed)
    return sha256, parsed


# The table each parsed record is stored in, so its text is checked against those columns.
STORED_AS = {
    Observation: models.Observation,
    NeighbourLink: models.NeighbourLink,
    JointReturn: models.JointReturn,
    Inspection: models.SourceInspection,
    Visit: models.SourceInspection,
}


def _check_storable(path: Path, parsed: ParsedFile) -> None:
    """Refuse text the database cannot hold: NUL characters, or more than a column's length.

    SQLite would store both and PostgreSQL refuses both, so without this check one file could
    import on one backend and crash the import on the other.
    """
    # Column lengths by record type, read once: a file holds thousands of records of a few types.
    lengths_of = {
        kind: {f.name: f.max_length for f in model._meta.concrete_fields} for kind, model in STORED_AS.items()
    }
    names_of = {kind: [f.name for f in dataclasses.fields(kind)] for kind in STORED_AS}
    for record in (*parsed.observations, *parsed.neighbours, *parsed.joint_returns, *parsed.inspections):
        lengths = lengths_of[type(record)]
        for name in names_of[type(record)]:
            value = getattr(record, name)
            if not isinstance(value, str):
                continue
            if "\x00" in value:
                raise ImportProblem(path, f"a {name.replace('_', ' ')} contains a NUL character")
            limit = lengths.get(name)  # a record field not stored as text (e.g. a code looked up) has none
            if limit and len(value) > limit:
                raise ImportProblem(
                    path,
                    f"a {name.replace('_', ' ')} of {len(value):,} characters is longer than "
                    f"the {limit} Journeys stores: {value[:40]!r}…",
                )
    for text in (*parsed.notes, *(reason for _, reason in parsed.skipped)):
        if "\x00" in text:
            raise ImportProblem(path, "the file contains a NUL character")


def data_import_file(*, path: Path, imported_by=None) -> ImportOutcome:
    """Import one file in one transaction: all of it or none of it."""
    sha256, parsed = data_import_check(path=path)
    if parsed is None:
        return ImportOutcome(models.DataImport.objects.get(sha256=sha256), created=False)
    return data_import_store(path=path, sha256=sha256, parsed=parsed, imported_by=imported_by)


@transaction.atomic
def data_import_store(
    *, path: Path, sha256: str, parsed: ParsedFile, imported_by=None, is_demo: bool = False
) -> ImportOutcome:
    """Store a checked file and everything derived from it, in one transaction."""
    _wait_for_other_imports()
    existing = models.DataImport.objects.filter(sha256=sha256).first()
    if existing is not None:  # imported before, or meanwhile by someone else
        return _reread_store(existing, parsed)
    removed_demo = 0
    if not is_demo:
        removed_demo, _ = models.DataImport.objects.filter(is_demo=True).delete()
    data_import = models.DataImport.objects.create(
        file_name=Path(path).name,
        sha256=sha256,
        format_id=parsed.format,
        format_title=parsed.format_title,
        rows_read=parsed.rows_read,
        rows_loaded=parsed.rows_loaded,
        rows_skipped=len(parsed.skipped),
        skipped_reasons=_skipped_reasons(parsed.skipped),
        notes=list(parsed.notes),
        imported_by=imported_by,
        is_demo=is_demo,
        catalogue_reading=catalogue_reading(parsed.format),
    )
    # What is derived from the evidence is derived again once this import is committed, by the
    # command that imported it or, for any other caller, by the task queue.
    transaction.on_commit(_derive_later)
    changes = {
        "observations": _store_observations(data_import, parsed),
        "neighbour_links": _store_neighbours(data_import, parsed),
        "joint_returns": _store_joint_returns(data_import, parsed),
        "inspections": _store_inspections(data_import, parsed),
    }
    if removed_demo:
        changes["demonstration_rows_removed"] = removed_demo
    if removed_demo or changes["neighbour_links"]:
        changes["benchmarks"] = benchmarks_recompute()
    elif changes["observations"] or changes["joint_returns"]:
        changes["benchmarks"] = benchmarks_recompute(indicators={o.indicator for o in parsed.observations})
    if removed_demo or parsed.inspections:
        changes["inspection_history_events"] = inspection_history_rebuild()
    data_import.changes = changes
    data_import.save(update_fields=["changes"])
    return ImportOutcome(data_import, created=True, changes=changes)


def _derive_later() -> None:
    from journeys.evidence.tasks import evidence_derive

    evidence_derive.enqueue()


def _reread_store(held: models.DataImport, parsed: ParsedFile) -> ImportOutcome:
    """Store what a held file gives for the indicators the catalogue gained since it was read.

    A figure it gives is added where none is held, and replaces one only where the held figure
    came from this same file: a figure another import gave stands, as it did before."""
    unread = _unread(held)
    if not unread:
        return ImportOutcome(held, created=False)
    incoming = {(o.area, o.indicator, o.year): o for o in parsed.observations if o.indicator in unread}
    columns = ("pk", "source_id", "value", "symbol", "published", "period_kind")
    stored = {
        (area, indicator, year): rest
        for area, indicator, year, *rest in models.Observation.objects.filter(
            indicator__in=unread
        ).values_list("area", "indicator", "year", *columns)
    }
    taken = {key: row for key, row in incoming.items() if key not in stored or stored[key][1] == held.pk}
    changed = sum(
        1
        for key, o in taken.items()
        if key not in stored
        or tuple(stored[key][2:]) != (o.value, o.symbol or "", o.published, o.period_kind)
    )
    _delete_pks(models.Observation, [stored[key][0] for key in taken if key in stored])
    _insert(models.Observation, [_observation_row(o, held) for o in taken.values()])
    transaction.on_commit(_derive_later)
    changes = {"observations": changed}
    if changed:
        changes["benchmarks"] = benchmarks_recompute(indicators={key[1] for key in taken})
    titles = sorted(load_catalogue()[i].title for i in {key[1] for key in taken})
    held.catalogue_reading = catalogue_reading(held.format_id)
    if titles:
        held.notes = [*held.notes, f"Read again for indicators new to the catalogue: {'; '.join(titles)}."]
    held.rows_loaded += len(taken)
    held.save(update_fields=["catalogue_reading", "notes", "rows_loaded"])
    return ImportOutcome(held, created=False, changes=changes, reread=True)


# Any constant shared by every Journeys process; it names the import lock in PostgreSQL.
IMPORT_LOCK_ID = 0x4A4F55524E455953  # "JOURNEYS"


def _wait_for_other_imports() -> None:
    """Let one import write at a time, so a second one sees the first's rows when it starts.

    SQLite already does this (transactions begin IMMEDIATE); PostgreSQL's READ COMMITTED would
    let two imports of the same file both find it new and collide on its SHA-256.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_ID])


def _skipped_reasons(skipped: list[tuple[int, str]]) -> list[dict]:
    rows_by_reason: dict[str, list[int]] = defaultdict(list)
    for row, reason in skipped:
        rows_by_reason[reason].append(row)
    return [
        {"reason": reason, "rows": len(rows), "first_rows": rows[:SKIPPED_ROWS_KEPT]}
        for reason, rows in sorted(rows_by_reason.items(), key=lambda item: -len(item[1]))
    ]


def _store_observations(data_import: models.DataImport, parsed: ParsedFile) -> int:
    """Newest import wins per (area, indicator, year); returns how many figures are new or changed."""
    if not parsed.observations:
        return 0
    incoming = {(o.area, o.indicator, o.year): o for o in parsed.observations}
    stored = {
        (area, indicator, year): (pk, value, symbol, published, kind)
        for pk, area, indicator, year, value, symbol, published, kind in models.Observation.objects.filter(
            indicator__in={key[1] for key in incoming}
        ).values_list("pk", "area", "indicator", "year", "value", "symbol", "published", "period_kind")
    }
    changed = sum(
        1
        for key, o in incoming.items()
        if key not in stored or stored[key][1:] != (o.value, o.symbol or "", o.published, o.period_kind)
    )
    superseded = [stored[key][0] for key in incoming if key in stored]
    _delete_pks(models.Observation, superseded)
    _insert(models.Observation, [_observation_row(o, data_import) for o in incoming.values()])
    return changed


def _observation_row(o: Observation, data_import: models.DataImport) -> dict:
    return {
        "area": o.area,
        "indicator": o.indicator,
        "year": o.year,
        "period_kind": o.period_kind,
        "value": o.value,
        "symbol": o.symbol or "",
        "published": o.published,
        "source_id": data_import.pk,
    }


def _insert(model, rows: list[dict]) -> None:
    """Insert plain rows in batches, without building a model instance per row.

    A full import writes well over 100,000 figures and benchmarks; ``bulk_create`` spends most
    of its time preparing each value of each instance, which these columns (numbers, short
    text, dates) do not need beyond the backend's own date adapter.
    """
    if not rows:
        return
    names = list(rows[0])
    fields = [model._meta.get_field(name) for name in names]  # "source_id" finds the foreign key too
    dates = [i for i, f in enumerate(fields) if f.get_internal_type() == "DateField"]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            batch = []
            for row in rows[start : start + 5000]:
                values = list(row.values())
                for i in dates:
                    values[i] = adapt(values[i])
                batch.append(values)
            cursor.executemany(sql, batch)


def _delete_pks(model, pks: list[int]) -> None:
    for start in range(0, len(pks), 5000):  # stay under SQLite's limit on query parameters
        model.objects.filter(pk__in=pks[start : start + 5000])._raw_delete(model.objects.db)


def _store_neighbours(data_import: models.DataImport, parsed: ParsedFile) -> int:
    """A newer import of a neighbour model replaces the whole model; returns links changed."""
    if not parsed.neighbours:
        return 0
    incoming = {(n.model, n.la_code, n.rank, n.neighbour_code, n.band or "") for n in parsed.neighbours}
    stored_links = models.NeighbourLink.objects.filter(model__in={n.model for n in parsed.neighbours})
    stored = set(stored_links.values_list("model", "la_code", "rank", "neighbour_code", "band"))
    stored_links.delete()
    models.NeighbourLink.objects.bulk_create(
        [
            models.NeighbourLink(
                model=n.model,
                la_code=n.la_code,
                rank=n.rank,
                neighbour_code=n.neighbour_code,
                band=n.band or "",
                source=data_import,
            )
            for n in parsed.neighbours
        ]
    )
    return len(incoming ^ stored)


def _store_joint_returns(data_import: models.DataImport, parsed: ParsedFile) -> int:
    if not parsed.joint_returns:
        return 0
    changed = 0
    for joint in parsed.joint_returns:
        _, created = models.JointReturn.objects.update_or_create(
            indicator=joint.indicator,
            year=joint.year,
            source_code=joint.source_code,
            defaults={
                "members": list(joint.members),
                "source_name": joint.source_name,
                "source": data_import,
            },
        )
        changed += created
    return changed


def _authority_ids() -> dict[str, int]:
    return dict(LocalAuthority.objects.values_list("old_la_code", "pk"))


def _inspection_fields(record: Inspection, authority_ids: dict[str, int], file: str) -> dict:
    if record.la_code not in authority_ids:
        raise ImportProblem(file, f"LA {record.la_code} is not in the database; run `journeys setup` first")
    return {
        "la_id": authority_ids[record.la_code],
        "framework": record.framework,
        "kind": record.kind,
        "theme": (record.theme or "") if isinstance(record, Visit) else "",
        "start_date": record.start_date,
        "published": record.published,
        "overall": record.overall,
        **{key: record.sub_judgements.get(key) for key in SUB_JUDGEMENTS},
        "is_visit": isinstance(record, Visit),
    }


def _store_inspections(data_import: models.DataImport, parsed: ParsedFile) -> int:
    if not parsed.inspections:
        return 0
    authority_ids = _authority_ids()
    models.SourceInspection.objects.bulk_create(
        [
            models.SourceInspection(
                source=data_import,
                position=position,
                **_inspection_fields(record, authority_ids, data_import.file_name),
            )
            for position, record in enumerate(parsed.inspections)
        ],
        batch_size=2000,
    )
    return len(parsed.inspections)


def as_inspection(row: models.SourceInspection | models.InspectionRecord, la_code: str) -> Inspection:
    """A stored row as the plain record the calculations take."""
    values = {
        "la_code": la_code,
        "framework": row.framework,
        "kind": row.kind,
        "start_date": row.start_date,
        "published": row.published,
        "overall": None if row.overall is None else Grade(row.overall),
        "sub_judgements": row.sub_judgements(),
    }
    return Visit(**values, theme=row.theme or None) if row.is_visit else Inspection(**values)


def _source_order(data_import: models.DataImport, records: list[Inspection]) -> tuple:
    """Most trusted first; within a format, the source with the newest record first.

    Depends only on the files' content, never on the order they were imported in.
    """
    trust = INSPECTION_TRUST.index(data_import.format_id) if data_import.format_id in INSPECTION_TRUST else 99
    newest = max((r.date for r in records if r.date), default=None)
    return (trust, -(newest.toordinal() if newest else 0), data_import.sha256)


def inspection_history_rebuild() -> int:
    """Rebuild the merged inspection history from every stored source; returns events kept."""
    codes = dict(LocalAuthority.objects.values_list("pk", "old_la_code"))
    by_source: dict[int, list[Inspection]] = defaultdict(list)
    for row in models.SourceInspection.objects.order_by("source_id", "position"):
        by_source[row.source_id].append(as_inspection(row, codes[row.la_id]))
    imports = models.DataImport.objects.in_bulk(list(by_source))
    ordered = sorted(by_source, key=lambda pk: _source_order(imports[pk], by_source[pk]))
    merged = merge_inspections_traced([by_source[pk] for pk in ordered])
    authority_ids = {code: pk for pk, code in codes.items()}
    models.InspectionRecord.objects.all().delete()
    models.InspectionRecord.objects.bulk_create(
        [
            models.InspectionRecord(
                la_code=record.la_code,
                sources=list(dict.fromkeys(imports[ordered[i]].format_title for i in behind)),
                **_inspection_fields(record, authority_ids, "inspection history"),
            )
            for record, behind in merged
        ],
        batch_size=2000,
    )
    return len(merged)


def benchmarks_recompute(*, indicators: Iterable[str] | None = None) -> int:
    """Recompute stored benchmarks, for the given indicators (and what derives from them) or all."""
    catalogue = load_catalogue()
    shown = {i.id for i in catalogue.of_kind("statistic", "derived")}
    if indicators is not None:
        touched = set(indicators)
        affected = {i for i in shown if i in touched}
        for derived in catalogue.of_kind("derived"):
            recipe = derived.derivation
            if recipe and touched & recipe.inputs:
                affected.add(derived.id)
    else:
        affected = shown
    if not affected:
        return 0
    needed = set(affected)
    for indicator in affected:
        recipe = catalogue[indicator].derivation
        if recipe:
            needed |= recipe.inputs
    observations = [
        Observation(area, indicator, year, value, symbol or None, published)
        for area, indicator, year, value, symbol, published in models.Observation.objects.filter(
            indicator__in=needed
        ).values_list("area", "indicator", "year", "value", "symbol", "published")
    ]
    links = [
        NeighbourLink(model, la_code, rank, neighbour, band or None)
        for model, la_code, rank, neighbour, band in models.NeighbourLink.objects.values_list(
            "model", "la_code", "rank", "neighbour_code", "band"
        )
    ]
    joint_returns = [
        JointReturn(indicator, year, tuple(members), code, name)
        for indicator, year, members, code, name in models.JointReturn.objects.filter(
            indicator__in=needed
        ).values_list("indicator", "year", "members", "source_code", "source_name")
    ]
    regions = dict(
        LocalAuthority.objects.filter(status=LocalAuthority.Status.CURRENT).values_list(
            "old_la_code", "region"
        )
    )
    results = calculations.compute_benchmarks(
        observations,
        calculations.NeighbourModels(links, in_force=NEIGHBOUR_MODELS_IN_FORCE),
        regions,
        catalogue,
        joint_returns=joint_returns,
        formed=_formed_years(),
    )
    models.Benchmark.objects.filter(indicator__in=affected)._raw_delete(models.Benchmark.objects.db)
    _insert(models.Benchmark, [_benchmark_row(b, catalogue) for b in results])
    return len(results)


def _formed_years() -> dict[str, int]:
    """LA code → the year a new LA was formed: the day after its predecessors ended (Cumberland, 2023)."""
    formed: dict[str, int] = {}
    for code, ended in LocalAuthority.objects.filter(predecessors__ended_on__isnull=False).values_list(
        "old_la_code", "predecessors__ended_on"
    ):
        formed[code] = max(formed.get(code, 0), (ended + timedelta(days=1)).year)
    return formed


def _benchmark_row(b: calculations.ComparedFigure, catalogue) -> dict:
    trend = b.trend
    return {
        "la_code": b.la_code,
        "indicator": b.indicator,
        "year": b.year,
        "period_kind": catalogue[b.indicator].period_kind or "reporting_year",
        "value": b.value,
        "symbol": b.symbol or "",
        "published": b.published,
        "derived": b.derived,
        "neighbour_mean": b.neighbour_mean,
        "neighbours_used": b.neighbours_used,
        "neighbour_model": b.neighbour_model or "",
        "other_neighbour_model": b.other_neighbour_model or "",
        "other_neighbour_mean": b.other_neighbour_mean,
        "other_neighbours_used": b.other_neighbours_used,
        "region": b.region or "",
        "region_value": b.region_value,
        "region_symbol": b.region_symbol or "",
        "england_value": b.england_value,
        "england_symbol": b.england_symbol or "",
        "rank": b.rank,
        "ranked": b.ranked,
        "quartile": b.quartile,
        "trend_slope": trend.slope if trend else None,
        "trend_first_year": trend.first_year if trend else None,
        "trend_last_year": trend.last_year if trend else None,
        "trend_points": trend.points if trend else None,
        "trend_direction": trend.direction if trend else "",
        "trend_summary": trend.summary if trend else "",
        "joint_return": b.joint_return or "",
    }


def evidence_demo_load() -> str:
    """Load the generated demonstration evidence, unless real evidence has been imported."""
    from journeys.evidence.demo import DEMO_FILE_NAME, demo_evidence, demo_sha256

    if models.DataImport.objects.filter(is_demo=False).exists():
        return "not loaded: official files have been imported"
    if models.DataImport.objects.filter(sha256=demo_sha256()).exists():
        return "already loaded"
    data_import_store(path=Path(DEMO_FILE_NAME), sha256=demo_sha256(), parsed=demo_evidence(), is_demo=True)
    return "loaded"


# --- Comparison groups ---------------------------------------------------------------------------

# As many LAs as the compare page shows side by side.
GROUP_MAX_LAS = 12


def _checked_codes(la_codes: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(la_codes))
    known = set(LocalAuthority.objects.filter(old_la_code__in=codes).values_list("old_la_code", flat=True))
    if not codes or len(codes) > GROUP_MAX_LAS or not set(codes) <= known:
        raise ValueError(f"a comparison group holds 1 to {GROUP_MAX_LAS} known local authorities")
    return codes


@transaction.atomic
def comparison_group_create(*, user, name: str, la_codes: Iterable[str]) -> models.ComparisonGroup:
    if not user.is_authenticated:
        raise PermissionDenied("only a signed-in user saves a comparison group")
    return models.ComparisonGroup.objects.create(
        owner=user, name=name.strip(), la_codes=_checked_codes(la_codes)
    )


@transaction.atomic
def comparison_group_update(
    *, user, group: models.ComparisonGroup, name: str, la_codes: Iterable[str]
) -> models.ComparisonGroup:
    if not permissions.can_change_comparison_group(user, group):
        raise PermissionDenied("only its owner changes a comparison group")
    group.name, group.la_codes = name.strip(), _checked_codes(la_codes)
    group.save()
    return group


@transaction.atomic
def comparison_group_delete(*, user, group: models.ComparisonGroup) -> None:
    if not permissions.can_change_comparison_group(user, group):
        raise PermissionDenied("only its owner deletes a comparison group")
    group.delete()


DEMO_GROUP_OWNER = "editor.birmingham@journeys.example"
DEMO_GROUP = ("West Midlands metropolitan boroughs", ["330", "331", "332", "333", "334", "335", "336"])


def comparison_group_demo_load() -> str:
    """A saved comparison group for Birmingham's demonstration editor; running it again adds nothing."""
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.filter(email=DEMO_GROUP_OWNER).first()
    if owner is None:
        return "skipped: no demonstration editor"
    name, codes = DEMO_GROUP
    if models.ComparisonGroup.objects.filter(owner=owner, name=name).exists():
        return "already loaded"
    comparison_group_create(user=owner, name=name, la_codes=codes)
    return "loaded"


# --- Fetching official releases ----------------------------------------------------------------


@dataclass
class FetchOutcome:
    """What one check of one release did: imported, held (the file was already imported),
    unchanged (no newer version) or failed, with a sentence saying why."""

    release: Release
    outcome: str
    detail: str
    data_import: models.DataImport | None = None


# Outcomes that mean Journeys holds the publisher's current release, so its schedule restarts.
FETCHED_OUTCOMES = ("imported", "held")


def _latest_held(release: Release) -> models.DataImport | None:
    return models.DataImport.objects.filter(release=release.id).order_by("-imported_at", "-pk").first()


def _fetched_file(
    *, release: Release, client: httpx.Client, progress: fetching.Progress | None
) -> tuple[Path, str, fetching.Located] | FetchOutcome:
    held = _latest_held(release)
    if release.source == "ees":
        located = fetching.locate_ees(client, release, settings.EES_API_URL, settings.EES_FILES_URL)
        if held and (held.data_set_id, held.data_set_version) == (located.data_set_id, located.version):
            return FetchOutcome(release, "unchanged", f"version {located.version} is already imported", held)
    else:
        located = fetching.locate_url(
            release, getattr(settings, release.base), held.data_set_version if held else ""
        )
    fetched = fetching.download(client, located, Path(settings.FETCH_DIR) / release.file_name, progress)
    if fetched is None:
        return FetchOutcome(release, "unchanged", "the file has not changed since it was last fetched", held)
    path, version = fetched
    return path, version, located


def release_fetch(
    *, release: Release, client: httpx.Client, progress: fetching.Progress | None = None
) -> FetchOutcome:
    """Download a release if the publisher has a newer one, and import it in its own transaction,
    recording the data-set id and version beside the file's hash. Every check is recorded."""
    try:
        fetched = _fetched_file(release=release, client=client, progress=progress)
        if isinstance(fetched, FetchOutcome):
            outcome = fetched
        else:
            path, version, located = fetched
            with transaction.atomic():
                imported = data_import_file(path=path)
                record = imported.data_import
                record.release, record.source_url = release.id, located.url
                record.data_set_id, record.data_set_version = located.data_set_id, version
                record.save(update_fields=["release", "source_url", "data_set_id", "data_set_version"])
            if imported.created or imported.changed:
                outcome = FetchOutcome(release, "imported", f"{record.rows_loaded:,} rows loaded", record)
            else:
                outcome = FetchOutcome(release, "held", "the same file was already imported", record)
    except (fetching.FetchProblem, ImportProblem, httpx.HTTPError) as problem:
        outcome = FetchOutcome(release, "failed", str(problem))
    models.ReleaseCheck.objects.create(
        release=release.id, outcome=outcome.outcome, detail=outcome.detail, data_import=outcome.data_import
    )
    return outcome


def releases_fetch(
    *,
    client: httpx.Client,
    today: date,
    if_due: bool = False,
    only: Iterable[str] | None = None,
    progress: fetching.Progress | None = None,
) -> list[FetchOutcome]:
    """Check every release (or those named, or with ``if_due`` only those due or overdue)."""
    wanted = set(only) if only is not None else None
    outcomes = []
    for release in load_releases():
        if wanted is not None and release.id not in wanted:
            continue
        if if_due and release.status(release_last_fetched(release.id), today) == "up to date":
            continue
        outcomes.append(release_fetch(release=release, client=client, progress=progress))
    return outcomes


def release_last_fetched(release_id: str) -> date | None:
    """The day Journeys last got a release's current file: the start of its schedule."""
    check = models.ReleaseCheck.objects.filter(release=release_id, outcome__in=FETCHED_OUTCOMES).first()
    return check.checked_at.date() if check else None
