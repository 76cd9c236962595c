"""Access matrix: every page and API operation, tried as every kind of user.

Routes come from Django's URL resolver and the OpenAPI schema (see journeys/hardening/matrix.py),
so a new route cannot be forgotten: one the rules cannot judge fails here with a message. Every
LA-owned model gets records of our LA and another LA, private and shared, whose text fields
carry a unique canary; a canary in a response to someone scope.py says may not see the record
is a leak, wherever it shows (page, list, CSV download or API). The canaries start with "=",
so every CSV download the matrix fetches is also checked for unneutralised formulas.
"""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from journeys.accounts.services import api_token_create
from journeys.authorities.models import LocalAuthority
from journeys.common.tables import FORMULA_TRIGGERS
from journeys.hardening.tests import matrix

pytestmark = pytest.mark.django_db

ACTORS = {
    "anonymous": None,
    "la viewer": ("la_viewer", {"la": matrix.OWN_LA}),
    "la editor": ("la_editor", {"la": matrix.OWN_LA}),
    "elected member": ("elected_member", {"la": matrix.OWN_LA}),
    "elected member, other LA": ("elected_member", {"la": matrix.OTHER_LA}),
    "regional coordinator": ("regional_coordinator", {"region": matrix.OWN_REGION}),
    "regional coordinator, other region": ("regional_coordinator", {"region": matrix.OTHER_REGION}),
    "national admin": ("national_admin", {}),
}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
REFUSALS = {302, 401, 403, 404, 405}


@pytest.fixture
def schema(client):
    return client.get("/api/v1/openapi.json").json()


@pytest.fixture
def public_content():
    """Things public routes name (a workshop series, a network), so their parameters have samples."""
    from journeys.networks.models import Network
    from journeys.workshops.services import workshop_series_load_2016

    workshop_series_load_2016()
    network = Network.objects.create(region=matrix.OWN_REGION, name="Matrix network", purpose="Access matrix")
    network.members.set(LocalAuthority.objects.filter(old_la_code__in=[matrix.OWN_LA, "331"]))


@pytest.fixture
def records(public_content):
    """Per LA-owned model: one record per (LA, visibility) case, and each record's canary."""
    by_model, canaries, problems = {}, {}, []
    for model in matrix.la_owned_models():
        by_model[model._meta.label] = []
        for la_code, visibility in matrix.RECORD_CASES:
            canary = f"zqx{len(canaries):03d}"
            la = LocalAuthority.objects.get(old_la_code=la_code)
            try:
                # Stored as a formula, so a CSV download that does not neutralise it shows.
                record = matrix.build_record(model, la, visibility, "=" + canary)
            except matrix.NoFactory as error:
                problems.append(f"{error} – add a builder to FACTORIES in journeys/hardening/matrix.py")
                break
            by_model[model._meta.label].append(record)
            canaries[canary] = record
    assert not problems, "\n".join(problems)
    return by_model, canaries


@pytest.fixture
def actors(make_user):
    """Per actor: (user, browser client, API headers)."""
    built = {}
    for label, spec in ACTORS.items():
        if spec is None:
            built[label] = (None, Client(raise_request_exception=False), {})
            continue
        role, where = spec
        user = make_user(role, **where)
        client = Client(raise_request_exception=False)  # a server error is a finding, not a stop
        client.force_login(user)
        built[label] = (user, client, {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"})
    return built


def admitted(access: matrix.Access, user) -> bool:
    if access.who == "anyone":
        return True
    if user is None:
        return False
    if access.who == "staff":
        return user.is_staff
    if access.who == "roles":
        return user.role in access.roles
    return True


def expected(route, access, user, used, method) -> str:
    """What the actor must get: 'ok', 'sign in', 'forbidden', 'not found', 'refused' or 'skip'."""
    if access.who == "nobody":
        return "not found"
    allowed = None if route.api else matrix.allowed_methods(route.view)
    if allowed is not None and method not in allowed and not (method == "HEAD" and "GET" in allowed):
        return "sign in" if user is None and access.who != "anyone" else "method not allowed"
    if access.in_region and user is not None and not matrix.in_region(user):
        return "not found"
    if not admitted(access, user):
        return "sign in" if user is None or access.who == "staff" else "forbidden"
    if any(not matrix.can_see(user, r) for r in used):
        return "not found"
    if method in UNSAFE:
        writer = access.writes and all(matrix.can_edit(user, r) for r in used) if used else access.writes
        return "skip" if writer else "refused"  # permitted writes are left to each app's own tests
    if access.edit and not all(matrix.can_edit(user, r) for r in used):
        return "forbidden or not found"
    return "ok"


def judge(route, outcome: str, response, access) -> bool:
    status = response.status_code
    if status >= 500:
        return False
    location = response.get("Location", "")
    to_sign_in = status == 302 and (
        location.startswith(reverse("accounts:login")) or "/django-admin/login/" in location
    )
    match outcome:
        case "ok":
            if access.who == "staff":
                return status < 500
            # An API operation with required query parameters answers 422 without them.
            needs_query = any(
                p["in"] == "query" and p.get("required") for p in route.operation.get("parameters", [])
            )
            return (status < 400 and not to_sign_in) or status == 405 or (needs_query and status == 422)
        case "sign in":
            return status == 401 if route.api else to_sign_in
        case "forbidden":
            return status in ({401, 403, 422} if route.api else {403} | ({302} if to_sign_in else set()))
        case "not found":
            # The API checks a body before its view runs, for any id, so 422 reveals nothing.
            return status in {404, 405} | ({422} if route.api else set())
        case "forbidden or not found":
            return status in {403, 404}
        case "method not allowed":
            return status in {403, 404, 405}
        case "refused":
            refusals = REFUSALS | ({422} if route.api else set())
            return status in refusals and (status != 302 or to_sign_in or route.name == "accounts:logout")
    raise AssertionError(outcome)


def formulas(body: bytes) -> list[str]:
    """Cells of a CSV download that a spreadsheet would run as formulas."""
    rows = csv.reader(io.StringIO(body.decode("utf-8-sig", errors="replace")))
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_TRIGGERS) and not is_number(cell)]


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def send(route, client, headers, method, path):
    if route.api:
        body = "{}" if method in UNSAFE else None
        return client.generic(method, path, data=body or "", content_type="application/json", **headers)
    return client.post(path, {}) if method == "POST" else client.get(path)


def test_every_route_answers_every_role_as_the_access_rules_say(schema, records, actors, capsys):
    by_model, canaries = records
    routes = [
        r
        for r in matrix.url_routes()
        if not (r.name.startswith("api:") and matrix.api_pattern_covered(r, schema))
    ]
    routes += matrix.api_routes(schema)

    unclassified = [r.name for r in routes if matrix.access_for(r) is None]
    assert not unclassified, (
        "Routes with no access rule: add each to ROUTE_ACCESS (or protect it with role_required, or name a "
        f"record parameter in OBJECT_PARAMS) in journeys/hardening/matrix.py: {unclassified}"
    )
    unsampled = {r.name: matrix.unsampled_params(r) for r in routes if matrix.unsampled_params(r)}
    assert not unsampled, (
        "Path parameters with no sample value – add them to PUBLIC_SAMPLES or OBJECT_PARAMS in "
        f"journeys/hardening/matrix.py: {unsampled}"
    )

    tried, failures = 0, []
    for route in routes:
        access = matrix.access_for(route)
        try:
            parameter_sets = list(matrix.parameter_sets(route, by_model))
        except matrix.NoSample as missing:
            raise AssertionError(f"{missing}: make sure the matrix's fixtures create one") from None
        for values, used in parameter_sets:
            path = route.path(values)
            variants = [(m, path) for m in route.methods]
            if not route.api and not route.name.startswith("admin:"):
                variants.append(("GET", path + "?format=csv"))  # downloads follow the page's rules
            for actor, (user, client, headers) in actors.items():
                for method, url in variants:
                    outcome = expected(route, access, user, used, method)
                    if outcome == "skip":
                        continue
                    response = send(route, client, headers, method, url)
                    tried += 1
                    problem = None if judge(route, outcome, response, access) else f"expected {outcome}"
                    body = b"" if response.streaming else response.content
                    seen = [
                        c for c, r in canaries.items() if c.encode() in body and not matrix.can_see(user, r)
                    ]
                    if seen:
                        problem = f"shows {', '.join(canaries[c]._meta.label + ' ' + c for c in seen)}"
                    elif response.get("Content-Type", "").startswith("text/csv") and formulas(body):
                        problem = f"exports formulas unneutralised: {formulas(body)[:3]}"
                    if problem:
                        failures.append(f"{method} {url} as {actor}: {response.status_code}, {problem}")

    with capsys.disabled():
        print(  # noqa: T201 – the issue asks for the count of combinations tried
            f"\naccess matrix: {tried} combinations tried ({len(routes)} routes × {len(actors)} users), "
            f"{len(failures)} failures, LA-owned models: {sorted(by_model) or 'none yet'}"
        )
    assert tried > 0
    assert not failures, f"{len(failures)} of {tried} combinations broke the access rules:\n" + "\n".join(
        failures
    )


@pytest.mark.parametrize(
    ("view_roles", "expected_roles"),
    [
        pytest.param(("la_editor",), {"la_editor"}, id="one role"),
        pytest.param(
            ("national_admin", "regional_coordinator"), {"national_admin", "regional_coordinator"}, id="two"
        ),
    ],
)
def test_the_matrix_reads_the_roles_a_view_admits(view_roles, expected_roles):
    from journeys.accounts.decorators import role_required

    view = role_required(*view_roles)(lambda request: None)
    assert matrix.declared_roles(view) == expected_roles


def test_the_matrix_notices_an_unclassified_route_and_an_unsampled_parameter():
    route = matrix.Route(
        "newapp:thing", "things/<int:thing_id>/", ("thing_id",), view=lambda request, thing_id: None
    )
    assert matrix.access_for(route) is None
    assert matrix.unsampled_params(route) == ["thing_id"]


def test_the_oracle_agrees_with_the_documented_rules(make_user):
    """The restated rule itself, on a stand-in record (the matrix relies on it)."""

    class Record:
        def __init__(self, la, visibility):
            self.la, self.la_id, self.visibility = la, la.pk, visibility

    own = LocalAuthority.objects.get(old_la_code=matrix.OWN_LA)
    other = LocalAuthority.objects.get(old_la_code=matrix.OTHER_LA)
    member = make_user("elected_member", la=matrix.OWN_LA)
    coordinator = make_user("regional_coordinator", region=matrix.OTHER_REGION)
    assert matrix.can_see(member, Record(own, "private")) and not matrix.can_see(
        member, Record(other, "private")
    )
    assert matrix.can_see(coordinator, Record(other, "oversight")) and not matrix.can_see(
        coordinator, Record(other, "private")
    )
    assert not matrix.can_edit(member, Record(own, "private"))
