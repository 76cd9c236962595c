"""Values every page needs: the service name, navigation for the signed-in role, the phase
banner and the footer."""

from django.conf import settings
from django.urls import reverse


def service(request):
    user = request.user
    items = [
        ("Local authorities", reverse("authorities:list")),
        ("Improvement framework", reverse("frameworks:overview")),
        ("Indicators", reverse("evidence:indicators")),
        ("State of the sector", reverse("journeys:sector")),
        ("Workshops", reverse("workshops:list")),
        ("External support", reverse("support:catalogue")),
    ]
    if user.is_authenticated:
        items += [("Priorities", reverse("priorities:list")), ("Networks", reverse("networks:national"))]
    if user.is_authenticated and user.is_national_admin:
        items.append(("Audit log", reverse("accounts:audit-log")))
    return {
        "service_name": settings.SERVICE_NAME,
        "service_navigation": [
            {"href": href, "text": text, "active": request.path.startswith(href)} for text, href in items
        ],
        "phase_tag": {"text": "Beta"},
        "phase_html": (
            "This is a new service. Check figures against the official releases before you rely on them."
        ),
        "footer_meta": {
            "items": [
                {"href": reverse("common:about-data"), "text": "About the data"},
                {"href": reverse("common:accessibility"), "text": "Accessibility"},
                {"href": "/api/v1/docs", "text": "API"},
            ]
        },
        "footer_licence": {
            "text": "Official statistics are used under the Open Government Licence v3.0. "
            "Journeys holds no information about individual children."
        },
    }
