"""Pages for external support: the catalogue, an LA's recommendations and its engagements."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from journeys.accounts import permissions
from journeys.accounts.permissions import RECORD_EDITORS, role_required
from journeys.authorities.models import LocalAuthority
from journeys.authorities.selectors import authority_get
from journeys.workshops.seed_2016 import load_series

from . import services
from .forms import EngagementForm
from .selectors import catalogue, engagement_list, support_advice


@require_safe
def support_catalogue_view(request):
    return render(
        request,
        "support/catalogue.html",
        {
            "forms": catalogue(),
            "lessons": load_series().support_lessons,
            "breadcrumbs": [{"text": "Home", "href": reverse("common:home")}],
        },
    )


@login_required
@require_safe
def la_support_view(request, code: str):
    try:
        authority = authority_get(query=code)
    except LocalAuthority.DoesNotExist as missing:
        raise Http404("No such local authority") from missing
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
            "breadcrumbs": [
                {"text": "Home", "href": reverse("common:home")},
                {"text": "Local authorities", "href": reverse("authorities:list")},
                {"text": authority.name, "href": reverse("authorities:detail", args=[authority.old_la_code])},
            ],
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
            "breadcrumbs": [
                {"text": "Home", "href": reverse("common:home")},
                {"text": "External support", "href": reverse("support:catalogue")},
            ],
        },
    )
