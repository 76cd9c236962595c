"""Plain records passed between the evidence store and the calculations.

No Django imports: benchmarks, placement, timescales and the early warning take these and
return plain data, so they are tested without a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum


class Grade(IntEnum):
    """Ofsted's four-point scale; a higher number is a better judgement."""

    INADEQUATE = 1
    REQUIRES_IMPROVEMENT = 2
    GOOD = 3
    OUTSTANDING = 4

    @property
    def label(self) -> str:
        return GRADE_LABELS[self]


GRADE_LABELS = {
    Grade.INADEQUATE: "Inadequate",
    Grade.REQUIRES_IMPROVEMENT: "Requires improvement to be good",
    Grade.GOOD: "Good",
    Grade.OUTSTANDING: "Outstanding",
}

# Ofsted ILACS sub-judgements, by stable id.
SUB_JUDGEMENTS: dict[str, str] = {
    "leaders": "The impact of leaders on social work practice with children and families",
    "help_and_protection": "The experiences and progress of children who need help and protection",
    "in_care": "The experiences and progress of children in care",
    "care_leavers": "The experiences and progress of care leavers",
}

# Inspection frameworks, by stable id.
FRAMEWORKS: dict[str, str] = {
    "slac": "Safeguarding and looked after children (2009–2012)",
    "cpi": "Child protection inspection (2012–2013)",
    "sif": "Single inspection framework (2013–2017)",
    "ilacs_2018": "ILACS (2018 framework)",
    "ilacs_2023": "ILACS (2023 framework)",
    "ilacs_2026": "ILACS (from April 2026, no overall grade)",
}

# Symbols EES uses in place of a number. They are kept as symbols, never read as zero.
SYMBOLS: dict[str, str] = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
    "low": "rounds to zero, but is not zero",
}


# What a stored year means, by the kind of period a dataset counts in. Every period is stored
# as the calendar year it ends in (academic year 2024/25 and financial year 2024-25 are both
# 2025), so one series orders and trends the same way whatever its kind.
PERIOD_KINDS: dict[str, str] = {
    "reporting_year": "year to 31 March",
    "academic_year": "academic year",
    "financial_year": "financial year",
    "census_date": "census at 30 September",
    "mid_year": "mid-year estimate at 30 June",
}


@dataclass(frozen=True)
class Inspection:
    """One judged inspection or visit of an LA's children's services."""

    la_code: str  # DfE 3-digit code of the LA as inspected; former LAs keep their own code
    framework: str  # a key of FRAMEWORKS
    kind: str  # e.g. "standard", "short", "focused visit", "monitoring visit", "first", "re-inspection"
    start_date: date | None
    published: date | None
    overall: Grade | None  # None for visits and for inspections after April 2026
    sub_judgements: Mapping[str, Grade] = field(default_factory=dict)

    @property
    def date(self) -> date | None:
        """The date the judgement is known from: publication, else the inspection start."""
        return self.published or self.start_date


@dataclass(frozen=True)
class Observation:
    """One indicator value for one LA (or region/England) and one year."""

    area: str  # DfE 3-digit LA code, a region name, or "England"
    indicator: str  # a catalogue id, e.g. "agency_rate"
    year: int  # the year the figure describes, as labelled by the publisher
    value: float | None  # None exactly when symbol is set
    symbol: str | None = None  # a key of SYMBOLS
    published: date | None = None  # when the figure became public, for as-of calculations
    period_kind: str = "reporting_year"  # a key of PERIOD_KINDS
