"""Access matrix: every page and API operation, tried as every kind of user.

Routes come from Django's URL resolver and the OpenAPI schema (see journeys/hardening/tests/matrix.py),
so a new route cannot be forgotten: one the rules cannot judge fails here with a message. Every
LA-owned model gets records of our LA and another LA, private and shared, whose text fields
carry a unique canary; a canary in a response to someone permissions.py says may not see the
record is a leak, wherever it shows (page, list, CSV, XLSX, DOCX or PDF download, or API):
downloads are unzipped and PDFs' text extracted first. The canaries start with "=", so every CSV
download the matrix fetches is also checked for unneutralised formulas.

Workflows then write through the pages and the API, as people do, where one record's text is
copied into another (a priority into a network's purpose, a contribution into a workshop's
summary, priorities into peers and support advice), and read the results as every user.

Every client checks CSRF as the browser's would: writes carry the token, and one without it is
refused.
"""

import csv
import io
import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

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
    "la viewer, same region": ("la_viewer", {"la": matrix.SAME_REGION_LA}),
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
    from journeys.contacts.models import TalkRequest
    from journeys.networks.models import Network
    from journeys.workshops.models import Workshop, WorkshopContribution, WorkshopSeries
    from journeys.workshops.services import workshop_series_load_2016

    workshop_series_load_2016()
    network = Network.objects.create(region=matrix.OWN_REGION, name="Matrix network", purpose="Access matrix")
    network.members.set(LocalAuthority.objects.filter(old_la_code__in=[matrix.OWN_LA, "331"]))
    open_series = WorkshopSeries.objects.create(slug="matrix-open", title="Matrix open workshops")
    open_workshop = Workshop.objects.create(
        series=open_series, slug="dudley", region=matrix.OWN_REGION, place="Dudley"
    )
    WorkshopContribution.objects.create(
        series=open_series,
        workshop=open_workshop,
        la=LocalAuthority.objects.get(old_la_code=matrix.OWN_LA),
        theme=1,
        priority="Access matrix",
    )
    TalkRequest.objects.create(
        from_la=LocalAuthority.objects.get(old_la_code=matrix.OWN_LA),
        to_la=LocalAuthority.objects.get(old_la_code=matrix.SAME_REGION_LA),
        message="Access matrix",
    )


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
                problems.append(f"{error} – add a builder to FACTORIES in journeys/hardening/tests/matrix.py")
                break
            by_model[model._meta.label].append(record)
            canaries[canary] = record
    assert not problems, "\n".join(problems)
    return by_model, canaries


def csrf_client(user=None) -> Client:
    """A client that checks CSRF like a browser's request would, holding a token it sends with writes."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)  # a 500 is a finding
    client.csrf_token = get_random_string(32)
    client.cookies[settings.CSRF_COOKIE_NAME] = client.csrf_token
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def actors(make_user):
    """Per actor: (user, browser client, API headers)."""
    built = {}
    for label, spec in ACTORS.items():
        if spec is None:
            built[label] = (None, csrf_client(), {})
            continue
        role, where = spec
        user = make_user(role, **where)
        token = api_token_create(user=user)
        built[label] = (user, csrf_client(user), {"HTTP_AUTHORIZATION": f"Bearer {token}"})
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


def expected(route, access, user, used, method, values=None) -> str:
    """What the actor must get: 'ok', 'sign in', 'forbidden', 'not found', 'refused' or 'skip'."""
    if access.who == "nobody":
        return "not found"
    allowed = None if route.api else matrix.allowed_methods(route.view)
    if allowed is not None and method not in allowed and not (method == "HEAD" and "GET" in allowed):
        return "sign in" if user is None and access.who != "anyone" else "method not allowed"
    if access.in_region and user is not None and not matrix.in_region(user):
        return "not found"
    if access.between_las and user is not None and not matrix.between_las(user):
        return "not found"
    if access.own_la and user is not None and not matrix.works_for(user, (values or {}).get("code")):
        return "not found"
    if not admitted(access, user):
        return "sign in" if user is None or access.who == "staff" else "forbidden"
    if access.own_la and access.edit and method not in UNSAFE and user.role != "la_editor":
        return "forbidden"
    if access.owned:
        return "not found"
    if any(not matrix.can_see(user, r) for r in used):
        return "not found"
    if access.submitted_only and any(r.status != "submitted" for r in used):
        return "forbidden or not found"
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
        return client.generic(
            method,
            path,
            data=body or "",
            content_type="application/json",
            HTTP_X_CSRFTOKEN=client.csrf_token,
            **headers,
        )
    if method == "POST":
        return client.post(path, {}, HTTP_X_CSRFTOKEN=client.csrf_token)
    return client.get(path)


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
        f"record parameter in OBJECT_PARAMS) in journeys/hardening/tests/matrix.py: {unclassified}"
    )
    unsampled = {r.name: matrix.unsampled_params(r) for r in routes if matrix.unsampled_params(r)}
    assert not unsampled, (
        "Path parameters with no sample value – add them to PUBLIC_SAMPLES or OBJECT_PARAMS in "
        f"journeys/hardening/tests/matrix.py: {unsampled}"
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
                # Downloads follow the page's rules.
                variants += [("GET", path + "?format=csv"), ("GET", path + "?format=xlsx")]
            for actor, (user, client, headers) in actors.items():
                for method, url in variants:
                    outcome = expected(route, access, user, used, method, values)
                    if outcome == "skip":
                        continue
                    response = send(route, client, headers, method, url)
                    tried += 1
                    problem = None if judge(route, outcome, response, access) else f"expected {outcome}"
                    text = matrix.readable_text(response)
                    seen = [c for c, r in canaries.items() if c in text and not matrix.can_see(user, r)]
                    if seen:
                        problem = f"shows {', '.join(canaries[c]._meta.label + ' ' + c for c in seen)}"
                    elif response.get("Content-Type", "").startswith("text/csv") and formulas(text.encode()):
                        problem = f"exports formulas unneutralised: {formulas(text.encode())[:3]}"
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
    from journeys.accounts.permissions import role_required

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


# ---------------------------------------------------------------- CSRF


def test_a_write_without_its_csrf_token_is_refused(make_user):
    editor = make_user("la_editor", la=matrix.OWN_LA)
    client = csrf_client(editor)
    form = {"title": "Recruit social workers", "issue": "Too many agency staff.", "status": "in_progress"}
    form["visibility"] = "private"
    assert client.post(reverse("priorities:create"), form).status_code == 403
    session_api = client.post("/api/v1/priorities", json.dumps(form), content_type="application/json")
    assert session_api.status_code == 403
    assert (
        client.post(reverse("priorities:create"), form, HTTP_X_CSRFTOKEN=client.csrf_token).status_code == 302
    )


# ---------------------------------------------------------------- workflows


class Workflows:
    """Writes made as people make them (pages with CSRF tokens, the API with tokens), each
    adding canaries: text with the record whose visibility decides who may read it (None: nobody,
    since the write must be refused; a shared record: everyone)."""

    def __init__(self, make_user, actors):
        self.make_user, self.actors = make_user, actors
        self.canaries: dict[str, object] = {}
        self.must_see: list[tuple[str, str, str]] = []  # (actor, path, canary): proves the reading works
        self.reads: set[str] = set()
        self.names: list[str] = []
        self.problems: list[str] = []

    def client(self, role, **where):
        user = self.make_user(role, **where)
        return user, csrf_client(user)

    def post(self, client, url, data, expected):
        response = client.post(url, data, HTTP_X_CSRFTOKEN=client.csrf_token)
        if response.status_code != expected:
            self.problems.append(f"POST {url}: {response.status_code}, expected {expected}")
        return response

    def api(self, user, method, url, body, expected):
        token = api_token_create(user=user)
        response = Client().generic(
            method,
            url,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        if response.status_code != expected:
            self.problems.append(f"{method} {url}: {response.status_code}, expected {expected}")
        return response

    def priority(self, client, canary, visibility):
        from journeys.priorities.models import Priority

        form = {
            "title": f"{canary} recruit and keep social workers",
            "issue": "Agency staff.",
            "status": "in_progress",
        }
        self.post(client, reverse("priorities:create"), {**form, "visibility": visibility}, 302)
        record = Priority.objects.get(title__startswith=canary)
        self.canaries[canary] = record
        return record

    def propose_accept_read(self):
        """Oversight-only priorities, a network proposed from them and accepted, read by its members."""
        from journeys.networks.models import Network
        from journeys.priorities.models import Priority

        self.names.append("propose → accept → read as another member LA")
        # Every member's priority is shared for oversight only: whichever is the most central, a
        # purpose quoting it would show it to the other members.
        _, own_editor = self.client("la_editor", la=matrix.OWN_LA)
        self.priority(own_editor, "zqxwnet1", "oversight")
        for code, canary in ((matrix.SAME_REGION_LA, "zqxwnet2"), ("332", "zqxwnet3")):
            user = self.make_user("la_editor", la=code)
            body = {
                "title": f"{canary} cut agency staff",
                "issue": "Agency staff.",
                "visibility": "oversight",
            }
            created = self.api(user, "POST", "/api/v1/priorities", body, 201)
            self.canaries[canary] = Priority.objects.get(pk=created.json()["id"])
        coordinator, client = self.client("regional_coordinator", region=matrix.OWN_REGION)
        region = reverse("networks:region", args=["west-midlands"])
        proposals = self.api(
            coordinator, "GET", f"/api/v1/networks/proposals?region={matrix.OWN_REGION}", None, 200
        )
        self.post(client, region, {"proposal": proposals.json()[0]["id"]}, 302)
        network = Network.objects.exclude(name="Matrix network").get()
        self.reads |= {
            region,
            reverse("networks:national"),
            reverse("networks:detail", args=[network.pk]),
            "/api/v1/networks",
            f"/api/v1/networks/{network.pk}",
            f"/api/v1/networks/proposals?region={matrix.OWN_REGION}",
        }

    def contribute_and_summarise(self):
        """Contributions refused to those not taking part and to the closed 2016 series; one
        accepted, which every reader of the summary then sees."""
        from journeys.workshops.models import Workshop, WorkshopSeries

        self.names.append("workshop contribution → summary")
        series = WorkshopSeries.objects.create(slug="matrix-series", title="Matrix workshops")
        workshop = Workshop.objects.create(
            series=series, slug="matrix", region=matrix.OWN_REGION, place="Dudley"
        )
        workshop.invited.set(
            LocalAuthority.objects.filter(old_la_code__in=[matrix.OWN_LA, matrix.SAME_REGION_LA])
        )
        closed = WorkshopSeries.objects.get(slug="lga-2016").workshops.get(slug="taunton")
        outsider, outsider_client = self.client("la_editor", la=matrix.OTHER_LA)
        own_editor, own_client = self.client("la_editor", la=matrix.OWN_LA)

        def form(la, canary):
            return {
                "la": la,
                "theme": "1",
                "priority": f"{canary} grow our own",
                "support_experience": canary,
                "audience": "public",
                "publish": "1",
            }

        for target, client, user, la, canary in (
            (workshop, outsider_client, outsider, matrix.OTHER_LA, "zqxwws1"),
            (closed, own_client, own_editor, matrix.OWN_LA, "zqxwws2"),
        ):
            url = reverse("workshops:contribute", args=[target.series.slug, target.slug])
            self.post(
                outsider_client if client is outsider_client else own_client, url, form(la, canary), 403
            )
            api_canary = canary + "api"
            body = {**form(la, api_canary), "theme": 1}
            self.api(
                user, "POST", f"/api/v1/workshops/{target.series.slug}/{target.slug}/contributions", body, 403
            )
            self.canaries[canary] = self.canaries[api_canary] = None
        url = reverse("workshops:contribute", args=[series.slug, workshop.slug])
        self.post(own_client, url, form(matrix.OWN_LA, "zqxwws3"), 302)
        self.canaries["zqxwws3"] = _Public()
        # A draft, and one published for the workshop's region only, as the LA's editor saved them.
        from journeys.workshops.models import WorkshopContribution

        for canary, extra in (("zqxwws4", {}), ("zqxwws5", {"audience": "region", "publish": "1"})):
            data = {**form(matrix.OWN_LA, canary), "audience": "attendees", **extra}
            if not extra:
                del data["publish"]  # saved as a draft
            self.post(own_client, url, data, 302)
            saved = WorkshopContribution.objects.get(priority__startswith=canary)
            self.canaries[canary] = _Draft(saved.la_id) if not extra else _InRegion()
            self.reads.add(reverse("workshops:contribution", args=[series.slug, workshop.slug, saved.pk]))
        for slug, place in ((series.slug, workshop.slug), ("lga-2016", "taunton")):
            for page in (
                reverse("workshops:series", args=[slug]),
                reverse("workshops:workshop", args=[slug, place]),
            ):
                self.reads |= {
                    page + suffix for suffix in ("", "?format=json", "?format=csv", "?format=xlsx")
                }
                self.reads |= {page + "?format=docx", page + "?format=html"}
            self.reads.add(f"/api/v1/workshops/{slug}/summary")
        pdf = reverse("workshops:series", args=[series.slug]) + "?format=pdf"
        self.reads.add(pdf)
        docx = reverse("workshops:workshop", args=[series.slug, workshop.slug]) + "?format=docx"
        self.must_see += [("anonymous", pdf, "zqxwws3"), ("anonymous", docx, "zqxwws3")]

    def priority_to_peers(self):
        """Private and oversight-only priorities, read back through peers, support advice and briefings."""
        self.names.append("priority → peers and support advice")
        _, own_editor = self.client("la_editor", la=matrix.OWN_LA)
        self.priority(own_editor, "zqxwpeer1", "private")
        self.priority(own_editor, "zqxwpeer2", "oversight")
        _, other_editor = self.client("la_editor", la=matrix.OTHER_LA)
        self.priority(other_editor, "zqxwpeer3", "private")
        for code in (matrix.OWN_LA, matrix.OTHER_LA, matrix.SAME_REGION_LA):
            self.reads |= {
                reverse("priorities:la-peers", args=[code]),
                reverse("support:la", args=[code]),
                f"/api/v1/priorities/peers/{code}",
                f"/api/v1/support/recommendations/{code}",
                reverse("reports:briefing", args=[code, "docx"]),
            }
        self.reads |= {
            reverse("priorities:list"),
            reverse("priorities:list") + "?format=xlsx",
            "/api/v1/priorities",
        }
        self.must_see.append(("la viewer", reverse("priorities:list") + "?format=xlsx", "zqxwpeer1"))

    def contacts_by_consent(self):
        """Contact details named by two LAs; one asked to talk and accepted, one asked and waiting:
        only the LA's own users and those of an LA that agreed to talk read them."""
        from journeys.contacts.models import TalkRequest

        self.names.append("contacts → ask to talk → accept → read as each LA")
        editors = {}
        for code, canary in ((matrix.OTHER_LA, "zqxwcon1"), (matrix.SAME_REGION_LA, "zqxwcon2")):
            editor, client = self.client("la_editor", la=code)
            editors[code] = (editor, client)
            form = {"improvement_lead_name": canary, "improvement_lead_email": f"{canary}@example.org"}
            self.post(client, reverse("contacts:la", args=[code]), form, 302)
        _, asker = self.client("la_editor", la=matrix.OWN_LA)
        for code in (matrix.OTHER_LA, matrix.SAME_REGION_LA):
            # The message is the two LAs' alone: never in a notification anyone else reads.
            self.post(
                asker, reverse("contacts:ask", args=[code]), {"message": f"Can we talk? zqxwmsg{code}"}, 302
            )
        accepted = TalkRequest.objects.get(to_la__old_la_code=matrix.SAME_REGION_LA)
        waiting = TalkRequest.objects.get(to_la__old_la_code=matrix.OTHER_LA)
        _, answerer = editors[matrix.SAME_REGION_LA]
        self.post(answerer, reverse("contacts:request", args=[accepted.pk]), {"answer": "accept"}, 302)
        self.canaries["zqxwcon1"] = _Contacts(waiting.to_la_id)
        self.canaries["zqxwcon2"] = _Contacts(accepted.to_la_id, accepted.from_la_id)
        for request in (accepted, waiting):
            self.canaries[f"zqxwmsg{request.to_la.old_la_code}"] = _Contacts(
                request.to_la_id, request.from_la_id
            )
        for code in (matrix.OWN_LA, matrix.OTHER_LA, matrix.SAME_REGION_LA):
            self.reads |= {reverse("contacts:la", args=[code]), reverse("priorities:la-peers", args=[code])}
        self.reads |= {
            reverse("contacts:requests"),
            reverse("contacts:request", args=[accepted.pk]),
            reverse("contacts:request", args=[waiting.pk]),
            reverse("notifications:list"),
        }
        self.must_see += [
            ("la viewer", reverse("contacts:request", args=[accepted.pk]), "zqxwcon2"),
            ("elected member, other LA", reverse("contacts:la", args=[matrix.OTHER_LA]), "zqxwcon1"),
        ]

    def commentary_until_shared(self):
        """A briefing commentary saved, shared, then a newer draft saved: the shared version is in
        everyone's briefing, the draft only in its LA's officers' preview; another LA's editor
        cannot write it."""
        self.names.append("briefing commentary → share → newer draft → read as everyone")
        own_la = LocalAuthority.objects.get(old_la_code=matrix.OWN_LA)
        commentary = reverse("reports:commentary", args=[matrix.OWN_LA])
        _, editor = self.client("la_editor", la=matrix.OWN_LA)
        self.post(editor, commentary, {"text": "zqxwcom1 our plan", "based_on": 0}, 302)
        self.post(editor, reverse("reports:commentary-share", args=[matrix.OWN_LA]), {"version": 1}, 302)
        self.post(editor, commentary, {"text": "zqxwcom2 our next plan", "based_on": 1}, 302)
        _, outsider = self.client("la_editor", la=matrix.OTHER_LA)
        self.post(outsider, commentary, {"text": "zqxwcom3 not theirs", "based_on": 2}, 404)
        self.canaries.update(zqxwcom1=_Public(), zqxwcom2=_Officers(own_la.pk), zqxwcom3=None)
        page = reverse("reports:briefing-page", args=[matrix.OWN_LA])
        docx = reverse("reports:briefing", args=[matrix.OWN_LA, "docx"])
        self.reads |= {commentary, page, page + "?preview=draft", docx, docx + "?preview=draft"}
        self.must_see += [
            ("anonymous", docx, "zqxwcom1"),
            ("elected member, other LA", page, "zqxwcom1"),
            ("la viewer", page + "?preview=draft", "zqxwcom2"),
            ("la editor", docx + "?preview=draft", "zqxwcom2"),
            ("la viewer", commentary, "zqxwcom2"),
        ]


class _Officers:
    """A draft briefing commentary: its LA's editors and viewers read it."""

    def __init__(self, la_id):
        self.la_id = la_id


class _Contacts:
    """A canary in an LA's contact details: its own users and its talk partners' read it."""

    def __init__(self, la_id, *partners):
        self.readers = {la_id, *partners}


class _Draft:
    """A workshop draft: its LA's editors and the region's coordinators (and national admins)."""

    def __init__(self, la_id):
        self.la_id = la_id


class _InRegion:
    """Published for the workshop's region (OWN_REGION): its LAs' users, its coordinators, admins."""


class _Public:
    """A canary everyone may read (a contribution to an open workshop)."""


def may_see(user, record) -> bool:
    if record is None:
        return False
    if isinstance(record, _Draft):
        return user is not None and (
            (user.role == "la_editor" and user.la_id == record.la_id)
            or user.role == "national_admin"
            or (user.role == "regional_coordinator" and user.region == matrix.OWN_REGION)
        )
    if isinstance(record, _Officers):
        return user is not None and user.la_id == record.la_id and user.role in ("la_editor", "la_viewer")
    if isinstance(record, _InRegion):
        return matrix.in_region(user)
    if isinstance(record, _Contacts):
        return user is not None and user.la_id in record.readers
    return isinstance(record, _Public) or matrix.can_see(user, record)


def test_workflows_copy_no_text_to_anyone_who_may_not_read_it(records, actors, make_user, capsys):
    _, sweep_canaries = records
    flows = Workflows(make_user, actors)
    flows.propose_accept_read()
    flows.contribute_and_summarise()
    flows.priority_to_peers()
    flows.contacts_by_consent()
    flows.commentary_until_shared()
    assert not flows.problems, "\n".join(flows.problems)

    canaries = {**sweep_canaries, **flows.canaries}
    leaks, texts = [], {}
    for actor, (user, client, headers) in actors.items():
        for path in sorted(flows.reads):
            response = client.get(path, **(headers if path.startswith("/api/") else {}))
            if response.status_code >= 500:
                leaks.append(f"GET {path} as {actor}: {response.status_code}")
            text = texts[actor, path] = matrix.readable_text(response)
            leaks += [
                f"GET {path} as {actor} shows {canary}"
                for canary, record in canaries.items()
                if canary in text and not may_see(user, record)
            ]
    unseen = [
        f"{path} as {actor}: {canary}"
        for actor, path, canary in flows.must_see
        if canary not in texts[actor, path]
    ]
    with capsys.disabled():
        print(  # noqa: T201 – the count of workflows and what they read
            f"\naccess matrix workflows: {len(flows.names)} workflows ({'; '.join(flows.names)}), "
            f"{len(flows.reads) * len(actors)} reads, {len(leaks)} leaks"
        )
    assert not unseen, f"readings that should show their canary do not: {unseen}"
    assert not leaks, "\n".join(leaks)
