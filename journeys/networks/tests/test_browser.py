"""Real-browser walk: a coordinator accepts a proposed network, one invited LA joins, another declines."""

import pytest

from journeys.common.tests.browser import PASSWORD, sign_in
from journeys.common.tests.browser import check_page as check
from journeys.conftest import load_reference_data

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("tasks_at_once"),
]


def test_a_network_invitation_accepted_by_one_la_and_declined_by_another(
    page, live_server, make_user, mailoutbox
):
    from journeys.networks.models import Network
    from journeys.networks.selectors import network_proposals
    from journeys.priorities.services import priority_demo_load

    load_reference_data()
    priority_demo_load()
    site = live_server.url
    coordinator = make_user("regional_coordinator", region="North West", password=PASSWORD)
    first, second = network_proposals(region="North West", user=coordinator)[0].la_codes[:2]
    joining = make_user("la_editor", la=first, password=PASSWORD)
    declining = make_user("la_editor", la=second, password=PASSWORD)

    sign_in(page, site, coordinator)
    page.goto(f"{site}/networks/regions/north-west/")
    page.get_by_role("button", name="Accept proposed network 1").click()
    assert "nobody is a member until they join" in page.content()
    network = Network.objects.get()
    assert any(joining.email in m.to for m in mailoutbox if "is invited to join" in m.subject)
    page.goto(f"{site}/networks/regions/north-west/")
    assert "Already accepted as" in page.content()
    check(page, "networks-region-accepted")

    sign_in(page, site, joining)
    page.goto(f"{site}/networks/{network.pk}/")
    check(page, "network-invitation")
    page.get_by_role("button", name="Join the network").click()
    assert "has joined the network" in page.content()
    check(page, "network-member")

    sign_in(page, site, declining)
    page.goto(f"{site}/networks/{network.pk}/")
    page.get_by_role("button", name="Decline").click()
    assert "Invitation declined" in page.content()
    assert mailoutbox[-1].subject.endswith(f"has declined to join the {network.name}")
    assert coordinator.email in mailoutbox[-1].to

    sign_in(page, site, coordinator)
    page.goto(f"{site}/networks/{network.pk}/")
    check(page, "network-answers")
    table = page.get_by_role("table", name="Invitations")
    assert "Joined" in table.inner_text() and "Declined" in table.inner_text()
    assert list(network.members.values_list("old_la_code", flat=True)) == [first]
