"""Pages for networks of improvement: national, region (with proposals for coordinators), detail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_safe

from journeys.accounts import permissions
from journeys.authorities.models import REGION_BY_SLUG, region_slug
from journeys.authorities.selectors import authority_list
from journeys.common.pages import breadcrumbs
from journeys.common.tables import Column, Link, Table

from . import services
from .forms import DissolveForm, LearningForm, MeetingForm, NetworkEditForm
from .models import Network
from .proposals import SIMILARITY_FLOOR
from .selectors import (
    accepted_proposals,
    la_names,
    national_summary,
    network_get,
    network_list,
    network_proposals,
    own_invitation,
    proposal_as_dict,
)


def _national_crumbs(*extra: tuple[str, str]) -> list[dict]:
    return breadcrumbs(("Networks of improvement", reverse("networks:national")), *extra)


@login_required
@require_safe
def national_view(request):
    table = Table(
        caption="Active networks by region",
        columns=[Column("region", "Region"), Column("active", "Active networks", numeric=True)],
        rows=[
            {
                "region": Link(row["region"], reverse("networks:region", args=[region_slug(row["region"])])),
                "active": row["active"],
            }
            for row in national_summary()
        ],
    )
    return render(
        request,
        "networks/national.html",
        {
            "summary": table.component_params(),
            "networks": network_list(user=request.user),
            "breadcrumbs": breadcrumbs(),
        },
    )


@login_required
def region_view(request, slug: str):
    region = REGION_BY_SLUG.get(slug)
    if region is None:
        raise Http404("No such region")
    coordinator = permissions.can_coordinate_region(request.user, region)
    proposals = network_proposals(region=region, user=request.user) if coordinator else []
    if request.method == "POST":
        if not coordinator:
            raise PermissionDenied
        chosen = next((p for p in proposals if p.id == request.POST.get("proposal")), None)
        if chosen is None:
            messages.error(
                request, "That proposal has changed since the page was loaded. Look at the new proposals."
            )
            return redirect("networks:region", slug=slug)
        try:
            network = services.network_accept(user=request.user, proposal=chosen)
        except services.AlreadyAccepted as accepted:
            messages.success(request, "This proposal was already accepted. This is the network it became.")
            return redirect("networks:detail", pk=accepted.network.pk)
        messages.success(
            request,
            "Network accepted. We have invited its local authorities: each joins or declines, "
            "and nobody is a member until they join.",
        )
        return redirect("networks:detail", pk=network.pk)
    names = la_names({m.la_code for p in proposals for m in (*p.members, *p.left_out)})
    accepted = accepted_proposals(region=region)
    shown = []
    for number, proposal in enumerate(proposals, 1):
        data = proposal_as_dict(proposal, names)
        data["accept_html"] = format_html(
            'Accept<span class="govuk-visually-hidden"> proposed network {}</span>', number
        )
        data["accepted_as"] = accepted.get(proposal.id)
        if data["accepted_as"]:
            data["accepted_html"] = format_html(
                'Already accepted as <a class="govuk-link" href="{}">{}</a>.',
                reverse("networks:detail", args=[data["accepted_as"].pk]),
                data["accepted_as"].name,
            )
        shown.append(data)
    return render(
        request,
        "networks/region.html",
        {
            "region": region,
            "coordinator": coordinator,
            "proposals": shown,
            "similarity_floor": SIMILARITY_FLOOR,
            "networks": network_list(user=request.user, region=region),
            "breadcrumbs": _national_crumbs(),
        },
    )


def _network_or_404(request, pk: int) -> Network:
    try:
        return network_get(user=request.user, pk=pk)
    except Network.DoesNotExist as missing:
        raise Http404("No such network") from missing


def _history(network: Network) -> list[dict]:
    rows = []
    for record in network.history.all().select_related("history_user"):
        change = {"+": "Created", "~": "Changed", "-": "Deleted"}[record.history_type]
        if record.prev_record:
            diff = record.diff_against(record.prev_record)
            fields = [c.field for c in diff.changes]
            if fields:
                change += ": " + ", ".join(fields)
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user.email if record.history_user else "Journeys",
                "change": change,
            }
        )
    return rows


def _answers_table(network: Network) -> dict:
    """Who was invited and how each LA answered, for the network's coordinators."""
    table = Table(
        caption="Invitations",
        columns=[Column("la", "Local authority"), Column("answer", "Answer"), Column("when", "Answered")],
        rows=[
            {
                "la": i.la.name,
                "answer": i.get_status_display(),
                "when": f"{i.answered_at:%-d %B %Y}" if i.answered_at else "",
            }
            for i in network.invitations.select_related("la")
        ],
    )
    return table.component_params()


@login_required
def detail_view(request, pk: int):
    network = _network_or_404(request, pk)
    coordinator = permissions.can_coordinate_network(request.user, network)
    can_share = permissions.can_share_in_network(request.user, network)
    invitation = own_invitation(user=request.user, network=network)
    can_answer = invitation is not None and permissions.can_answer_network_invitation(
        request.user, invitation
    )
    can_leave = permissions.can_leave_network(request.user, network)
    if request.method == "POST" and ("join" in request.POST or "decline" in request.POST):
        if not can_answer:
            raise PermissionDenied
        join = "join" in request.POST
        services.network_invitation_answer(user=request.user, invitation=invitation, join=join)
        messages.success(
            request,
            f"{invitation.la.name} has joined the network."
            if join
            else "Invitation declined. We have told the coordinators.",
        )
        return redirect("networks:detail", pk=pk)
    if request.method == "POST" and "leave" in request.POST:
        if not can_leave:
            raise PermissionDenied
        services.network_leave(user=request.user, network=network)
        messages.success(request, "Your local authority has left the network. We have told the coordinators.")
        return redirect("networks:detail", pk=pk)
    meeting_form = MeetingForm(request.POST if "meeting" in request.POST else None)
    learning_form = LearningForm(request.POST if "learning" in request.POST else None)
    if request.method == "POST":
        if "meeting" in request.POST and coordinator and meeting_form.is_valid():
            services.network_meeting_add(user=request.user, network=network, **meeting_form.cleaned_data)
            messages.success(request, "Meeting recorded.")
            return redirect("networks:detail", pk=pk)
        if "learning" in request.POST and can_share and learning_form.is_valid():
            services.network_learning_add(
                user=request.user, network=network, text=learning_form.cleaned_data["text"]
            )
            messages.success(request, "Learning shared with the network.")
            return redirect("networks:detail", pk=pk)
        if not ((coordinator and "meeting" in request.POST) or (can_share and "learning" in request.POST)):
            raise PermissionDenied
    return render(
        request,
        "networks/detail.html",
        {
            "network": network,
            "coordinator": coordinator,
            "can_share": can_share,
            "invitation": invitation,
            "can_answer": can_answer,
            "can_leave": can_leave,
            "answers": _answers_table(network) if coordinator else None,
            "meeting_form": meeting_form,
            "learning_form": learning_form,
            "errors_form": meeting_form if meeting_form.errors else learning_form,
            "history": _history(network),
            "breadcrumbs": _national_crumbs(
                (network.region, reverse("networks:region", args=[region_slug(network.region)]))
            ),
        },
    )


def _coordinated_or_denied(request, pk: int) -> Network:
    network = _network_or_404(request, pk)
    if not permissions.can_coordinate_network(request.user, network):
        raise PermissionDenied
    return network


@login_required
def edit_view(request, pk: int):
    network = _coordinated_or_denied(request, pk)
    initial = {
        "name": network.name,
        "purpose": network.purpose,
        "members": [a.old_la_code for a in network.members.all()],
    }
    form = NetworkEditForm(
        request.POST or None, initial=initial, region_authorities=authority_list(region=network.region)
    )
    if request.method == "POST" and form.is_valid():
        services.network_update(
            user=request.user,
            network=network,
            name=form.cleaned_data["name"],
            purpose=form.cleaned_data["purpose"],
            member_codes=form.cleaned_data["members"],
        )
        messages.success(request, "Network updated.")
        return redirect("networks:detail", pk=pk)
    return render(
        request, "networks/edit.html", {"form": form, "network": network, "breadcrumbs": _national_crumbs()}
    )


@login_required
def dissolve_view(request, pk: int):
    network = _coordinated_or_denied(request, pk)
    form = DissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.network_dissolve(user=request.user, network=network, reason=form.cleaned_data["reason"])
        messages.success(request, "Network dissolved. Its history is kept.")
        return redirect("networks:detail", pk=pk)
    return render(
        request,
        "networks/dissolve.html",
        {"form": form, "network": network, "breadcrumbs": _national_crumbs()},
    )
