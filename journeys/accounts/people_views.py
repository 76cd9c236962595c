"""People pages (list, invite, change role, switch off) and the password pages: set a password
from an emailed link, ask for a reset link, change one's own password."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator

from journeys.common.pages import DOWNLOAD_FORMATS, table_download
from journeys.common.tables import Column, Link, Table

from . import permissions
from .invitations import link_days, password_reset_send, user_change_role, user_invite
from .models import User
from .people_forms import (
    DeactivateForm,
    InviteForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
    PeopleFilterForm,
    RoleForm,
    SetPasswordForm,
)
from .selectors import people_list, person_get
from .services import user_deactivate


def _posted(request):
    # An empty POST is still a submission: its errors are shown.
    return request.POST if request.method == "POST" else None


def _status(person: User) -> str:
    if not person.is_active:
        return "Switched off"
    if not person.has_usable_password() and person.last_login is None:
        return "Invited, no password yet"
    return "Active"


@permissions.role_required(*permissions.PEOPLE_MANAGERS)
def people_view(request):
    form = PeopleFilterForm(request.GET or None, by=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    people = people_list(
        user=request.user,
        role=filters.get("role", ""),
        status=filters.get("status", ""),
        query=filters.get("q", ""),
    )
    table = Table(
        caption="People",
        columns=[
            Column("email", "Email address"),
            Column("name", "Name"),
            Column("role", "Role"),
            Column("status", "Status"),
        ],
        rows=[
            {
                "email": Link(p.email, reverse("accounts:person", args=[p.pk]))
                if permissions.can_manage_person(request.user, p)
                else p.email,
                "name": p.name,
                "role": p.role_description,
                "status": _status(p),
            }
            for p in people
        ],
    )
    if request.GET.get("format") in DOWNLOAD_FORMATS:
        return table_download(table, name="people", format=request.GET["format"])
    return render(request, "accounts/people.html", {"form": form, "table": table, "count": len(table.rows)})


@permissions.role_required(*permissions.PEOPLE_MANAGERS)
def person_invite_view(request):
    form = InviteForm(_posted(request), by=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, _ = user_invite(
            email=data["email"],
            name=data["name"],
            role=data["role"],
            la=data["la"],
            region=data["region"],
            invited_by=request.user,
        )
        return render(request, "accounts/person_invited.html", {"person": user})
    return render(request, "accounts/person_invite.html", {"form": form, "link_days": link_days()})


def _managed_person(request, pk: int) -> User:
    """The person, if the user manages them: 404 outside the user's region, 403 within it."""
    try:
        person = person_get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None
    if not permissions.knows_of_person(request.user, person):
        raise Http404
    if not permissions.can_manage_person(request.user, person):
        raise PermissionDenied
    return person


@login_required
def person_view(request, pk: int):
    person = _managed_person(request, pk)
    initial = {"role": person.role, "la": person.la, "region": person.region}
    form = RoleForm(_posted(request), initial=initial, by=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user_change_role(user=person, role=data["role"], la=data["la"], region=data["region"])
        return redirect("accounts:people")
    return render(
        request, "accounts/person.html", {"person": person, "form": form, "status": _status(person)}
    )


@login_required
def person_deactivate_view(request, pk: int):
    person = _managed_person(request, pk)
    form = DeactivateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        user_deactivate(user=person)
        return redirect("accounts:people")
    return render(request, "accounts/person_deactivate.html", {"person": person, "form": form})


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The page an invitation or reset link opens: choose a password, and be signed in."""

    template_name = "accounts/set_password.html"
    form_class = SetPasswordForm
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("site:home")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "link_days": link_days()}

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None


def password_reset_view(request):
    form = PasswordResetRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        password_reset_send(email=form.cleaned_data["email"])
        return render(
            request,
            "accounts/password_reset_sent.html",
            {"email": form.cleaned_data["email"], "link_days": link_days()},
        )
    return render(request, "accounts/password_reset.html", {"form": form})


@method_decorator(login_required, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password-changed")


@login_required
def password_changed_view(request):
    return render(request, "accounts/password_changed.html")
