"""The official releases ``journeys fetch`` keeps current: ``releases.yaml`` loaded and checked,
and each release's schedule (when the next one is expected, whether it is due or overdue).

Pure Python, no Django imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from journeys.common.datafiles import DataFileError, Problem, load_yaml

RELEASES_YAML = Path(__file__).parent / "releases.yaml"
# How long after its expected day a release that has not arrived is called overdue.
OVERDUE_AFTER = timedelta(days=30)

SCHEMA = {
    "type": "object",
    "required": ["version", "releases"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "releases": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "title", "source", "file_name", "expected"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
                    "title": {"type": "string", "minLength": 1},
                    "source": {"enum": ["ees", "url"]},
                    "publication": {"type": "string", "minLength": 1},
                    "data_set": {"type": "string", "minLength": 1},
                    "base": {"enum": ["OFSTED_URL", "D2I_URL"]},
                    "path": {"type": "string", "minLength": 1},
                    "file_name": {"type": "string", "pattern": "^[A-Za-z0-9_.-]+$"},
                    "expected": {
                        "type": "object",
                        "required": ["month", "day"],
                        "additionalProperties": False,
                        "properties": {
                            "month": {"type": "integer", "minimum": 1, "maximum": 12},
                            "day": {"type": "integer", "minimum": 1, "maximum": 31},
                        },
                    },
                    "every_days": {"type": "integer", "minimum": 1},
                },
            },
        },
    },
}


@dataclass(frozen=True)
class Release:
    id: str
    title: str
    source: str  # "ees" or "url"
    file_name: str
    expected_month: int
    expected_day: int
    publication: str = ""  # EES publication slug
    data_set: str = ""  # EES data set title
    base: str = ""  # the setting holding the base URL, for source "url"
    path: str = ""  # below that base URL
    every_days: int | None = None  # a source updated more often than yearly

    def expected_since(self, since: date | None, today: date) -> date | None:
        """The first day a new release was expected after ``since`` (None: never fetched), if
        that day has come by ``today``; None when nothing new is expected yet."""
        if since is None:
            return today
        if self.every_days is not None:
            expected = since + timedelta(days=self.every_days)
            return expected if expected <= today else None
        expected = date(since.year, self.expected_month, self.expected_day)
        if expected <= since:
            expected = date(since.year + 1, self.expected_month, self.expected_day)
        return expected if expected <= today else None

    def next_expected(self, since: date | None, today: date) -> date:
        """When the next release is expected: the yearly day (or the interval) after ``since``."""
        if since is None:
            return today
        if self.every_days is not None:
            return since + timedelta(days=self.every_days)
        expected = date(since.year, self.expected_month, self.expected_day)
        return expected if expected > since else date(since.year + 1, self.expected_month, self.expected_day)

    def status(self, since: date | None, today: date) -> str:
        """ "not fetched", "up to date", "due" or "overdue" (30 days past due) on ``today``."""
        if since is None:
            return "not fetched"
        expected = self.expected_since(since, today)
        if expected is None:
            return "up to date"
        return "overdue" if today - expected > OVERDUE_AFTER else "due"


@cache
def load_releases(path: Path = RELEASES_YAML) -> tuple[Release, ...]:
    data = load_yaml(path, SCHEMA, error=DataFileError)
    releases, seen = [], set()
    for n, entry in enumerate(data["releases"]):
        where = f"releases[{n}]"
        if entry["id"] in seen:
            raise DataFileError(path, Problem(f"{where}.id", f"{entry['id']!r} is listed twice"))
        seen.add(entry["id"])
        needed = ("publication", "data_set") if entry["source"] == "ees" else ("base", "path")
        for name in needed:
            if name not in entry:
                raise DataFileError(path, Problem(where, f"a {entry['source']} release needs {name}"))
        expected = entry.pop("expected")
        try:
            date(2001, expected["month"], expected["day"])  # a day every year has
        except ValueError:
            raise DataFileError(path, Problem(f"{where}.expected", "is not a day every year has")) from None
        releases.append(Release(**entry, expected_month=expected["month"], expected_day=expected["day"]))
    return tuple(releases)
