"""A person's notifications, and how they want to get them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from journeys.common.components import render_component
from journeys.common.pages import breadcrumbs

from . import services
from .forms import NotificationChoicesForm
from .models import Notification
from .selectors import emailed_kinds, notification_kinds_for, notifications_for

PER_PAGE = 50


def _when(moment) -> str:
    """'2 December 2026 at 6:05pm', in the service's time zone."""
    local = timezone.localtime(moment)
    return f"{local:%-d %B %Y} at {local:%-I:%M}{local:%p}".replace("AM", "am").replace("PM", "pm")


def _row(notification: Notification) -> list[dict]:
    if notification.is_read:
        status, action = render_component("tag", {"text": "Read", "classes": "govuk-tag--grey"}), ""
    else:
        status = render_component("tag", {"text": "Unread", "classes": "govuk-tag--blue"})
        action = render_component(
            "button",
            {
                "html": format_html(
                    'Mark as read<span class="govuk-visually-hidden"> {}</span>', notification.sentence
                ),
                "name": "read",
                "value": str(notification.pk),
                "classes": "govuk-button--secondary govuk-!-margin-bottom-0",
            },
        )
    return [
        {
            "html": format_html(
                '<a class="govuk-link" href="{}">{}</a>', notification.link, notification.sentence
            )
        },
        {"text": _when(notification.created)},
        {"html": status},
        {"html": action},
    ]


@login_required
def notifications_view(request):
    if request.method == "POST":
        if "read_all" in request.POST:
            services.notification_mark_all_read(user=request.user)
            messages.success(request, "All your notifications are marked as read.")
        else:
            try:
                services.notification_mark_read(
                    user=request.user, notification_id=int(request.POST.get("read", ""))
                )
            except (ValueError, Notification.DoesNotExist) as missing:
                raise Http404("No such notification") from missing
        return redirect(request.get_full_path())
    everything = notifications_for(user=request.user)
    page = Paginator(everything, PER_PAGE).get_page(request.GET.get("page"))
    unread = everything.filter(read_at__isnull=True).count()
    pagination = None
    if page.paginator.num_pages > 1:
        pagination = {
            "previous": {"href": f"?page={page.previous_page_number()}"} if page.has_previous() else None,
            "next": {"href": f"?page={page.next_page_number()}"} if page.has_next() else None,
        }
    return render(
        request,
        "notifications/list.html",
        {
            "unread": unread,
            "page": page,
            "pagination": pagination,
            "table": {
                "caption": "Your notifications, newest first",
                "captionClasses": "govuk-visually-hidden",
                "firstCellIsHeader": False,
                "head": [
                    {"text": "Notification"},
                    {"text": "Received"},
                    {"text": "Status"},
                    {"html": '<span class="govuk-visually-hidden">Action</span>'},
                ],
                "rows": [_row(n) for n in page],
            },
            "settings_url": reverse("notifications:settings"),
            "breadcrumbs": breadcrumbs(),
        },
    )


@login_required
def settings_view(request):
    kinds = notification_kinds_for(user=request.user)
    form = NotificationChoicesForm(request.POST or None, kinds=kinds, emailed=emailed_kinds(request.user))
    if request.method == "POST" and form.is_valid():
        services.notification_choices_save(user=request.user, by_email=form.by_email())
        messages.success(request, "Notification settings saved.")
        return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "kinds": kinds,
            "breadcrumbs": breadcrumbs(("Notifications", reverse("notifications:list"))),
        },
    )
