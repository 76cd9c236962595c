"""Propose regional networks of improvement: groups of 3–8 LAs around a common challenge.

The 2016 workshops set out to "create networks of improvement across each region based around
common challenges". Given the priorities of a region's LAs (text, theme), this module proposes
such networks, each with a purpose in plain words, its members, and why each member is in.

Method (deterministic):

1. LA-to-LA similarity = 0.7 × the closest pair of their priority statements (cosine of sentence
   vectors) + 0.3 × the overlap of their themes (Jaccard).
2. Louvain communities on that weighted graph (networkx, fixed seed) give the natural groups.
3. Sizes are then enforced by a capacity-constrained assignment: with k networks (as many as
   Louvain found, clamped so that 3–8 members each is possible), every LA is assigned to the
   network it is most similar to on average, subject to at least 3 and at most 8 members
   (``scipy.optimize.linear_sum_assignment`` over one column per seat; the first three seats of
   each network must be filled). This is repeated until no LA moves. Oversize communities are
   split and lone LAs join their nearest network this way, so every LA with priorities is in
   exactly one network. A region with fewer than three such LAs gets one network of them all.
4. Each network's purpose comes from its dominant theme and its most central priority: the
   members' statement closest on average to everyone else's. Only a statement every member LA
   may already read (one shared with the sector, ``PriorityText.quotable``) is ever quoted, in
   the purpose or in a member's reason: an accepted network stores its purpose, and all its
   members' users read it. With no such statement the purpose names the theme alone.
5. An LA whose closest priority is less similar than ``SIMILARITY_FLOOR`` to the common
   challenge is never put in: it is listed as left out, with its similarity, so a coordinator
   sees why. A proposal's id is made from its region, theme and members, so the same proposal
   keeps its id however many times it is listed.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from journeys.priorities.similarity import PriorityText, Vectoriser, priority_vectors, similar_priorities
from journeys.priorities.themes import theme_by_number

MIN_SIZE = 3
MAX_SIZE = 8
LOUVAIN_SEED = 2016
TEXT_WEIGHT = 0.7  # the statements say what the challenge is; themes only say which family it is in
THEME_WEIGHT = 0.3
SIMILARITY_FLOOR = 0.30  # below this a priority barely shares the challenge (0.24–0.27 did not)
_MAX_ROUNDS = 25
_REQUIRED_SEAT = 1000.0  # far above any similarity, so the first MIN_SIZE seats of every network fill first


@dataclass(frozen=True)
class NetworkMember:
    la_code: str
    reason: str
    priority_ids: tuple[str, ...]  # the member's priorities that tie it to the network, closest first
    similarity: float = 1.0  # its closest priority's similarity to the common challenge


@dataclass(frozen=True)
class NetworkProposal:
    id: str
    region: str
    theme: int | None
    theme_title: str | None
    purpose: str
    central_priority: PriorityText | None  # the statement the purpose quotes, if any may be quoted
    members: tuple[NetworkMember, ...]
    left_out: tuple[NetworkMember, ...] = ()  # grouped here but below SIMILARITY_FLOOR, so not invited
    name: str = ""  # short and human: "North West workforce development network"

    @property
    def la_codes(self) -> tuple[str, ...]:
        return tuple(member.la_code for member in self.members)


def short_name(region: str, theme: int | None) -> str:
    """A network's name as people say it: the region and the theme's first words."""
    if theme is None:
        return f"{region} improvement network"
    return f"{region} {theme_by_number(theme).short_title.split(',')[0].lower()} network"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _la_similarity(las: list[str], priorities: list[PriorityText], text_similarity: np.ndarray) -> np.ndarray:
    rows = {la: [i for i, p in enumerate(priorities) if p.la_code == la] for la in las}
    themes = {la: {priorities[i].theme for i in rows[la]} - {None} for la in las}
    result = np.zeros((len(las), len(las)))
    for a, la_a in enumerate(las):
        for b in range(a + 1, len(las)):
            la_b = las[b]
            closest = float(text_similarity[np.ix_(rows[la_a], rows[la_b])].max())
            union = themes[la_a] | themes[la_b]
            overlap = len(themes[la_a] & themes[la_b]) / len(union) if union else 0.0
            result[a, b] = result[b, a] = TEXT_WEIGHT * max(closest, 0.0) + THEME_WEIGHT * overlap
    return result


def _louvain(las: list[str], similarity: np.ndarray) -> list[list[int]]:
    # networkx and scipy are imported where used: the URLconf imports this module, and a request
    # that proposes no networks should not pay for loading them.
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(len(las)))
    graph.add_weighted_edges_from(
        (a, b, similarity[a, b])
        for a in range(len(las))
        for b in range(a + 1, len(las))
        if similarity[a, b] > 0
    )
    communities = nx.community.louvain_communities(graph, weight="weight", seed=LOUVAIN_SEED)
    return sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))


def _initial_groups(communities: list[list[int]], count: int, similarity: np.ndarray) -> list[list[int]]:
    groups = [list(c) for c in communities[:count]]
    while len(groups) < count:
        # Too few communities for the size cap: the largest group's least typical member seeds another.
        largest = max(groups, key=len)
        outsider = min(largest, key=lambda i: (similarity[i, largest].sum(), i))
        largest.remove(outsider)
        groups.append([outsider])
    return groups


def _assign(similarity: np.ndarray, groups: list[list[int]], min_size: int, max_size: int) -> list[list[int]]:
    """Seat every LA in the network it fits best on average, within the size limits."""
    from scipy.optimize import linear_sum_assignment

    n, count = len(similarity), len(groups)
    for _ in range(_MAX_ROUNDS):
        affinity = np.zeros((n, count))
        for g, members in enumerate(groups):
            for i in range(n):
                others = [j for j in members if j != i]
                affinity[i, g] = similarity[i, others].mean() if others else 0.0
        seats = np.repeat(np.arange(count), max_size)
        required = np.tile(np.arange(max_size) < min_size, count)
        cost = -(affinity[:, seats] + _REQUIRED_SEAT * required)
        rows, columns = linear_sum_assignment(cost)
        new_groups = [
            sorted(int(i) for i, c in zip(rows, columns, strict=True) if seats[c] == g) for g in range(count)
        ]
        if new_groups == groups:
            break
        groups = new_groups
    return groups


def _dominant_theme(members: list[str], priorities: list[PriorityText]) -> int | None:
    # One vote per LA per theme, so an LA with many statements on one theme does not outvote the rest.
    votes = Counter(
        theme for la, theme in {(p.la_code, p.theme) for p in priorities if p.la_code in members} if theme
    )
    if not votes:
        return None
    return min(votes, key=lambda theme: (-votes[theme], theme))


def _central_priority(
    candidates: list[int], priorities: list[PriorityText], text_similarity: np.ndarray, members: set[str]
) -> int:
    """The candidate statement closest, on average, to the other members' statements."""

    def centrality(i: int) -> float:
        others = [
            j for j, p in enumerate(priorities) if p.la_code in members and p.la_code != priorities[i].la_code
        ]
        return float(text_similarity[i, others].mean()) if others else 0.0

    return max(candidates, key=lambda i: (centrality(i), -i))


def _network(
    members: list[str], priorities: list[PriorityText], text_similarity: np.ndarray
) -> tuple[int | None, PriorityText | None, tuple[NetworkMember, ...]]:
    theme = _dominant_theme(members, priorities)
    member_set = set(members)
    in_network = [i for i, p in enumerate(priorities) if p.la_code in member_set]
    on_theme = [i for i in in_network if priorities[i].theme == theme] if theme else []
    central = _central_priority(on_theme or in_network, priorities, text_similarity, member_set)
    quotable = [i for i in (on_theme or in_network) if priorities[i].quotable] or [
        i for i in in_network if priorities[i].quotable
    ]
    quoted = (
        priorities[_central_priority(quotable, priorities, text_similarity, member_set)] if quotable else None
    )
    theme_words = theme_by_number(theme).short_title.lower() if theme else None

    def words(priority: PriorityText) -> str:
        return f"“{priority.text}”" if priority.quotable else "a priority it has not shared with the sector"

    network_members = []
    for la in members:
        own = sorted(
            (i for i in in_network if priorities[i].la_code == la),
            key=lambda i: (-text_similarity[central, i], i),
        )
        closest = priorities[own[0]]
        on_theme_own = [i for i in own if priorities[i].theme == theme] if theme else []
        if own[0] == central:
            subject = f"Its priority {words(closest)}" if closest.quotable else "One of its priorities"
            reason = f"{subject} is the one closest to all the members' priorities."
        elif on_theme_own:
            tie = priorities[on_theme_own[0]]
            reason = (
                f"Also works on {theme_words}: {words(tie)} "
                f"(similarity {text_similarity[central, on_theme_own[0]]:.2f} to the common challenge)."
            )
        else:
            reason = (
                f"This is the nearest network to its priorities: {words(closest)} is closest to the common "
                f"challenge (similarity {text_similarity[central, own[0]]:.2f})."
            )
        ordered = on_theme_own + [i for i in own if i not in on_theme_own]
        similarity = 1.0 if own[0] == central else float(text_similarity[central, own[0]])
        network_members.append(
            NetworkMember(la, reason, tuple(priorities[i].id for i in ordered), similarity)
        )
    return theme, quoted, tuple(network_members)


def propose_networks(
    region: str,
    priorities: Sequence[PriorityText],
    *,
    vectorise: Vectoriser = priority_vectors,
    min_size: int = MIN_SIZE,
    max_size: int = MAX_SIZE,
) -> list[NetworkProposal]:
    """Networks for one region's LAs (``priorities`` should all belong to that region)."""
    if not 1 <= min_size <= max_size:
        raise ValueError(f"need 1 <= min_size <= max_size, got {min_size} and {max_size}")
    statements = sorted(priorities, key=lambda p: (p.la_code, p.id))
    las = sorted({p.la_code for p in statements})
    if not las:
        return []
    text_similarity = similar_priorities(*(2 * [vectorise([p.text for p in statements])]))

    if len(las) < min_size:
        groups = [list(range(len(las)))]
    else:
        similarity = _la_similarity(las, statements, text_similarity)
        communities = _louvain(las, similarity)
        count = min(max(len(communities), math.ceil(len(las) / max_size)), len(las) // min_size)
        groups = _assign(similarity, _initial_groups(communities, count, similarity), min_size, max_size)

    drafts = []
    for group in groups:
        members = [las[i] for i in group]
        theme, central, network_members = _network(members, statements, text_similarity)
        drafts.append((theme, central, network_members))
    drafts.sort(key=lambda draft: (draft[0] or 99, -len(draft[2]), draft[2][0].la_code))

    proposals = []
    for theme, central, grouped in drafts:
        network_members = tuple(m for m in grouped if m.similarity >= SIMILARITY_FLOOR)
        left_out = tuple(m for m in grouped if m.similarity < SIMILARITY_FLOOR)
        title = theme_by_number(theme).title if theme else None
        focus = theme_by_number(theme).short_title.lower() if theme else "a shared challenge"
        purpose = f"{len(network_members)} local authorities in {region} working together on {focus}."
        if central is not None:
            # The quoted statement carries its own full stop, so none is added after the quote.
            purpose += f" The common challenge, in one member's words: “{central.text.strip()}”"
        codes = "-".join(m.la_code for m in network_members)
        proposal_id = f"{_slug(region)}-{theme or 0}-{hashlib.sha1(codes.encode()).hexdigest()[:10]}"
        proposals.append(
            NetworkProposal(
                proposal_id,
                region,
                theme,
                title,
                purpose,
                central,
                network_members,
                left_out,
                short_name(region, theme),
            )
        )
    return proposals
