"""Peer matching: which LAs should this LA talk to about its improvement priorities?

Two kinds of peer, both explained in plain English:

* LAs **working on similar priorities** now: found by the cosine similarity of priority
  statements (MiniLM sentence vectors, or TF-IDF when the model is absent) and shared themes;
* **improvement partners**: LAs that faced the same challenge and moved forward (a better later
  judgement or sub-judgement, or indicators that improved). Whether an LA moved forward is
  decided elsewhere and passed in as ``progress``, a plain-English reason list per LA.

Statistical neighbours and LAs in the same region get a score bonus, because learning
transfers best between similar places and meeting is easier close by. Every match says why.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from journeys.priorities import encoder
from journeys.priorities.themes import theme_label

# Score = best similarity + bonuses. Bonuses are small next to similarity (0–1) so they reorder
# comparable matches rather than lift an unrelated LA above a closely matched one.
BREADTH_BONUS = 0.05  # per further priority of yours that the peer also shares
MAX_BREADTH_BONUS = 0.10
SHARED_THEME_BONUS = 0.05
IMPROVEMENT_PARTNER_BONUS = 0.15
NEIGHBOUR_BONUS = 0.10
SAME_REGION_BONUS = 0.05
# Below this, two statements are rarely about the same challenge (MiniLM cosine).
MIN_SIMILARITY = 0.45

SIMILAR_PRIORITIES = "similar_priorities"
IMPROVEMENT_PARTNER = "improvement_partner"


@dataclass(frozen=True)
class PriorityText:
    id: str
    la_code: str
    text: str
    theme: int | None = None  # 1–5, when known
    # Whether the text may be quoted to other LAs (it is shared with the sector); when not, it
    # still counts towards matching but its words are never copied anywhere.
    quotable: bool = True


@dataclass(frozen=True)
class PriorityPair:
    own_id: str
    own_text: str
    their_id: str
    their_text: str
    similarity: float


@dataclass(frozen=True)
class PeerMatch:
    la_code: str
    score: float
    kinds: tuple[str, ...]  # SIMILAR_PRIORITIES and/or IMPROVEMENT_PARTNER
    best_similarity: float
    pairs: tuple[PriorityPair, ...]  # for each of your priorities, this peer's closest one, best first
    shared_themes: tuple[int, ...]
    reasons: tuple[str, ...]

    @property
    def is_improvement_partner(self) -> bool:
        return IMPROVEMENT_PARTNER in self.kinds


Vectoriser = Callable[[Sequence[str]], np.ndarray]


def priority_vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit-length vectors for texts: MiniLM when installed, else TF-IDF fitted on these texts."""
    if not texts:
        return np.zeros((0, encoder.DIMENSIONS), dtype=np.float32)
    if encoder.available():
        return encoder.encode(texts)
    # scikit-learn is imported only for this fallback: it takes over a second to load, and the
    # URLconf imports this module for every page and command.
    from sklearn.feature_extraction.text import TfidfVectorizer

    # TF-IDF rows are already L2-normalised, so dot products are cosines here too.
    return (
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
        .fit_transform(texts)
        .toarray()
    )


def stored_vectoriser(stored: Mapping[str, np.ndarray]) -> Vectoriser:
    """:func:`priority_vectors`, reusing ``stored`` MiniLM vectors (by text) and encoding only the rest.

    Without the model the stored vectors cannot be used: TF-IDF vectors live in a space fitted on
    the texts compared, so every text is vectorised afresh, exactly as :func:`priority_vectors` does.
    """

    def vectorise(texts: Sequence[str]) -> np.ndarray:
        if not texts or not encoder.available():
            return priority_vectors(texts)
        missing = list(dict.fromkeys(text for text in texts if text not in stored))
        known = dict(stored)
        if missing:
            known.update(zip(missing, encoder.encode(missing), strict=True))
        return np.vstack([known[text] for text in texts]).astype(np.float32)

    return vectorise


def similar_priorities(query_vectors: np.ndarray, candidate_vectors: np.ndarray) -> np.ndarray:
    """Cosine similarity of every query (rows) with every candidate (columns)."""
    queries = np.atleast_2d(np.asarray(query_vectors, dtype=np.float64))
    candidates = np.atleast_2d(np.asarray(candidate_vectors, dtype=np.float64))
    if queries.shape[1] != candidates.shape[1]:
        raise ValueError(f"vector sizes differ: {queries.shape[1]} and {candidates.shape[1]}")
    # A zero vector (e.g. a TF-IDF text of stop words only) is similar to nothing, not NaN.
    query_norms = np.linalg.norm(queries, axis=1, keepdims=True)
    candidate_norms = np.linalg.norm(candidates, axis=1, keepdims=True)
    queries = np.divide(queries, query_norms, out=np.zeros_like(queries), where=query_norms > 0)
    candidates = np.divide(
        candidates, candidate_norms, out=np.zeros_like(candidates), where=candidate_norms > 0
    )
    return np.clip(queries @ candidates.T, -1.0, 1.0)


def match_peers(
    la_code: str,
    la_priorities: Sequence[PriorityText],
    other_priorities: Sequence[PriorityText],
    neighbours: Collection[str],
    regions: Mapping[str, str],
    progress: Mapping[str, Sequence[str]],
    *,
    vectorise: Vectoriser = priority_vectors,
    min_similarity: float = MIN_SIMILARITY,
    limit: int | None = 10,
) -> list[PeerMatch]:
    """Peers for ``la_code``, best first, each with the reasons it was matched.

    ``neighbours`` are the LA's statistical neighbours; ``regions`` maps LA codes to region
    names; ``progress`` maps LA codes to plain-English reasons why that LA has moved forward.
    An LA is a match when one of its priorities is at least ``min_similarity`` to one of yours,
    or it shares a theme with you; it is an improvement partner when it also moved forward.
    """
    own = list(la_priorities)
    others = [priority for priority in other_priorities if priority.la_code != la_code]
    if not own or not others:
        return []
    vectors = vectorise([p.text for p in own] + [p.text for p in others])
    similarity = similar_priorities(vectors[: len(own)], vectors[len(own) :])

    own_themes = {p.theme for p in own if p.theme is not None}
    columns_by_la: dict[str, list[int]] = {}
    for column, priority in enumerate(others):
        columns_by_la.setdefault(priority.la_code, []).append(column)

    matches = []
    for peer, columns in columns_by_la.items():
        pairs = []
        for row, own_priority in enumerate(own):
            column = max(columns, key=lambda c: (similarity[row, c], -c))  # ties: first listed
            their = others[column]
            pairs.append(
                PriorityPair(
                    own_priority.id, own_priority.text, their.id, their.text, float(similarity[row, column])
                )
            )
        pairs.sort(key=lambda pair: -pair.similarity)
        best = pairs[0].similarity
        shared_themes = tuple(sorted(own_themes & {others[c].theme for c in columns}))
        if best < min_similarity and not shared_themes:
            continue

        kinds, reasons = [SIMILAR_PRIORITIES], []
        score = best
        close_pairs = [pair for pair in pairs if pair.similarity >= min_similarity]
        for pair in close_pairs:
            reasons.append(
                f"Working on a similar priority: “{pair.their_text}” is close to your “{pair.own_text}” "
                f"(similarity {pair.similarity:.2f})."
            )
        score += min(BREADTH_BONUS * max(len(close_pairs) - 1, 0), MAX_BREADTH_BONUS)
        if shared_themes:
            score += SHARED_THEME_BONUS
            reasons.append("Shares your " + " and ".join(theme_label(n) for n in shared_themes) + ".")
        moved_forward = [reason for reason in progress.get(peer, ()) if reason]
        if moved_forward:
            kinds.append(IMPROVEMENT_PARTNER)
            score += IMPROVEMENT_PARTNER_BONUS
            reasons.extend(
                f"Faced a similar challenge and moved forward: {reason}" for reason in moved_forward
            )
        if peer in neighbours:
            score += NEIGHBOUR_BONUS
            reasons.append(
                "A statistical neighbour: similar in its population and level of need, so lessons transfer."
            )
        own_region = regions.get(la_code)
        if own_region and regions.get(peer) == own_region:
            score += SAME_REGION_BONUS
            reasons.append(f"In the same region ({own_region}), so working together in person is easier.")

        matches.append(
            PeerMatch(peer, round(score, 6), tuple(kinds), best, tuple(pairs), shared_themes, tuple(reasons))
        )

    matches.sort(key=lambda match: (-match.score, match.la_code))
    return matches if limit is None else matches[:limit]
