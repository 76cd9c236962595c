"""Pages for external support: the catalogue, an LA's recommendations and its engagements."""

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
from .forms import EngagementForm
from .models import SupportEngagement
from .selectors import catalogue, engagement_list, support_advice


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
    engagements = engagement_list(user=request.user, la=authority)
    return render(
        request,
        "support/la.html",
        {
            "authority": authority,
            "advice": advice,
            "engagements": engagements,
            "can_record": permissions.can_edit_la(request.user, authority),
            "breadcrumbs": breadcrumbs(*authority_trail(authority)),
        },
    )


@role_required(*RECORD_EDITORS)
def engagement_create_view(request):
    form = EngagementForm(request.POST or None, initial={"visibility": "private"})
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


@login_required
def engagement_delete_view(request, pk: int):
    """Ask before deleting; only a POST from this page deletes."""
    engagement = SupportEngagement.objects.visible_to(request.user).select_related("la").filter(pk=pk).first()
    if engagement is None:
        raise Http404("No such support engagement")
    if not permissions.can_edit_la(request.user, engagement.la):
        raise PermissionDenied
    if request.method == "POST":
        services.engagement_delete(user=request.user, engagement=engagement)
        return redirect("support:la", code=engagement.la.old_la_code)
    trail = (
        *authority_trail(engagement.la),
        ("External support", reverse("support:la", args=[engagement.la.old_la_code])),
    )
    return render(
        request,
        "support/engagement_delete.html",
        {"engagement": engagement, "breadcrumbs": breadcrumbs(*trail)},
    )
