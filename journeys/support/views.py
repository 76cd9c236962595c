"""Pages for external support: the catalogue, an LA's recommendations and its engagements.

Only an LA's own editors change its engagements; another LA's engagement is not found, even
when it is shared with the sector, so its pages are refused as if it did not exist."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from journeys.accounts import permissions
from journeys.accounts.permissions import RECORD_EDITORS, role_required
from journeys.authorities.pages import authority_or_404, authority_trail
from journeys.common.pages import breadcrumbs
from journeys.workshops.seed_2016 import load_series

from . import services
from .forms import EngagementForm, EngagementOutcomeForm
from .models import SupportEngagement
from .presenters import engagement_rows
from .selectors import catalogue, engagement_list, support_advice, support_advice_as_dict


@require_safe
def support_catalogue_view(request):
    return render(
        request,
        "support/catalogue.html",
        {
            "forms": catalogue(),
            "lessons": load_series().support_lessons,
            "breadcrumbs": breadcrumbs(),
        },
    )


@login_required
@require_safe
def la_support_view(request, code: str):
    authority = authority_or_404(code)
    advice = support_advice(la=authority, user=request.user)
    can_record = permissions.can_edit_la(request.user, authority)
    engagements = [(e, engagement_rows(e)) for e in engagement_list(user=request.user, la=authority)]
    return render(
        request,
        "support/la.html",
        {
            "authority": authority,
            "advice": support_advice_as_dict(advice),
            "engagements": engagements,
            "can_record": can_record,
            "breadcrumbs": breadcrumbs(*authority_trail(authority)),
        },
    )


@role_required(*RECORD_EDITORS)
def engagement_create_view(request):
    form = EngagementForm(request.POST or None, initial={"visibility": "private", "status": "planned"})
    if request.method == "POST" and form.is_valid():
        services.engagement_create(user=request.user, data=form.cleaned_data)
        return redirect("support:la", code=request.user.la.old_la_code)
    return render(
        request,
        "support/engagement_form.html",
        {
            "form": form,
            "breadcrumbs": breadcrumbs(("External support", reverse("support:catalogue"))),
        },
    )


def _own_engagement(request, pk: int) -> SupportEngagement:
    """One of the user's own LA's engagements that they may change: 404 for any other LA's,
    403 for their own LA's users who are not its editors."""
    engagement = (
        engagement_list(user=request.user)
        .filter(pk=pk, la_id=request.user.la_id)
        .select_related("la")
        .first()
    )
    if engagement is None:
        raise Http404("No such support engagement")
    if not permissions.can_edit_la(request.user, engagement.la):
        raise PermissionDenied
    return engagement


def _engagement_trail(engagement: SupportEngagement):
    return (
        *authority_trail(engagement.la),
        ("External support", reverse("support:la", args=[engagement.la.old_la_code])),
    )


@login_required
def engagement_outcome_view(request, pk: int):
    """Record where an engagement stands and what came of it."""
    engagement = _own_engagement(request, pk)
    form = EngagementOutcomeForm(
        request.POST or None,
        initial=EngagementOutcomeForm.initial_for(engagement),
        started_on=engagement.started_on,
    )
    if request.method == "POST" and form.is_valid():
        services.engagement_outcome_update(user=request.user, engagement=engagement, data=form.cleaned_data)
        return redirect(
            f"{reverse('support:la', args=[engagement.la.old_la_code])}#engagement-{engagement.pk}"
        )
    return render(
        request,
        "support/engagement_outcome.html",
        {"engagement": engagement, "form": form, "breadcrumbs": breadcrumbs(*_engagement_trail(engagement))},
    )


@login_required
def engagement_delete_view(request, pk: int):
    """Ask before deleting; only a POST from this page deletes."""
    engagement = _own_engagement(request, pk)
    if request.method == "POST":
        services.engagement_delete(user=request.user, engagement=engagement)
        return redirect("support:la", code=engagement.la.old_la_code)
    return render(
        request,
        "support/engagement_delete.html",
        {"engagement": engagement, "breadcrumbs": breadcrumbs(*_engagement_trail(engagement))},
    )
