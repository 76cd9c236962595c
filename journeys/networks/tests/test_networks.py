"""Networks: proposals over the CLI, coordinators of the region accept, edit and dissolve, scope."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from journeys.authorities.models import LocalAuthority
from journeys.networks.models import Network
from journeys.priorities.services import priority_demo_load

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_at_once")]


@pytest.fixture
def demo_priorities():
    priority_demo_load()


def _propose(region: str) -> list[dict]:
    out = io.StringIO()
    call_command("networks", "propose", "--region", region, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_propose_places_every_north_west_la_in_a_network_or_below_the_floor(demo_priorities):
    from journeys.priorities.models import Priority

    expected = set(
        Priority.objects.filter(la__region="North West", visibility="sector").values_list(
            "la__old_la_code", flat=True
        )
    )
    proposals = _propose("north west")
    members = [m["la_code"] for p in proposals for m in p["members"]]
    left_out = [m for p in proposals for m in p["left_out"]]
    assert sorted(members + [m["la_code"] for m in left_out]) == sorted(expected) and len(expected) >= 10
    assert left_out and all(m["similarity"] < 0.30 for m in left_out)
    for proposal in proposals:
        assert 1 <= len(proposal["members"]) <= 8
        assert proposal["purpose"] and proposal["region"] == "North West"
        assert all(m["reason"] for m in proposal["members"])


def test_propose_unknown_region_exits_2():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("networks", "propose", "--region", "Atlantis", stdout=io.StringIO())
    assert error.value.returncode == 2


def _first_proposal(region: str = "North West") -> str:
    return _propose(region)[0]["id"]


def _join_all(network, make_user):
    from journeys.networks.services import network_invitation_answer

    for invitation in network.invitations.all():
        network_invitation_answer(
            user=make_user("la_editor", la=invitation.la.old_la_code), invitation=invitation, join=True
        )


def test_coordinator_of_the_region_accepts_edits_and_dissolves(client, make_user, demo_priorities):
    coordinator = make_user("regional_coordinator", region="North West")
    client.force_login(coordinator)
    page = client.get(reverse("networks:region", args=["north-west"]))
    assert "Proposed networks" in page.content.decode()
    assert "similarity below 0.30" in page.content.decode()
    response = client.post(reverse("networks:region", args=["north-west"]), {"proposal": _first_proposal()})
    network = Network.objects.get()
    assert response["Location"] == reverse("networks:detail", args=[network.pk])
    assert network.members.count() == 0 and network.invitations.count() >= 3
    _join_all(network, make_user)
    assert network.members.count() >= 3 and network.history.count() >= 1

    codes = list(network.members.values_list("old_la_code", flat=True))[:2]
    client.post(
        reverse("networks:edit", args=[network.pk]),
        {"name": "NW workforce", "purpose": "Keep social workers.", "members": codes},
    )
    network.refresh_from_db()
    assert network.name == "NW workforce" and network.members.count() == 2
    client.post(
        reverse("networks:detail", args=[network.pk]),
        {"meeting": "1", "held_on_0": "3", "held_on_1": "2", "held_on_2": "2026", "notes": "First meeting."},
    )
    assert network.meetings.count() == 1
    client.post(reverse("networks:dissolve", args=[network.pk]), {"reason": "Goals met."})
    network.refresh_from_db()
    assert network.status == "dissolved"
    detail = client.get(reverse("networks:detail", args=[network.pk])).content.decode()
    assert "Goals met." in detail and "Changed" in detail


def test_other_regions_coordinator_and_las_cannot_act(client, make_user, demo_priorities):
    owner = make_user("regional_coordinator", region="North West")
    client.force_login(owner)
    proposal = _first_proposal()
    client.post(reverse("networks:region", args=["north-west"]), {"proposal": proposal})
    network = Network.objects.get()
    _join_all(network, make_user)
    member_code = network.members.first().old_la_code

    client.force_login(make_user("regional_coordinator", region="West Midlands"))
    assert (
        client.post(reverse("networks:region", args=["north-west"]), {"proposal": proposal}).status_code
        == 403
    )
    assert client.get(reverse("networks:detail", args=[network.pk])).status_code == 404
    assert client.get(f"/api/v1/networks/{network.pk}").status_code == 404

    member = make_user("la_editor", la=member_code)
    client.force_login(member)
    assert client.get(reverse("networks:detail", args=[network.pk])).status_code == 200
    assert client.get(reverse("networks:edit", args=[network.pk])).status_code == 403
    client.post(
        reverse("networks:detail", args=[network.pk]), {"learning": "1", "text": "Stay interviews work."}
    )
    assert network.learning.get().la.old_la_code == member_code

    outsider = make_user("la_editor", la="330")
    client.force_login(outsider)
    assert client.get(reverse("networks:detail", args=[network.pk])).status_code == 404
    assert client.get(reverse("networks:national")).status_code == 200


def test_api_proposals_only_for_the_regions_coordinators(client, make_user, demo_priorities):
    client.force_login(make_user("la_editor", la="330"))
    assert client.get("/api/v1/networks/proposals?region=North%20West").status_code == 403
    client.force_login(make_user("regional_coordinator", region="North West"))
    assert client.get("/api/v1/networks/proposals?region=North%20West").json()[0]["members"]
    assert LocalAuthority.objects.filter(region="North West").exists()


def test_text_shared_only_for_oversight_never_reaches_another_member(client, make_user):
    """Birmingham shares a priority for oversight only; it groups Birmingham with its peers, but
    neither the proposal nor the accepted network, read by Coventry, ever quotes it."""
    from journeys.priorities.services import priority_create

    secret = "Zqxoversight recruit and retain permanent social workers and cut agency staff"
    shared = {
        "331": "Recruit and retain permanent social workers",
        "332": "Cut agency staff in children's social care",
    }
    priority_create(
        user=make_user("la_editor", la="330"),
        data={"title": secret, "issue": "Too many agency staff.", "visibility": "oversight"},
    )
    for code, title in shared.items():
        priority_create(
            user=make_user("la_editor", la=code),
            data={"title": title, "issue": "Too many agency staff.", "visibility": "sector"},
        )
    client.force_login(make_user("regional_coordinator", region="West Midlands"))
    proposal_page = client.get(reverse("networks:region", args=["west-midlands"])).content.decode()
    proposals = client.get("/api/v1/networks/proposals?region=West%20Midlands").json()
    assert "Zqxoversight" not in proposal_page and "Zqxoversight" not in json.dumps(proposals)
    client.post(reverse("networks:region", args=["west-midlands"]), {"proposal": proposals[0]["id"]})
    network = Network.objects.get()
    assert set(network.invitations.values_list("la__old_la_code", flat=True)) == {"330", "331", "332"}
    assert "Zqxoversight" not in network.purpose + network.name

    client.force_login(make_user("la_viewer", la="331"))
    reads = [
        reverse("networks:detail", args=[network.pk]),
        reverse("networks:national"),
        reverse("networks:region", args=["west-midlands"]),
        reverse("networks:region", args=["west-midlands"]) + "?format=csv",
        f"/api/v1/networks/{network.pk}",
        "/api/v1/networks",
    ]
    for path in reads:
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"Zqxoversight" not in response.content, path
    assert escape(network.purpose) in client.get(reads[0]).content.decode()


def test_las_join_or_decline_by_consent_and_members_may_leave(client, make_user, demo_priorities, mailoutbox):
    from journeys.networks.models import NetworkInvitation

    coordinator = make_user("regional_coordinator", region="North West")
    client.force_login(coordinator)
    proposal = _first_proposal()
    region = reverse("networks:region", args=["north-west"])
    client.post(region, {"proposal": proposal})
    network = Network.objects.get()
    assert " network" in network.name and len(network.name) <= 60 and "," not in network.name
    first, second, *_ = network.invitations.select_related("la")
    editors = {i.la_id: make_user("la_editor", la=i.la.old_la_code) for i in (first, second)}
    assert network.members.count() == 0

    # Accepting the same proposal again makes nothing new, and the page says so.
    again = client.post(region, {"proposal": proposal}, follow=True)
    assert Network.objects.count() == 1
    assert "This proposal was already accepted" in again.content.decode()
    assert "Already accepted as" in client.get(region).content.decode()

    detail = reverse("networks:detail", args=[network.pk])
    client.force_login(editors[first.la_id])
    assert "Join the network" in client.get(detail).content.decode()
    client.post(detail, {"join": "1"})
    assert mailoutbox[-1].subject == f"{first.la.name} has joined the {network.name}"
    assert coordinator.email in mailoutbox[-1].to
    client.force_login(editors[second.la_id])
    client.post(detail, {"decline": "1"})
    assert mailoutbox[-1].subject == f"{second.la.name} has declined to join the {network.name}"
    assert list(network.members.all()) == [first.la]
    assert client.post(detail, {"join": "1"}).status_code == 403  # answered already

    client.force_login(coordinator)
    answers = client.get(detail).content.decode()
    assert "Joined" in answers and "Declined" in answers and "Not answered yet" in answers

    client.force_login(editors[first.la_id])
    client.post(detail, {"leave": "1"})
    assert network.members.count() == 0
    assert network.invitations.get(la=first.la).status == NetworkInvitation.Status.LEFT


def test_each_invited_la_is_emailed_and_viewers_cannot_answer(client, make_user, demo_priorities, mailoutbox):
    from django.core.exceptions import PermissionDenied

    from journeys.networks.services import network_invitation_answer

    invited = {}
    proposal = _propose("North West")[0]
    for member in proposal["members"]:
        invited[member["la_code"]] = make_user("la_editor", la=member["la_code"])
    client.force_login(make_user("regional_coordinator", region="North West"))
    client.post(reverse("networks:region", args=["north-west"]), {"proposal": proposal["id"]})
    network = Network.objects.get()
    invitations = [m for m in mailoutbox if "is invited to join" in m.subject]
    assert sorted(address for m in invitations for address in m.to) == sorted(
        u.email for u in invited.values()
    )
    assert f"/networks/{network.pk}/" in invitations[0].body
    viewer = make_user("la_viewer", la=proposal["members"][0]["la_code"])
    with pytest.raises(PermissionDenied):
        network_invitation_answer(user=viewer, invitation=network.invitations.first(), join=True)


def test_accepting_one_proposal_twice_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    Network.objects.create(region="North West", name="A", purpose="P", proposal_id="north-west-1-abc")
    with pytest.raises(IntegrityError), transaction.atomic():
        Network.objects.create(region="North West", name="B", purpose="P", proposal_id="north-west-1-abc")
    Network.objects.create(region="North West", name="C", purpose="P")
    Network.objects.create(region="North West", name="D", purpose="P")  # no proposal: no limit
