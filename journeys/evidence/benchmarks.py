"""Benchmarks: how an LA's figure compares with its neighbours, its region and England.

Pure functions over plain records (no Django). :func:`compute_benchmarks` takes every
observation at once and returns one :class:`ComparedFigure` per LA × indicator × year, using pandas
and numpy so the whole country over every year takes well under a second. pandas is imported
when benchmarks are computed, not with the module: the URLconf imports this module for every page
and command, and only an import of figures computes.

Decisions, in one place:

* **Neighbour model in force.** DfE's 2025 statistical-neighbour model applies to figures for
  2025 onwards and the April 2021 groupings to figures before 2025 (including years before
  2021, for which no earlier model is loaded). Where the model in force has no entry for an
  LA (a former LA such as Northamptonshire, or Cumberland before 2025), the model nearest in
  time that has one is used. The model used is reported on each benchmark. Where another
  model also covers the year (the 2021 groupings from 2025 on, until they are withdrawn), the
  neighbour mean under it is reported too, so a change of model is not read as a change among
  the neighbours.
* **Neighbour mean** is the plain mean over the neighbours that have a number that year; the
  number used is reported, since suppressed or missing neighbours drop out. A neighbour that
  makes a joint return with the LA (Kingston and Richmond upon Thames) is left out of the
  figures that return covers: its figure is the LA's own.
* **Region and England** values are the published regional and national rows, never computed
  from LA rows. A derived indicator (children in need per 10,000) is computed from the
  published rows of its inputs at every level alike, and says it is derived.
* **Rank** is among current LAs with a number that year, 1 = best read through polarity
  (lowest first for "higher is worse"); equal values share the best rank ("1, 2, 2, 4"). For
  polarity "neither" nothing is best: the rank is a position from highest to lowest (1 =
  highest) and there is no quartile. Joint-return members
  carry the same figure, so they tie.
* **A new LA's first year** (Cumberland and Westmorland and Furness, formed in April 2023)
  counts only its first months (a turnover rate of 2.1 % for half a year): figures up to the
  year it was formed are shown and flagged but start no trend.
* **Quartile** 1 is the best quarter: ``floor(4 × (rank − 1) / n) + 1``.
* **Trend** is the Theil–Sen slope (the median of pairwise slopes, as
  ``scipy.stats.theilslopes`` computes it, vectorised here for speed) over up to
  ``TREND_YEARS`` years ending at the benchmark year, when at least ``TREND_MIN_POINTS`` of them
  have a number. It shows **no clear change** ("stable") when the slope is under
  ``presentation.NO_CLEAR_CHANGE_SHARE_PER_YEAR`` (2 %) of the median size of those values a
  year, e.g. under 0.24 points a year for an agency rate near 12 %.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from journeys.evidence import presentation
from journeys.evidence.catalogue import Catalogue, Indicator, load_catalogue
from journeys.evidence.formats.base import JointReturn, NeighbourLink
from journeys.evidence.records import Observation

if TYPE_CHECKING:
    import pandas as pd

ENGLAND = "England"
TREND_YEARS = 5
TREND_MIN_POINTS = 3

# Neighbour models by the first data year they apply to, newest first.
NEIGHBOUR_MODELS_IN_FORCE: tuple[tuple[str, int], ...] = (("dfe-2025", 2025), ("dfe-2021", 2021))


@dataclass(frozen=True)
class Trend:
    slope: float  # change a year, in the indicator's unit
    first_year: int
    last_year: int
    points: int  # years in the window with a number
    direction: str  # "improving", "worsening", "stable"; "rising"/"falling" for polarity "neither"
    summary: str  # e.g. "Improving: down 2.1 points a year over 5 years (2021 to 2025)"


@dataclass(frozen=True)
class ComparedFigure:
    """An LA's figure for one indicator and year beside its neighbours', region's and England's,
    as computed; stored as the evidence app's Benchmark model."""

    la_code: str
    indicator: str
    year: int
    value: float | None
    symbol: str | None  # an EES symbol when the LA's figure is not a number
    published: date | None
    derived: bool
    neighbour_mean: float | None
    neighbours_used: int
    neighbour_model: str | None
    region: str | None
    region_value: float | None
    region_symbol: str | None
    england_value: float | None
    england_symbol: str | None
    rank: int | None
    ranked: int  # how many LAs were ranked that year
    quartile: int | None
    trend: Trend | None
    joint_return: str | None  # why the figure is shared with other LAs, if it is
    # The mean under another model that also covers the year, e.g. the 2021 groupings in 2025.
    other_neighbour_model: str | None = None
    other_neighbour_mean: float | None = None
    other_neighbours_used: int = 0


class NeighbourModels:
    """Ordered neighbour lists by model, choosing the model in force for an LA and year."""

    def __init__(
        self, links: Iterable[NeighbourLink], in_force: Sequence[tuple[str, int]] = NEIGHBOUR_MODELS_IN_FORCE
    ):
        ranked: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
        for link in links:
            ranked[link.model][link.la_code].append((link.rank, link.neighbour_code))
        self.models = {
            model: {la: [code for _, code in sorted(pairs)] for la, pairs in by_la.items()}
            for model, by_la in ranked.items()
        }
        self.in_force = [(model, start) for model, start in in_force if model in self.models]

    def for_la(self, la_code: str, year: int) -> tuple[str, list[str]] | None:
        """(model, neighbours) for an LA's figures of a year, or None if no model lists it."""
        candidates = [(model, start) for model, start in self.in_force if la_code in self.models[model]]
        if not candidates:
            return None
        # The newest model already in force, else the model nearest in time.
        model, _ = min(candidates, key=lambda item: (item[1] > year, abs(item[1] - year)))
        return model, self.models[model][la_code]

    def also_covering(self, la_code: str, year: int, used: str | None) -> tuple[str, list[str]] | None:
        """(model, neighbours) of the newest other model already in force by the year that lists
        the LA, or None: the 2021 groupings beside the 2025 model for 2025's figures."""
        for model, start in self.in_force:
            if model != used and start <= year and la_code in self.models[model]:
                return model, self.models[model][la_code]
        return None


def compute_benchmarks(
    observations: Iterable[Observation],
    neighbours: NeighbourModels | Mapping[str, Sequence[str]],
    regions: Mapping[str, str],
    catalogue: Catalogue | None = None,
    *,
    joint_returns: Iterable[JointReturn] = (),
    current: Collection[str] | None = None,
    formed: Mapping[str, int] | None = None,
) -> list[ComparedFigure]:
    """One ComparedFigure per LA × shown indicator × year found in the observations.

    ``neighbours`` is either a NeighbourModels (the model in force is chosen per year) or a
    plain mapping of LA code → ordered neighbour codes used for every year. ``regions`` maps
    LA code → DfE region name. ``current`` lists the LAs that are ranked (default: the LAs in
    ``regions``). ``formed`` maps a new LA (formed by reorganisation) to the year it was formed:
    its figures up to that year cover its first months only and are left out of its trends.
    """
    catalogue = catalogue or load_catalogue()
    frame = _with_derived(_frame(observations), catalogue)
    shown = {i.id: i for i in catalogue.of_kind("statistic", "derived")}
    frame = frame[frame["indicator"].isin(list(shown))]
    if frame.empty:
        return []
    is_la = frame["area"].str.fullmatch(r"\d{3}")
    las = frame[is_la].copy()
    published_rows = {
        (row.area, row.indicator, row.year): (row.value, row.symbol)
        for row in frame[~is_la].itertuples(index=False)
    }
    current = set(regions) if current is None else set(current)
    _add_ranks(las, shown, current)
    slopes = _theil_sen_slopes(_without_first_years(las, formed or {}))
    joint_returns = list(joint_returns)
    joint = _joint_explanations(joint_returns)
    shares_with = _joint_partners(joint_returns, shown)
    derived = {i.id for i in shown.values() if i.kind == "derived"}

    values: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
    for row in las[las["value"].notna()].itertuples(index=False):
        values[(row.indicator, row.year)][row.area] = row.value

    benchmarks = []
    for row in las.itertuples(index=False):
        indicator = shown[row.indicator]
        model, peers = _neighbours_for(neighbours, row.area, row.year)
        # A neighbour that shares the LA's joint return carries the LA's own figure: left out.
        partners = shares_with.get((row.area, row.indicator, row.year), set())
        year_values = values[(row.indicator, row.year)]
        peer_values = [year_values[p] for p in peers if p in year_values and p not in partners]
        other_model, other_peers = _other_neighbours_for(neighbours, row.area, row.year, model)
        other_values = [year_values[p] for p in other_peers if p in year_values and p not in partners]
        region = regions.get(row.area)
        region_value, region_symbol = published_rows.get((region, row.indicator, row.year), (None, None))
        england_value, england_symbol = published_rows.get((ENGLAND, row.indicator, row.year), (None, None))
        benchmarks.append(
            ComparedFigure(
                la_code=row.area,
                indicator=row.indicator,
                year=row.year,
                value=_number(row.value),
                symbol=_text(row.symbol),
                published=None if _missing(row.published) else row.published,
                derived=row.indicator in derived,
                neighbour_mean=float(np.mean(peer_values)) if peer_values else None,
                neighbours_used=len(peer_values),
                neighbour_model=model,
                region=region,
                region_value=_number(region_value),
                region_symbol=_text(region_symbol),
                england_value=_number(england_value),
                england_symbol=_text(england_symbol),
                rank=_whole(row.rank),
                ranked=int(row.ranked),
                quartile=_whole(row.quartile),
                trend=_trend(indicator, slopes.get((row.area, row.indicator, row.year))),
                joint_return=joint.get((row.area, row.indicator, row.year)),
                other_neighbour_model=other_model,
                other_neighbour_mean=float(np.mean(other_values)) if other_values else None,
                other_neighbours_used=len(other_values),
            )
        )
    return benchmarks


def _frame(observations: Iterable[Observation]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(
        [(o.area, o.indicator, o.year, o.value, o.symbol, o.published) for o in observations],
        columns=["area", "indicator", "year", "value", "symbol", "published"],
    )
    frame["value"] = frame["value"].astype("float64")
    frame["year"] = frame["year"].astype("int64")
    frame["symbol"] = frame["symbol"].astype("object")
    frame["published"] = frame["published"].astype("object")
    return frame


def _with_derived(frame: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Add each derived indicator for every area and year that has both of its inputs."""
    import pandas as pd

    parts = [frame]
    present = set(frame["indicator"].unique())
    for indicator in catalogue.of_kind("derived"):
        recipe = indicator.derivation
        assert recipe is not None  # derived indicators have one (catalogue schema)
        if not recipe.inputs <= present:
            continue  # an input not asked for (or never imported): nothing to derive
        numerator = frame[frame["indicator"] == recipe.numerator]
        for also in recipe.numerator_also:  # summed where every part has a figure
            extra = frame[frame["indicator"] == also]
            numerator = numerator.merge(extra, on=["area", "year"], suffixes=("", "_also"))
            numerator = numerator.assign(
                value=numerator["value"] + numerator["value_also"],
                symbol=numerator["symbol"].where(numerator["symbol"].notna(), numerator["symbol_also"]),
                published=[
                    max(filter(None, p), default=None)
                    for p in zip(numerator["published"], numerator["published_also"], strict=True)
                ],
            )[["area", "indicator", "year", "value", "symbol", "published"]]
        denominator = frame[frame["indicator"] == recipe.denominator].copy()
        # Shift the denominator's year so it joins the numerator year it divides.
        denominator["year"] -= recipe.denominator_year_offset
        both = numerator.merge(denominator, on=["area", "year"], suffixes=("", "_denominator"))
        usable = both["value_denominator"] > 0
        ratio = both["value"] / both["value_denominator"] * recipe.multiplier
        if recipe.complement:
            ratio = recipe.multiplier - ratio
        derived = pd.DataFrame(
            {
                "area": both["area"],
                "indicator": indicator.id,
                "year": both["year"],
                "value": ratio.where(usable),
                # A symbol on either input carries through: a suppressed count gives a suppressed rate.
                "symbol": both["symbol"].where(both["symbol"].notna(), both["symbol_denominator"]),
                "published": [
                    max(filter(None, pair), default=None)
                    for pair in zip(both["published"], both["published_denominator"], strict=True)
                ],
            }
        )
        parts.append(derived)
    return pd.concat(parts, ignore_index=True)


def _add_ranks(las: pd.DataFrame, shown: Mapping[str, Indicator], current: set[str]) -> None:
    """Rank (1 = best, or 1 = highest where no direction is better), number ranked and quartile,
    per indicator and year, in place."""
    rankable = las["value"].notna() & las["area"].isin(list(current))
    # Highest first, except where lower is better; with no better direction the rank is only a
    # position from highest to lowest, and there is no quartile.
    high_first = las["indicator"].map(lambda i: shown[i].polarity != "higher_is_worse")
    has_quartile = las["indicator"].map(lambda i: shown[i].polarity != "neither")
    # Negating the values ranked highest first lets one ascending rank serve all.
    score = las["value"].where(~high_first, -las["value"]).where(rankable)
    groups = score.groupby([las["indicator"], las["year"]])
    las["rank"] = groups.rank(method="min", ascending=True)
    las["ranked"] = groups.transform("count").fillna(0)
    quartile = np.floor(4 * (las["rank"] - 1) / las["ranked"].where(las["ranked"] > 0)) + 1
    las["quartile"] = quartile.where(has_quartile)


def _without_first_years(las: pd.DataFrame, formed: Mapping[str, int]) -> pd.DataFrame:
    """The rows trends are fitted to: a new LA's figures for the year it was formed (and any
    before) count part of a year, so they do not start a trend."""
    if not formed:
        return las
    first_years = las["area"].map(formed)
    return las[~(first_years.notna() & (las["year"] <= first_years))]


def _theil_sen_slopes(las: pd.DataFrame) -> dict[tuple[str, str, int], tuple[float, int, int, int, float]]:
    """(slope, first year, last year, points, median |value|) for each LA × indicator × end year.

    The slope is the median of all pairwise slopes in the window, which is exactly the
    estimate of ``scipy.stats.theilslopes``, computed for every series at once.
    """
    wide = las.pivot_table(index=["area", "indicator"], columns="year", values="value", aggfunc="first")
    if wide.empty:
        return {}
    years = np.arange(wide.columns.min(), wide.columns.max() + 1)
    wide = wide.reindex(columns=years)
    grid = wide.to_numpy(dtype=float)
    result: dict[tuple[str, str, int], tuple[float, int, int, int, float]] = {}
    for end in range(len(years)):
        start = max(0, end - TREND_YEARS + 1)
        window = grid[:, start : end + 1]
        width = window.shape[1]
        present = ~np.isnan(window)
        points = present.sum(axis=1)
        enough = points >= TREND_MIN_POINTS
        if width < TREND_MIN_POINTS or not enough.any():
            continue
        pairs = [(i, j) for i in range(width) for j in range(i + 1, width)]
        pair_slopes = np.stack([(window[:, j] - window[:, i]) / (j - i) for i, j in pairs], axis=1)
        with np.errstate(all="ignore"):
            slopes = np.nanmedian(pair_slopes[enough], axis=1)
            levels = np.nanmedian(np.abs(window[enough]), axis=1)
        first = np.argmax(present[enough], axis=1) + start
        last = width - 1 - np.argmax(present[enough][:, ::-1], axis=1) + start
        for (area, indicator), slope, low, high, count, level in zip(
            wide.index[enough], slopes, first, last, points[enough], levels, strict=True
        ):
            result[(area, indicator, int(years[end]))] = (
                float(slope),
                int(years[low]),
                int(years[high]),
                int(count),
                float(level),
            )
    return result


def _trend(indicator: Indicator, fit: tuple[float, int, int, int, float] | None) -> Trend | None:
    if fit is None:
        return None
    slope, first, last, points, level = fit
    direction = presentation.direction(indicator.polarity, slope, level)
    return Trend(
        slope,
        first,
        last,
        points,
        direction,
        presentation.trend_sentence(direction, slope, first, last, indicator),
    )


def _joint_explanations(joint_returns: Iterable[JointReturn]) -> dict[tuple[str, str, int], str]:
    explanations = {}
    for joint in joint_returns:
        text = (
            f"{joint.source_name} ({joint.source_code}) make a joint return: this is their combined "
            "figure, given to each of them."
        )
        for member in joint.members:
            explanations[(member, joint.indicator, joint.year)] = text
    return explanations


def _joint_partners(
    joint_returns: Iterable[JointReturn], shown: Mapping[str, Indicator]
) -> dict[tuple[str, str, int], set[str]]:
    """(LA, indicator, year) → the other LAs whose figure is the same joint return, counting a
    derived indicator's inputs (a joint numerator makes the members' rates one figure's shares)."""
    partners: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    for joint in joint_returns:
        affected = [joint.indicator] + [
            i.id
            for i in shown.values()
            if i.derivation and joint.indicator in (i.derivation.numerator, i.derivation.denominator)
        ]
        for member in joint.members:
            for indicator in affected:
                partners[(member, indicator, joint.year)].update(m for m in joint.members if m != member)
    return partners


def _neighbours_for(
    neighbours: NeighbourModels | Mapping[str, Sequence[str]], la_code: str, year: int
) -> tuple[str | None, Sequence[str]]:
    if isinstance(neighbours, NeighbourModels):
        return neighbours.for_la(la_code, year) or (None, ())
    return None, neighbours.get(la_code, ())


def _other_neighbours_for(
    neighbours: NeighbourModels | Mapping[str, Sequence[str]], la_code: str, year: int, used: str | None
) -> tuple[str | None, Sequence[str]]:
    if isinstance(neighbours, NeighbourModels):
        return neighbours.also_covering(la_code, year, used) or (None, ())
    return None, ()


def _missing(value: object) -> bool:
    """An empty cell of the frames above: None, or the NaN that pandas leaves (also in object columns)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: float | None) -> float | None:
    return None if _missing(value) else float(value)


def _text(value: str | None) -> str | None:
    return None if _missing(value) else value


def _whole(value: float) -> int | None:
    return None if _missing(value) else int(value)
