"""Peer matching: similar priorities, improvement partners, bonuses, and a reason for everything."""

import numpy as np
import pytest

from journeys.priorities import encoder
from journeys.priorities.similarity import (
    IMPROVEMENT_PARTNER,
    IMPROVEMENT_PARTNER_BONUS,
    NEIGHBOUR_BONUS,
    SAME_REGION_BONUS,
    SIMILAR_PRIORITIES,
    PriorityText,
    match_peers,
    priority_vectors,
    similar_priorities,
)

TOPICS = ("agency", "scrutiny", "front door", "pilot")


def keyword_vectors(texts):
    """A transparent stand-in for the encoder: a dimension per topic word, and a constant one."""
    return np.array([[1.0 if topic in text.lower() else 0.0 for topic in TOPICS] + [0.1] for text in texts])


def test_similar_priorities_is_a_cosine_matrix():
    queries = np.array([[1.0, 0.0], [3.0, 4.0]])
    candidates = np.array([[2.0, 0.0], [0.0, 5.0], [0.0, 0.0]])
    result = similar_priorities(queries, candidates)
    np.testing.assert_allclose(result, [[1.0, 0.0, 0.0], [0.6, 0.8, 0.0]])
    with pytest.raises(ValueError):
        similar_priorities(queries, np.ones((1, 3)))


OWN = [
    PriorityText("p1", "A", "Cut agency social workers", 1),
    PriorityText("p2", "A", "Stronger scrutiny by members", 4),
]
OTHERS = [
    PriorityText("q1", "B", "Reduce agency staff numbers", 1),
    PriorityText("q2", "C", "Reduce agency costs", 1),
    PriorityText("q3", "D", "Pilot a family model", 5),
    PriorityText("q4", "E", "Member scrutiny training", 4),
    PriorityText("q5", "A", "Own duplicate agency line", 1),
]
REGIONS = {"A": "North West", "B": "North West", "C": "London", "D": "North West", "E": "London"}


def peers(**overrides):
    arguments = {
        "la_code": "A",
        "la_priorities": OWN,
        "other_priorities": OTHERS,
        "neighbours": set(),
        "regions": REGIONS,
        "progress": {},
        "vectorise": keyword_vectors,
    }
    return match_peers(**(arguments | overrides))


def test_matches_similar_priorities_and_skips_unrelated_and_self():
    matches = peers()
    codes = [match.la_code for match in matches]
    assert "A" not in codes  # never matched with itself
    assert "D" not in codes  # a pilot shares neither words nor a theme with A's priorities
    assert set(codes) == {"B", "C", "E"}
    for match in matches:
        assert match.kinds == (SIMILAR_PRIORITIES,)
        assert match.reasons
        assert any("similar priority" in reason for reason in match.reasons)


def test_every_match_explains_the_closest_pair_in_plain_english():
    match = next(m for m in peers() if m.la_code == "E")
    assert match.pairs[0].own_id == "p2" and match.pairs[0].their_id == "q4"
    assert "“Member scrutiny training” is close to your “Stronger scrutiny by members”" in match.reasons[0]
    assert "Shares your theme 4" in " ".join(match.reasons)


def test_same_region_breaks_a_tie_between_equally_similar_las():
    matches = peers()
    by_code = {m.la_code: m for m in matches}
    assert by_code["B"].best_similarity == pytest.approx(by_code["C"].best_similarity)
    assert by_code["B"].score == pytest.approx(by_code["C"].score + SAME_REGION_BONUS)
    assert [m.la_code for m in matches][:2] == ["B", "C"]
    assert any("same region (North West)" in reason for reason in by_code["B"].reasons)


def test_statistical_neighbour_gets_a_bonus_and_a_reason():
    before = {m.la_code: m.score for m in peers()}
    after = {m.la_code: m for m in peers(neighbours={"C"})}
    assert after["C"].score == pytest.approx(before["C"] + NEIGHBOUR_BONUS)
    assert any("statistical neighbour" in reason for reason in after["C"].reasons)
    assert [m.la_code for m in peers(neighbours={"C"})][0] == "C"


def test_improvement_partner_faced_the_challenge_and_moved_forward():
    reason = "Moved from inadequate (2016) to good (2019) for help and protection."
    matches = {m.la_code: m for m in peers(progress={"C": [reason], "D": ["Improved caseloads."]})}
    assert matches["C"].kinds == (SIMILAR_PRIORITIES, IMPROVEMENT_PARTNER)
    assert matches["C"].is_improvement_partner
    assert f"Faced a similar challenge and moved forward: {reason}" in matches["C"].reasons
    assert matches["C"].score == pytest.approx(
        matches["B"].score - SAME_REGION_BONUS + IMPROVEMENT_PARTNER_BONUS
    )
    # Moving forward is not enough: D never faced A's challenges, so it is no partner.
    assert "D" not in matches


def test_shared_theme_alone_is_enough_for_a_match():
    own = [PriorityText("p9", "A", "Something unusual", 5)]
    matches = peers(la_priorities=own)
    assert [m.la_code for m in matches] == ["D"]
    assert matches[0].shared_themes == (5,)


def test_limit_empty_inputs_and_order_are_stable():
    assert len(peers(limit=1)) == 1
    assert peers(la_priorities=[]) == []
    assert peers(other_priorities=[]) == []
    assert peers() == peers()


@pytest.mark.skipif(not encoder.available(), reason="MiniLM weights not installed")
def test_real_sentence_vectors_rank_the_workforce_peer_first():
    own = [PriorityText("p", "X", "Recruit and retain permanent social workers", 1)]
    others = [
        PriorityText("a", "Y", "Strengthen political scrutiny of children's services", 4),
        PriorityText(
            "b", "Z", "Reduce our reliance on agency social workers and keep experienced staff", None
        ),
    ]
    matches = match_peers("X", own, others, neighbours=(), regions={}, progress={})
    assert [m.la_code for m in matches] == ["Z"]
    assert matches[0].best_similarity > 0.45


def test_tfidf_vectors_are_unit_length_when_the_model_is_absent(monkeypatch):
    monkeypatch.setattr(encoder, "available", lambda: False)
    vectors = priority_vectors(["front door and MASH", "MASH at the front door", "member scrutiny"])
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0)
    similarity = similar_priorities(vectors, vectors)
    assert similarity[0, 1] > similarity[0, 2]
