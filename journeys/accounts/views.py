"""Signing in and out, and the audit log for national admins."""

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils import timezone

from journeys.common.pages import DOWNLOAD_FORMATS, table_download
from journeys.common.tables import Column, Table

from .forms import SignInForm, SignOutForm
from .permissions import ADMINS, role_required
from .selectors import audit_log_list


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """GET shows a confirmation page; the sign-out itself is a POST, as it changes state."""

    template_name = "accounts/logged_out.html"
    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "accounts/logout.html", {"form": SignOutForm()})


@role_required(*ADMINS)
def audit_log_view(request):
    table = Table(
        caption="Latest changes",
        columns=[
            Column("when", "When"),
            Column("who", "Who"),
            Column("action", "Action"),
            Column("what", "Record"),
            Column("changes", "What changed"),
        ],
        rows=[
            {
                "when": f"{timezone.localtime(entry.timestamp):%-d %b %Y %H:%M:%S}",
                "who": entry.actor.email if entry.actor else "Journeys (command line or import)",
                "action": entry.get_action_display(),
                "what": f"{entry.content_type.name}: {entry.object_repr}",
                "changes": "; ".join(
                    f"{field}: {before} → {after}"
                    for field, (before, after) in entry.changes_display_dict.items()
                ),
            }
            for entry in audit_log_list()
        ],
        first_cell_is_header=False,
    )
    if request.GET.get("format") in DOWNLOAD_FORMATS:
        return table_download(table, name="audit-log", format=request.GET["format"])
    return render(request, "accounts/audit_log.html", {"table": table})
