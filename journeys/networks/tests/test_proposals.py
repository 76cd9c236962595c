"""Network proposals: 3–8 LAs each, everyone covered, a purpose and a reason for every member."""

import random

import numpy as np
import pytest

from journeys.networks.proposals import SIMILARITY_FLOOR, propose_networks
from journeys.priorities import encoder
from journeys.priorities.similarity import PriorityText

TOPICS = ("agency", "front door", "scrutiny", "pilot")


def topic_vectors(texts):
    """A transparent stand-in for the encoder: one dimension per topic word, plus a shared constant."""
    return np.array([[1.0 if topic in text.lower() else 0.0 for topic in TOPICS] + [0.2] for text in texts])


def region(*groups):
    """Priorities for LAs named <topic><n>, one statement each, themed by topic."""
    priorities = []
    for topic, theme, count in groups:
        for n in range(count):
            la = f"{topic[:3].upper()}{n:02d}"
            priorities.append(PriorityText(f"{la}-1", la, f"Our {topic} work, version {n}", theme))
    return priorities


def memberships(networks):
    return [sorted(network.la_codes) for network in networks]


def test_groups_las_by_common_challenge_and_covers_everyone():
    priorities = region(("agency", 1, 4), ("front door", 3, 5), ("scrutiny", 4, 3))
    networks = propose_networks("North West", priorities, vectorise=topic_vectors)
    assert memberships(networks) == [
        ["AGE00", "AGE01", "AGE02", "AGE03"],
        ["FRO00", "FRO01", "FRO02", "FRO03", "FRO04"],
        ["SCR00", "SCR01", "SCR02"],
    ]
    assert [n.theme for n in networks] == [1, 3, 4]
    assert [n.id.rsplit("-", 1)[0] for n in networks] == ["north-west-1", "north-west-3", "north-west-4"]
    assert [n.name for n in networks] == [
        "North West workforce development network",
        "North West strengthening the system network",
        "North West scrutiny network",
    ]
    assert networks[0].theme_title.startswith("Workforce development")
    for network in networks:
        assert network.central_priority.text in network.purpose
        assert all(member.reason and member.priority_ids for member in network.members)


def test_oversize_community_is_split_within_the_cap():
    networks = propose_networks("London", region(("agency", 1, 19)), vectorise=topic_vectors)
    sizes = sorted(len(n.members) for n in networks)
    assert len(networks) == 3 and all(3 <= size <= 8 for size in sizes) and sum(sizes) == 19
    assert sorted(code for n in networks for code in n.la_codes) == [f"AGE{i:02d}" for i in range(19)]


def test_lone_la_joins_the_nearest_network_and_says_why():
    priorities = region(("agency", 1, 4)) + [PriorityText("x", "LONE", "Member scrutiny of agency spend", 4)]
    networks = propose_networks("South West", priorities, vectorise=topic_vectors)
    assert memberships(networks) == [["AGE00", "AGE01", "AGE02", "AGE03", "LONE"]]
    lone = next(m for m in networks[0].members if m.la_code == "LONE")
    assert "nearest network" in lone.reason and "Member scrutiny of agency spend" in lone.reason


def test_two_small_topics_make_one_network_rather_than_two_undersized_ones():
    priorities = region(("agency", 1, 2), ("pilot", 5, 2))
    networks = propose_networks("East of England", priorities, vectorise=topic_vectors)
    assert len(networks) == 1 and len(networks[0].members) + len(networks[0].left_out) == 4
    # The pilot LAs share nothing with the agency challenge, so they are left out, not put in.
    assert sorted(m.la_code for m in networks[0].left_out) == ["PIL00", "PIL01"]
    assert all(m.similarity < SIMILARITY_FLOOR for m in networks[0].left_out)


def test_region_with_fewer_than_three_las_gets_one_network_of_them_all():
    networks = propose_networks("North East", region(("agency", 1, 2)), vectorise=topic_vectors)
    assert memberships(networks) == [["AGE00", "AGE01"]]
    assert propose_networks("North East", [], vectorise=topic_vectors) == []


def test_every_member_reason_names_one_of_its_own_priorities():
    priorities = region(("agency", 1, 4), ("front door", 3, 4))
    priorities.append(PriorityText("AGE00-2", "AGE00", "Our front door too", 3))
    for network in propose_networks("X", priorities, vectorise=topic_vectors):
        for member in network.members:
            own = {p.id: p.text for p in priorities if p.la_code == member.la_code}
            assert set(member.priority_ids) == set(own)
            assert any(f"“{text}”" in member.reason for text in own.values())


def test_result_does_not_depend_on_input_order():
    priorities = region(("agency", 1, 6), ("front door", 3, 7), ("scrutiny", 4, 5), ("pilot", 5, 4))
    first = propose_networks("Y", priorities, vectorise=topic_vectors)
    shuffled = priorities[:]
    random.Random(7).shuffle(shuffled)
    assert propose_networks("Y", shuffled, vectorise=topic_vectors) == first


def test_invalid_sizes_are_rejected():
    with pytest.raises(ValueError):
        propose_networks("Z", region(("agency", 1, 3)), vectorise=topic_vectors, min_size=5, max_size=4)


@pytest.mark.skipif(not encoder.available(), reason="MiniLM weights not installed")
def test_real_statements_group_by_meaning():
    statements = {
        "A1": ("Reduce agency social worker numbers", 1),
        "A2": ("Recruit and retain permanent social workers", 1),
        "A3": ("Lower caseloads so social workers stay", 1),
        "B1": ("Strengthen the multi-agency front door", 3),
        "B2": ("Improve MASH decision making at the front door", 3),
        "B3": ("Clear thresholds for referrals into social care", 3),
        "C1": ("Stronger scrutiny of children's services by councillors", 4),
        "C2": ("Train elected members to challenge performance", 4),
        "C3": ("Lead member and scrutiny committee hold officers to account", 4),
    }
    priorities = [PriorityText(la, la, text, theme) for la, (text, theme) in statements.items()]
    networks = propose_networks("Midlands", priorities)
    # Thresholds for referrals is grouped with the front door but is too far from it to be put in.
    assert memberships(networks) == [["A1", "A2", "A3"], ["B1", "B2"], ["C1", "C2", "C3"]]
    assert [(m.la_code, m.similarity < SIMILARITY_FLOOR) for m in networks[1].left_out] == [("B3", True)]


def test_the_same_proposal_keeps_its_id_and_a_changed_one_does_not():
    priorities = region(("agency", 1, 4), ("front door", 3, 5))
    first = propose_networks("North West", priorities, vectorise=topic_vectors)
    assert [n.id for n in propose_networks("North West", priorities, vectorise=topic_vectors)] == [
        n.id for n in first
    ]
    fewer = [p for p in priorities if p.la_code != "AGE03"]
    assert propose_networks("North West", fewer, vectorise=topic_vectors)[0].id != first[0].id


def test_a_statement_not_shared_with_the_sector_groups_but_is_never_quoted():
    """The most central statement is oversight-only: the purpose quotes the most central of the
    quotable ones instead, and no reason repeats the unquotable words."""
    secret = "Our agency work, the secret version"
    priorities = [
        PriorityText("AGE00-1", "AGE00", secret, 1, quotable=False),
        PriorityText("AGE01-1", "AGE01", "Our agency work, version 1", 1),
        PriorityText("AGE02-1", "AGE02", "Our agency work, version 2", 1),
        PriorityText("AGE03-1", "AGE03", "Our agency and front door work", 1, quotable=False),
    ]
    (network,) = propose_networks("North West", priorities, vectorise=topic_vectors)
    assert sorted(network.la_codes) == ["AGE00", "AGE01", "AGE02", "AGE03"]
    assert network.central_priority.id in {"AGE01-1", "AGE02-1"}
    assert network.purpose.endswith(f"“{network.central_priority.text}”")
    shown = [network.purpose, *(member.reason for member in network.members)]
    assert not any(secret in text or "front door" in text for text in shown)
    assert any("not shared with the sector" in member.reason for member in network.members)


def test_with_nothing_quotable_the_purpose_names_the_theme_alone():
    priorities = [PriorityText(f"A{n}", f"A{n}", f"Our agency work, version {n}", 1, False) for n in range(3)]
    (network,) = propose_networks("North West", priorities, vectorise=topic_vectors)
    assert network.central_priority is None
    assert network.purpose == "3 local authorities in North West working together on workforce development."
    assert not any("version" in member.reason for member in network.members)
