"""Published evidence in the database: what was imported, from where, and what it said.

Everything here is public (official statistics and inspection outcomes), so no access scope
applies. Rows are written only by :mod:`journeys.evidence.services`.

How a newer import supersedes an older one:

* **Indicator figures** are keyed by (area, indicator, year). Each indicator comes from one
  dataset, so the key is also per dataset. A newer import that carries a figure replaces the
  stored one (the newest release holds any revision); figures it does not carry (e.g. years an
  older release had and a newer one dropped) are kept from the older import.
* **Neighbour models**: a newer import of a model (e.g. ``dfe-2025``) replaces the whole model.
* **Inspections** are kept per source file (:class:`SourceInspection`) and the one merged
  history (:class:`InspectionRecord`) is rebuilt from all of them, so the order in which files
  are imported does not change the history.
* **Benchmarks** are recomputed from the stored figures after every import that changes them.
"""

from django.conf import settings
from django.db import models

from journeys.authorities.models import LocalAuthority
from journeys.evidence.records import FRAMEWORKS, PERIOD_KINDS, SUB_JUDGEMENTS, SYMBOLS, Grade

GRADE_CHOICES = [(g.value, g.label) for g in Grade]
SYMBOL_CHOICES = list(SYMBOLS.items())
PERIOD_CHOICES = list(PERIOD_KINDS.items())


class DataImport(models.Model):
    """The provenance of one imported file (or of the generated demonstration data)."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    format_id = models.CharField(max_length=64)
    format_title = models.CharField(max_length=255)
    rows_read = models.PositiveIntegerField(default=0)
    rows_loaded = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    # Why rows were skipped: [{"reason": ..., "rows": count, "first_rows": [...]}].
    skipped_reasons = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    # What the import changed: {"observations": n, "inspections": n, ...}.
    changes = models.JSONField(default=dict, blank=True)
    # What the catalogue asked of the file when it was last read: indicator id → a digest of its
    # entry (services.catalogue_reading). A file read before an entry was added is read again.
    catalogue_reading = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField("demonstration data", default=False)
    # Where `journeys fetch` got the file: its release (an id in releases.yaml), the publisher's
    # data-set id and version (EES's, or a plain file's ETag or Last-Modified) and the address.
    release = models.CharField(max_length=64, blank=True)
    data_set_id = models.CharField("data set id", max_length=255, blank=True)
    data_set_version = models.CharField("data set version", max_length=255, blank=True)
    source_url = models.URLField("source address", max_length=1000, blank=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.format_title})"


class Observation(models.Model):
    """One published figure: an LA (3-digit code), a region or England × indicator × year."""

    area = models.CharField(max_length=64)
    indicator = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField()  # the year the period ends in (see period_kind)
    period_kind = models.CharField(max_length=16, choices=PERIOD_CHOICES, default="reporting_year")
    value = models.FloatField(null=True, blank=True)
    symbol = models.CharField(max_length=4, blank=True, choices=SYMBOL_CHOICES)
    published = models.DateField(null=True, blank=True)
    source = models.ForeignKey(DataImport, on_delete=models.CASCADE, related_name="observations")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "indicator", "year"], name="one_figure_per_area_indicator_year"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True, symbol__gt="")
                | models.Q(value__isnull=False, symbol=""),
                name="observation_value_xor_symbol",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self):
        return f"{self.indicator} {self.area} {self.year}: {self.symbol or self.value}"


class NeighbourLink(models.Model):
    """One statistical neighbour of an LA in one model; rank 1 is the closest."""

    model = models.CharField(max_length=32)
    la_code = models.CharField(max_length=3)
    rank = models.PositiveSmallIntegerField()
    neighbour_code = models.CharField(max_length=3)
    band = models.CharField(max_length=32, blank=True)
    source = models.ForeignKey(DataImport, on_delete=models.CASCADE, related_name="neighbour_links")

    class Meta:
        ordering = ["model", "la_code", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["model", "la_code", "rank"], name="one_neighbour_per_rank")
        ]

    def __str__(self):
        return f"{self.model}: {self.la_code} #{self.rank} {self.neighbour_code}"


class JointReturn(models.Model):
    """A figure published once for several LAs (e.g. Kingston upon Thames and Richmond)."""

    indicator = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField()
    members = models.JSONField()
    source_code = models.CharField(max_length=32)
    source_name = models.CharField(max_length=255)
    source = models.ForeignKey(DataImport, on_delete=models.CASCADE, related_name="joint_returns")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "source_code"], name="one_joint_return_per_year"
            )
        ]

    def __str__(self):
        return f"{self.source_name} ({self.source_code}) {self.indicator} {self.year}"


class _InspectionFields(models.Model):
    la = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    framework = models.CharField(max_length=16, choices=list(FRAMEWORKS.items()))
    kind = models.CharField(max_length=40)
    theme = models.CharField(max_length=255, blank=True)
    start_date = models.DateField(null=True, blank=True)
    published = models.DateField(null=True, blank=True)
    overall = models.PositiveSmallIntegerField(null=True, blank=True, choices=GRADE_CHOICES)
    leaders = models.PositiveSmallIntegerField(null=True, blank=True, choices=GRADE_CHOICES)
    help_and_protection = models.PositiveSmallIntegerField(null=True, blank=True, choices=GRADE_CHOICES)
    in_care = models.PositiveSmallIntegerField(null=True, blank=True, choices=GRADE_CHOICES)
    care_leavers = models.PositiveSmallIntegerField(null=True, blank=True, choices=GRADE_CHOICES)
    is_visit = models.BooleanField(default=False)

    class Meta:
        abstract = True

    def sub_judgements(self) -> dict[str, Grade]:
        return {key: Grade(getattr(self, key)) for key in SUB_JUDGEMENTS if getattr(self, key) is not None}


class SourceInspection(_InspectionFields):
    """An inspection or visit exactly as one imported file gave it."""

    source = models.ForeignKey(DataImport, on_delete=models.CASCADE, related_name="source_inspections")
    position = models.PositiveIntegerField()  # order within the file, so merging is reproducible

    class Meta:
        ordering = ["source", "position"]

    def __str__(self):
        return f"{self.la_id} {self.kind} {self.start_date or self.published}"


class InspectionRecord(_InspectionFields):
    """One inspection or visit in the merged history, built from every source that reported it."""

    la_code = models.CharField(max_length=3)  # the code as inspected, kept for quick reads
    sources = models.JSONField(default=list)  # titles of the formats that reported it, most trusted first

    class Meta:
        ordering = ["la_code", "start_date", "published"]
        indexes = [models.Index(fields=["la_code"])]

    def __str__(self):
        return f"{self.la_code} {self.kind} {self.start_date or self.published}"


class Benchmark(models.Model):
    """A precomputed comparison of an LA's figure (see :mod:`journeys.evidence.benchmarks`)."""

    la_code = models.CharField(max_length=3)
    indicator = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField()
    period_kind = models.CharField(max_length=16, choices=PERIOD_CHOICES, default="reporting_year")
    value = models.FloatField(null=True, blank=True)
    symbol = models.CharField(max_length=4, blank=True)
    published = models.DateField(null=True, blank=True)
    derived = models.BooleanField(default=False)
    neighbour_mean = models.FloatField(null=True, blank=True)
    neighbours_used = models.PositiveSmallIntegerField(default=0)
    neighbour_model = models.CharField(max_length=32, blank=True)
    # The mean under another model that also covers the year (the 2021 groupings from 2025).
    other_neighbour_model = models.CharField(max_length=32, blank=True)
    other_neighbour_mean = models.FloatField(null=True, blank=True)
    other_neighbours_used = models.PositiveSmallIntegerField(default=0)
    region = models.CharField(max_length=64, blank=True)
    region_value = models.FloatField(null=True, blank=True)
    region_symbol = models.CharField(max_length=4, blank=True)
    england_value = models.FloatField(null=True, blank=True)
    england_symbol = models.CharField(max_length=4, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    ranked = models.PositiveSmallIntegerField(default=0)
    quartile = models.PositiveSmallIntegerField(null=True, blank=True)
    trend_slope = models.FloatField(null=True, blank=True)
    trend_first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    trend_last_year = models.PositiveSmallIntegerField(null=True, blank=True)
    trend_points = models.PositiveSmallIntegerField(null=True, blank=True)
    trend_direction = models.CharField(max_length=16, blank=True)
    trend_summary = models.CharField(max_length=255, blank=True)
    joint_return = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["la_code", "indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["la_code", "indicator", "year"], name="one_benchmark_per_la_indicator_year"
            )
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self):
        return f"{self.la_code} {self.indicator} {self.year}"


class ComparisonGroup(models.Model):
    """LAs a user compares again and again, by a name of their choosing; theirs alone."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    la_codes = models.JSONField("local authorities", default=list)  # DfE codes, in the owner's order
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="one_group_name_per_owner")]

    def __str__(self):
        return self.name


class DerivedResult(models.Model):
    """A result derived from the evidence (a placement, a warning, the timescale curves, an LA's
    evidence section), stored when the evidence changes so no request computes it.

    ``version`` is the evidence version it was derived from (:func:`journeys.evidence.derivations.
    current_version`): the evidence held and the code that derived it. Results of any other
    version are deleted when the derivations next run. ``value`` is pickled: it is written and
    read only by Journeys, under that version, so the code that reads it is the code that wrote it.
    """

    version = models.CharField(max_length=80)
    key = models.CharField(max_length=200)
    value = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="one_result_per_version_key")]

    def __str__(self):
        return f"{self.key} ({self.version})"


class ReleaseCheck(models.Model):
    """One time `journeys fetch` asked a publisher for a release, and what came of it."""

    OUTCOMES = [("imported", "New release imported"), ("unchanged", "Nothing new"), ("failed", "Failed")]

    release = models.CharField(max_length=64)
    checked_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=16, choices=OUTCOMES)
    detail = models.TextField(blank=True)
    data_import = models.ForeignKey(
        DataImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-checked_at", "-pk"]
        indexes = [models.Index(fields=["release", "-checked_at"])]

    def __str__(self):
        return f"{self.release} at {self.checked_at:%Y-%m-%d %H:%M}: {self.outcome}"
