"""Pages for an LA's contacts and for requests to talk between LAs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_safe

from journeys.accounts import permissions
from journeys.authorities.pages import authority_or_404, authority_trail
from journeys.common.pages import breadcrumbs

from . import services
from .forms import AnswerForm, ContactsForm, TalkRequestForm
from .models import Contact, TalkRequest
from .selectors import contacts_for, talk_request_get, talk_request_pending, talk_requests_for


def _cards(contacts: list[Contact] | None) -> list[dict] | None:
    """Each contact as a summary list, the email address as a link."""
    if contacts is None:
        return None
    cards = []
    for contact in contacts:
        rows = [("Name", {"text": contact.name})]
        if contact.job_title:
            rows.append(("Role", {"text": contact.job_title}))
        rows.append(
            ("Email", {"html": format_html('<a class="govuk-link" href="mailto:{0}">{0}</a>', contact.email)})
        )
        if contact.phone:
            rows.append(("Phone", {"text": contact.phone}))
        cards.append(
            {
                "title": contact.get_kind_display(),
                "rows": [{"key": {"text": key}, "value": value} for key, value in rows],
            }
        )
    return cards


@login_required
def contacts_view(request, code: str):
    authority = authority_or_404(code)
    manage = permissions.can_manage_contacts(request.user, authority)
    form = None
    if manage:
        initial = {
            f"{c.kind}_{part}": getattr(c, part)
            for c in Contact.objects.filter(la=authority)
            for part in ("name", "job_title", "email", "phone")
        }
        form = ContactsForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            for kind, details in form.contacts().items():
                if details is None:
                    services.contact_remove(user=request.user, la=authority, kind=kind)
                else:
                    services.contact_save(user=request.user, la=authority, kind=kind, **details)
            messages.success(request, "Contacts saved.")
            return redirect("contacts:la", code=authority.old_la_code)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "contacts/contacts.html",
        {
            "authority": authority,
            "contacts": _cards(contacts_for(user=request.user, la=authority)),
            "ask_url": reverse("contacts:ask", args=[authority.old_la_code]),
            "form": form,
            "can_ask": permissions.can_ask_to_talk(request.user, authority),
            "pending": talk_request_pending(user=request.user, to_la=authority),
            "breadcrumbs": breadcrumbs(*authority_trail(authority)),
        },
    )


@login_required
def ask_view(request, code: str):
    authority = authority_or_404(code)
    if permissions.can_manage_contacts(request.user, authority):
        return redirect("contacts:la", code=authority.old_la_code)  # nobody asks their own LA
    if not permissions.can_ask_to_talk(request.user, authority):
        raise PermissionDenied
    pending = talk_request_pending(user=request.user, to_la=authority)
    if pending is not None:
        messages.success(
            request, f"You have already asked {authority.name} to talk. They have not answered yet."
        )
        return redirect("contacts:request", pk=pending.pk)
    form = TalkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        talk_request = services.talk_request_send(
            user=request.user, to_la=authority, message=form.cleaned_data["message"]
        )
        messages.success(request, f"Request sent. We have emailed {authority.name}'s contacts.")
        return redirect("contacts:request", pk=talk_request.pk)
    return render(
        request,
        "contacts/ask.html",
        {"authority": authority, "form": form, "breadcrumbs": breadcrumbs(*authority_trail(authority))},
    )


def _requests_crumbs() -> list[dict]:
    return breadcrumbs(("Requests to talk", reverse("contacts:requests")))


@login_required
@require_safe
def requests_view(request):
    everything = talk_requests_for(user=request.user)
    return render(
        request,
        "contacts/requests.html",
        {
            "received": everything.filter(to_la_id=request.user.la_id),
            "sent": everything.filter(from_la_id=request.user.la_id),
            "breadcrumbs": breadcrumbs(),
        },
    )


@login_required
def request_view(request, pk: int):
    try:
        talk_request = talk_request_get(user=request.user, pk=pk)
    except TalkRequest.DoesNotExist as missing:
        raise Http404("No such request") from missing
    can_answer = permissions.can_answer_talk_request(request.user, talk_request)
    form = AnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied
        if form.is_valid():
            accept = form.cleaned_data["answer"] == "accept"
            services.talk_request_answer(user=request.user, talk_request=talk_request, accept=accept)
            messages.success(
                request,
                "Request accepted. You can now see each other's contact details."
                if accept
                else "Request declined. We have told them.",
            )
            return redirect("contacts:request", pk=pk)
    received = talk_request.to_la_id == request.user.la_id
    other = talk_request.from_la if received else talk_request.to_la
    return render(
        request,
        "contacts/request.html",
        {
            "talk_request": talk_request,
            "received": received,
            "other": other,
            "other_contacts": _cards(contacts_for(user=request.user, la=other)),
            "form": form,
            "breadcrumbs": _requests_crumbs(),
        },
    )
