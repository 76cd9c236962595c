"""Signing in and out, and the audit log for national admins."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils import timezone

from journeys.authorities.models import LocalAuthority
from journeys.authorities.selectors import authority_get
from journeys.common.pages import DOWNLOAD_FORMATS, table_download
from journeys.common.tables import Column, Table

from .forms import AuditLogFilterForm, SignInForm, SignOutForm
from .permissions import ADMINS, role_required
from .presenters import audit_record_names, audit_sentence
from .selectors import audit_log_list, audit_record_kinds


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "council_sign_in": settings.OIDC_ENABLED}


class SignOutView(auth_views.LogoutView):
    """GET shows a confirmation page; the sign-out itself is a POST, as it changes state."""

    template_name = "accounts/logged_out.html"
    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "accounts/logout.html", {"form": SignOutForm()})


@role_required(*ADMINS)
def audit_log_view(request):
    form = AuditLogFilterForm(request.GET or None, record_kinds=audit_record_kinds())
    filters, la = {}, None
    if form.is_bound and form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if name != "la"}
        if form.cleaned_data["la"]:
            try:
                la = authority_get(query=form.cleaned_data["la"])
            except LocalAuthority.DoesNotExist:
                form.add_error("la", "Enter the name or code of a local authority, like Birmingham or 330")
    entries = [] if form.errors else list(audit_log_list(la=la, **filters))
    names = audit_record_names(entries, viewer=request.user)
    table = Table(
        caption="Latest changes",
        columns=[Column("when", "When"), Column("change", "What happened")],
        rows=[
            {
                "when": f"{timezone.localtime(entry.timestamp):%-d %B %Y %H:%M}",
                "change": audit_sentence(entry, name=names.get(entry.pk)),
            }
            for entry in entries
        ],
        first_cell_is_header=False,
    )
    if request.GET.get("format") in DOWNLOAD_FORMATS:
        return table_download(table, name="audit-log", format=request.GET["format"])
    query = request.GET.copy()
    query.pop("format", None)
    prefix = f"?{query.urlencode()}&" if query else "?"
    return render(
        request,
        "accounts/audit_log.html",
        {
            "table": table,
            "form": form,
            "csv_href": f"{prefix}format=csv",
            "xlsx_href": f"{prefix}format=xlsx",
        },
    )
