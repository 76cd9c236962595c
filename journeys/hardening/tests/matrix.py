"""What the access matrix knows about routes: how to list them, fill their parameters and judge them.

Routes are listed from Django's URL resolver and the API's OpenAPI schema, so a new page or
API operation is tried without anyone adding it here. What the code cannot tell (which pages
are public, what a path parameter names) is kept in the small tables below. A route or a
parameter those tables and the generic rules cannot decide fails the matrix with a message
naming the table to extend, so nothing is skipped silently.

Generic rules:
- a view wrapped by ``accounts.permissions.role_required`` admits exactly its roles;
- a parameter listed in ``OBJECT_PARAMS`` names an LA-owned record: the route is tried with
  records of the user's own LA and of another LA, private and shared, and must answer 404 to
  anyone ``accounts/permissions.py`` says cannot see the record;
- an API operation that declares security admits signed-in callers only (401 otherwise).

Every response is read as a person would read it before looking for private text: DOCX and
XLSX downloads are unzipped and PDFs have their text extracted (``readable_text``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.urls import URLResolver, get_resolver

from journeys.accounts.permissions import Visibility
from journeys.accounts.scope import LaOwnedModel

OWN_LA, OTHER_LA = "330", "352"  # Birmingham (West Midlands) and Manchester (North West)
SAME_REGION_LA = "331"  # Coventry, a neighbour of OWN_LA in its region
OWN_REGION, OTHER_REGION = "West Midlands", "North West"


@dataclass(frozen=True)
class Access:
    """Who a route admits. ``writes``: the route takes submissions from those it admits."""

    who: str  # "anyone", "signed in", "staff" (Django admin), "roles" or "nobody"
    roles: frozenset[str] = frozenset()
    writes: bool = False
    edit: bool = False  # for routes about one LA record: only that LA's editors are admitted
    in_region: bool = False  # about a regional record (in OWN_REGION): 404 outside the region
    between_las: bool = False  # about a request from OWN_LA to SAME_REGION_LA: 404 to everyone else


PUBLIC = Access("anyone")
PUBLIC_FORM = Access("anyone", writes=True)
SIGNED_IN = Access("signed in")
SIGNED_IN_FORM = Access("signed in", writes=True)
STAFF = Access("staff", writes=True)
NOBODY = Access("nobody")  # answers 404 to everyone
VIEW_RECORD = Access("signed in")
EDIT_RECORD = Access("signed in", writes=True, edit=True)
EDITABLE_RECORD = Access("signed in", writes=True)


def roles(*names: str, writes: bool = False) -> Access:
    return Access("roles", frozenset(names), writes=writes)


# Pages whose access no decorator declares. Keyed by "namespace:name" (unnamed patterns by
# "namespace:pattern"). Add every new page that neither role_required nor OBJECT_PARAMS covers.
ROUTE_ACCESS: dict[str, Access] = {
    "site:home": PUBLIC,
    "site:about": PUBLIC,
    "authorities:search": PUBLIC,
    "common:healthz": PUBLIC,
    "common:accessibility": PUBLIC,
    "authorities:list": PUBLIC,
    "authorities:detail": PUBLIC,
    "authorities:region": PUBLIC,
    "frameworks:overview": PUBLIC,
    "frameworks:stage": PUBLIC,
    "frameworks:enabler": PUBLIC,
    "frameworks:matrix": PUBLIC,
    "accounts:login": PUBLIC_FORM,
    "accounts:logout": PUBLIC_FORM,
    "accounts:reset-password": PUBLIC_FORM,
    "accounts:set-password": PUBLIC_FORM,  # sampled with a link that does not work
    "accounts:change-password": SIGNED_IN_FORM,
    # Council sign-in is not configured in the matrix's settings, so it is not found.
    "accounts:council-sign-in": NOBODY,
    "accounts:council-sign-in-callback": NOBODY,
    "accounts:council-sign-in-refused": PUBLIC,
    # One person's page: their managers' roles, and only within the manager's region.
    **{
        f"accounts:{name}": Access(
            "roles", frozenset({"national_admin", "regional_coordinator", "la_editor"}), True, in_region=True
        )
        for name in ("person", "person-deactivate")
    },
    "evidence:la": PUBLIC,
    "evidence:indicators": PUBLIC,
    "evidence:indicator": PUBLIC,
    "evidence:compare": PUBLIC,
    "evidence:about-data": PUBLIC,
    "improvement:la-journey": PUBLIC,
    "reports:briefing": PUBLIC,
    "improvement:sector": PUBLIC,
    "improvement:methodology-timescales": PUBLIC,
    "improvement:methodology-early-warning": PUBLIC,
    # Pages that show a record to all who may see it, with a form for its LA's editors.
    "improvement:self-evaluation-enabler": EDITABLE_RECORD,
    "improvement:self-evaluation-questions": EDITABLE_RECORD,
    "improvement:self-evaluation-submit": EDIT_RECORD,
    "improvement:self-evaluation-delete": EDIT_RECORD,
    "priorities:edit": EDIT_RECORD,
    "priorities:theme": EDIT_RECORD,
    "priorities:delete": EDIT_RECORD,
    "support:engagement-delete": EDIT_RECORD,
    "support:engagement-outcome": EDIT_RECORD,
    # Networks belong to a region: outside it they are not found.
    "networks:detail": Access("signed in", writes=True, in_region=True),
    "networks:edit": Access(
        "roles", frozenset({"regional_coordinator", "national_admin"}), True, in_region=True
    ),
    "networks:dissolve": Access(
        "roles", frozenset({"regional_coordinator", "national_admin"}), True, in_region=True
    ),
    # The sampled workshop is in the closed 2016 series, which nobody writes to.
    "workshops:contribute": roles(writes=True),
    "workshops:attendance": roles(writes=True),
    "workshops:series-report": roles(writes=True),
    # A contribution published for anyone (the fixtures' open workshop): signed-in users read it.
    "workshops:contribution": SIGNED_IN_FORM,
    # Contact details and requests to talk: signed-in users only, the details by consent.
    "contacts:la": SIGNED_IN_FORM,
    "contacts:ask": roles("la_editor", writes=True),
    "contacts:requests": SIGNED_IN,
    "contacts:request": Access("signed in", writes=True, between_las=True),
    "support:catalogue": PUBLIC,
    "workshops:list": PUBLIC,
    "workshops:series": PUBLIC,
    "workshops:workshop": PUBLIC,
    # django-ninja's own views answer any method with the same read-only content.
    "api:openapi-json": PUBLIC_FORM,
    "api:openapi-view": PUBLIC_FORM,
    "api:api-root": NOBODY,  # django-ninja's bare root; the schema and docs are the entry points
}
# Whole namespaces with one rule. Django's admin lets in staff only (national admins).
NAMESPACE_ACCESS: dict[str, Access] = {"admin": STAFF}
ADMIN_PUBLIC = {"admin:login": PUBLIC_FORM, "admin:logout": PUBLIC_FORM}

# API operations (by operationId) limited to some roles; others admit any signed-in caller
# when they declare security, anyone when they do not.
API_ACCESS: dict[str, Access] = {
    "journeys_networks_api_get_network": Access("signed in", in_region=True),
    "journeys_improvement_api_create_self_evaluation": roles("la_editor", writes=True),
    "journeys_priorities_api_create_priority": roles("la_editor", writes=True),
    "journeys_workshops_api_contribution_add": roles(writes=True),  # the closed 2016 series, as above
}


def _stage_ids() -> list[str]:
    from journeys.frameworks.selectors import framework_current

    return [framework_current().stages[0].id]


def _enabler_ids() -> list[str]:
    from journeys.frameworks.selectors import framework_current

    return [framework_current().enablers[0].id]


def _any_pk() -> list[str]:
    from journeys.accounts.models import User

    return [str(User.objects.order_by("pk").values_list("pk", flat=True).first())]


def _managed_person_pk() -> list[str]:
    """Someone every manager's remit holds (an LA viewer of OWN_LA), made for the matrix alone,
    since the switch-off page is submitted."""
    from journeys.accounts.models import Role, User
    from journeys.authorities.models import LocalAuthority

    person, _ = User.objects.get_or_create(
        email="managed.person@example.org",
        defaults={"role": Role.LA_VIEWER, "la": LocalAuthority.objects.get(old_la_code=OWN_LA)},
    )
    return [str(person.pk)]


def _indicator_ids() -> list[str]:
    from journeys.evidence.catalogue import load_catalogue

    return [next(iter(load_catalogue().indicators))]


def _network_ids() -> list[str]:
    from journeys.networks.models import Network

    return [str(pk) for pk in Network.objects.order_by("pk").values_list("pk", flat=True)[:1]]


def _series_slugs() -> list[str]:
    from journeys.workshops.models import WorkshopSeries

    return list(WorkshopSeries.objects.order_by("pk").values_list("slug", flat=True)[:1])


def _workshop_slugs() -> list[str]:
    from journeys.workshops.models import Workshop

    return list(Workshop.objects.order_by("pk").values_list("slug", flat=True)[:1])


def _talk_request_ids() -> list[str]:
    from journeys.contacts.models import TalkRequest

    return [str(pk) for pk in TalkRequest.objects.order_by("pk").values_list("pk", flat=True)[:1]]


def _public_contribution():
    from journeys.workshops.models import WorkshopContribution

    return (
        WorkshopContribution.objects.filter(workshop__isnull=False, status="published", audience="public")
        .select_related("workshop", "series")
        .order_by("pk")
        .first()
    )


def _contribution_part(part: str) -> Callable[[], list[str]]:
    def sample() -> list[str]:
        found = _public_contribution()
        if found is None:
            return []
        return [{"slug": found.series.slug, "workshop": found.workshop.slug, "pk": str(found.pk)}[part]]

    return sample


# Values for parameters that name public things, by "namespace:name:param" or parameter name.
PUBLIC_SAMPLES: dict[str, Callable[[], list[str]]] = {
    "networks:detail:pk": _network_ids,
    "networks:edit:pk": _network_ids,
    "networks:dissolve:pk": _network_ids,
    "workshops:series:slug": _series_slugs,
    "workshops:workshop:slug": _series_slugs,
    "workshops:contribute:slug": _series_slugs,
    "journeys_workshops_api_series_summary:slug": _series_slugs,
    "journeys_workshops_api_contribution_add:slug": _series_slugs,
    "accounts:person:pk": _managed_person_pk,
    "accounts:person-deactivate:pk": _managed_person_pk,
    "accounts:set-password:uidb64": lambda: ["MQ"],
    "accounts:set-password:token": lambda: ["no-such-token"],
    "contacts:request:pk": _talk_request_ids,
    "workshops:series-report:slug": _series_slugs,
    "workshops:attendance:slug": _series_slugs,
    "workshops:contribution:slug": _contribution_part("slug"),
    "workshops:contribution:workshop": _contribution_part("workshop"),
    "workshops:contribution:pk": _contribution_part("pk"),
    "network_id": _network_ids,
    "workshop": _workshop_slugs,
    "indicator_id": _indicator_ids,
    "format": lambda: ["docx"],  # briefings; PDF is the same content, far slower to render
    "code": lambda: [OWN_LA, OTHER_LA, "E08000025"],  # old code, another LA, a new-style code
    "slug": lambda: ["west-midlands"],
    "stage_id": _stage_ids,
    "enabler_id": _enabler_ids,
    # Django admin's own parameters: non-staff are turned away whatever they are.
    "app_label": lambda: ["accounts"],
    "object_id": _any_pk,
    "content_type_id": lambda: ["1"],
    "url": lambda: ["no-such-page/"],
}

# Parameters that name an LA-owned record: parameter name -> "app_label.Model" (or, for a
# parameter whose meaning depends on the route, "namespace:name:param" -> model).
OBJECT_PARAMS: dict[str, str] = {
    **{
        f"improvement:self-evaluation{suffix}:pk": "improvement.SelfEvaluation"
        for suffix in ("", "-enabler", "-questions", "-submit", "-history", "-delete")
    },
    **{f"priorities:{name}:pk": "priorities.Priority" for name in ("detail", "edit", "theme", "delete")},
    "support:engagement-delete:pk": "support.SupportEngagement",
    "support:engagement-outcome:pk": "support.SupportEngagement",
    "engagement_id": "support.SupportEngagement",
    "evaluation_id": "improvement.SelfEvaluation",
    "priority_id": "priorities.Priority",
}


# ---------------------------------------------------------------- routes


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    params: tuple[str, ...]
    view: Callable | None = None
    methods: tuple[str, ...] = ("GET", "POST")  # HTML pages: GET, then a submission
    api: bool = False
    operation: dict = field(default_factory=dict, compare=False, hash=False)

    def path(self, values: dict[str, str]) -> str:
        path = self.pattern
        for name in self.params:
            path = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)|\{{{name}\}}", values[name], path)
        return "/" + path.replace("^", "").replace("$", "").lstrip("/")


def url_routes() -> list[Route]:
    """Every URL pattern the resolver knows, except the API's (they come from its schema)."""
    found: list[Route] = []

    def walk(patterns, prefix: str, namespace: str | None):
        for entry in patterns:
            pattern = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, pattern, entry.namespace or namespace)
                continue
            params = tuple(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern))
            names = tuple(a or b for a, b in params)
            label = f"{namespace}:{entry.name or pattern}" if namespace else (entry.name or pattern)
            found.append(Route(label, pattern, names, entry.callback))

    walk(get_resolver().url_patterns, "", None)
    return found


def api_routes(schema: dict) -> list[Route]:
    """Every operation in the OpenAPI schema."""
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            params = tuple(p["name"] for p in operation.get("parameters", []) if p["in"] == "path")
            found.append(
                Route(
                    operation.get("operationId", f"{method} {path}"),
                    path.lstrip("/"),  # the schema's paths are absolute
                    params,
                    methods=(method.upper(),),
                    api=True,
                    operation=operation,
                )
            )
    return found


def api_pattern_covered(route: Route, schema: dict) -> bool:
    """Whether an API URL pattern is one of the schema's paths (and so tried from the schema)."""
    as_openapi = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.pattern)
    return as_openapi in schema["paths"]


def declared_roles(view: Callable | None) -> frozenset[str] | None:
    """The roles a ``role_required`` view admits, read from the decorator's closure."""
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None and code.co_freevars[:1] == ("roles",) and view.__closure__:
            return frozenset(view.__closure__[0].cell_contents)
        view = getattr(view, "__wrapped__", None)
    return None


def _closures(view: Callable | None):
    """Each wrapper around a view, with its closure variables by name."""
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None and view.__closure__:
            yield dict(zip(code.co_freevars, (c.cell_contents for c in view.__closure__), strict=True))
        view = getattr(view, "__wrapped__", None)


def requires_sign_in(view: Callable | None) -> bool:
    """Whether Django's login_required (user_passes_test) turns anonymous callers away."""
    from django.contrib.auth.models import AnonymousUser

    for variables in _closures(view):
        test = variables.get("test_func")
        if callable(test) and "_redirect_to_login" in variables:
            try:
                return not test(AnonymousUser())
            except AttributeError:  # a test of some attribute anonymous callers lack
                return True
    return False


def allowed_methods(view: Callable | None) -> set[str] | None:
    """The methods require_http_methods (require_POST, require_safe…) allows, if it is used."""
    for variables in _closures(view):
        if "request_method_list" in variables:
            return set(variables["request_method_list"])
    return None


def access_for(route: Route) -> Access | None:
    """The route's access rule, or None when neither the tables nor the generic rules decide."""
    if route.api:
        if route.name in API_ACCESS:
            return API_ACCESS[route.name]
        return SIGNED_IN_FORM if route.operation.get("security") else PUBLIC_FORM
    if route.name in ROUTE_ACCESS:
        return ROUTE_ACCESS[route.name]
    if route.name in ADMIN_PUBLIC:
        return ADMIN_PUBLIC[route.name]
    namespace = route.name.split(":")[0]
    if namespace in NAMESPACE_ACCESS:
        return NAMESPACE_ACCESS[namespace]
    admitted = declared_roles(route.view)
    if admitted is not None:
        return Access("roles", admitted, writes=True)
    if object_params(route):
        return VIEW_RECORD
    if requires_sign_in(route.view):
        return SIGNED_IN_FORM
    return None


def object_params(route: Route) -> dict[str, str]:
    """The route's parameters that name LA-owned records, with their model labels."""
    found = {}
    for name in route.params:
        label = OBJECT_PARAMS.get(f"{route.name}:{name}") or OBJECT_PARAMS.get(name)
        if label:
            found[name] = label
    return found


def public_sample(route: Route, name: str) -> Callable[[], list[str]] | None:
    return PUBLIC_SAMPLES.get(f"{route.name}:{name}") or PUBLIC_SAMPLES.get(name)


def unsampled_params(route: Route) -> list[str]:
    objects = object_params(route)
    return [p for p in route.params if p not in objects and public_sample(route, p) is None]


# ---------------------------------------------------------------- LA-owned records


def la_owned_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if issubclass(m, LaOwnedModel)]


# Records whose required fields the generic builder cannot fill: "app_label.Model" ->
# builder(la, visibility, canary) returning a saved record.
FACTORIES: dict[str, Callable] = {}
# Fields the generic builder would fill with something their readers reject: "label.field" -> value.
FIELD_VALUES: dict[str, object] = {
    "improvement.SelfEvaluation.indicator_links": {},  # enabler -> list of indicator ids
    "improvement.SelfEvaluation.ratings": {},  # statement -> rating id
}

# Each LA-owned model gets one record per case. Each case is a different LA, since some
# records are one per LA (a draft self-evaluation).
RECORD_CASES = [
    (OWN_LA, Visibility.PRIVATE),
    (OTHER_LA, Visibility.PRIVATE),
    ("331", Visibility.OVERSIGHT),  # Coventry: in our region, shared for oversight
    ("341", Visibility.SECTOR),  # Liverpool: in the other region, shared with the sector
]


class NoFactory(Exception):
    pass


class NoSample(Exception):
    pass


def build_record(model, la, visibility: str, canary: str):
    """A saved record with every text field set to ``canary``, so a leak shows in any page."""
    label = model._meta.label
    if label in FACTORIES:
        return FACTORIES[label](la, visibility, canary)
    values = {"la": la, "visibility": visibility}
    for f in model._meta.concrete_fields:
        automatic = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        if f.name in values or f.primary_key or automatic:
            continue
        if f"{label}.{f.name}" in FIELD_VALUES:
            values[f.name] = FIELD_VALUES[f"{label}.{f.name}"]
            continue
        if isinstance(f, models.CharField | models.TextField) and not f.choices:
            values[f.name] = canary[: f.max_length] if f.max_length else canary
        elif isinstance(f, models.JSONField):
            values[f.name] = {"canary": canary}  # free text an LA writes often lives in JSON
        elif f.has_default() or f.null:
            continue
        elif f.choices:
            values[f.name] = f.choices[0][0]
        elif isinstance(f, models.ForeignKey):
            related = f.related_model
            if issubclass(related, LaOwnedModel):
                values[f.name] = build_record(related, la, visibility, canary)
            elif related.objects.exists():
                values[f.name] = related.objects.order_by("pk").first()
            else:
                raise NoFactory(f"{label}.{f.name} points to {related._meta.label}, which has no rows")
        elif isinstance(f, models.BooleanField):
            values[f.name] = False
        elif isinstance(f, models.DateTimeField):
            from django.utils import timezone

            values[f.name] = timezone.now()
        elif isinstance(f, models.DateField):
            values[f.name] = date.today()
        elif isinstance(f, models.DecimalField):
            values[f.name] = Decimal(1)
        elif isinstance(f, models.IntegerField | models.FloatField):
            values[f.name] = 1
        else:
            raise NoFactory(f"{label}.{f.name} ({type(f).__name__}) has no generic value")
    try:
        return model.objects.create(**values)
    except Exception as error:  # constraints the generic values break: ask for a factory
        raise NoFactory(f"{label}: {error}") from error


def can_see(user, record) -> bool:
    """permissions.py's rule, restated independently so the matrix tests it rather than repeats it."""
    if user is None:
        return False
    draft = getattr(record, "draft_status", None)
    if draft is not None and record.status == draft:  # drafts: the LA's editors and viewers only
        return user.role in ("la_editor", "la_viewer") and user.la_id == record.la_id
    shared = record.visibility in (Visibility.OVERSIGHT, Visibility.SECTOR)
    return (
        record.visibility == Visibility.SECTOR
        or user.la_id == record.la_id
        or (user.role == "regional_coordinator" and user.region == record.la.region and shared)
        or (user.role == "national_admin" and shared)
    )


def in_region(user) -> bool:
    """Whether a user belongs to OWN_REGION (the region of the matrix's regional records)."""
    if user is None:
        return False
    if user.role == "national_admin":
        return True
    return (user.region or (user.la.region if user.la_id else "")) == OWN_REGION


def between_las(user) -> bool:
    """Whether a user works for OWN_LA or SAME_REGION_LA (the two LAs of the matrix's request to talk)."""
    return user is not None and user.la_id is not None and user.la.old_la_code in (OWN_LA, SAME_REGION_LA)


def can_edit(user, record) -> bool:
    return user is not None and user.role == "la_editor" and user.la_id == record.la_id


def parameter_sets(route: Route, records: dict[str, list]) -> Iterator[tuple[dict[str, str], list]]:
    """Every combination of sample values for the route's parameters, with the records used."""
    choices: list[list[tuple[str, object]]] = []
    objects = object_params(route)
    for name in route.params:
        if name in objects:
            choices.append([(str(r.pk), r) for r in records[objects[name]]])
        else:
            values = public_sample(route, name)()
            if not values:
                raise NoSample(f"{route.name}: the sample for {name!r} found nothing to try")
            choices.append([(value, None) for value in values])

    def product(index: int):
        if index == len(choices):
            yield {}, []
            return
        for value, record in choices[index]:
            for rest, used in product(index + 1):
                yield {route.params[index]: value, **rest}, ([record] if record else []) + used

    yield from product(0)


# ---------------------------------------------------------------- reading responses


def readable_text(response) -> str:
    """What a person reads in a response: the text of every part of a DOCX or XLSX (both are zip
    files of XML), the extracted text of a PDF, or the body itself."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if body.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8", "replace")
