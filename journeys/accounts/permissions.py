"""Who may do what in Journeys: every access rule, stated once.

Views, services, the API and templates ask the predicates here (``can_edit_la``,
``can_coordinate_region``, ``can_write_to_workshop``, ``can_see_drafts``…); reads go through
querysets whose filters are built here (``record_rule``, ``network_rule``), so a record outside
the user's scope is simply not found: another LA's private record answers 404, never 403 and
never data.

Records an LA writes (priorities, self-evaluations, support engagements):
- its own users see them; draft self-evaluations only its editors and viewers, since an
  elected member reads what the LA has decided, not work in progress;
- a record shared for oversight is also seen by the coordinators of the LA's region and by
  national admins (submitted self-evaluations only, never drafts; a withdrawn one stays
  readable to them, marked withdrawn, so nobody relies on it unawares);
- a record shared with the sector is seen by every signed-in user;
- only the LA's own editors change its records, and withdraw a self-evaluation they submitted.

Networks of improvement are seen by their member and invited LAs' users, their region's
coordinators and national admins; only coordinators (of the region) and national admins change
them. An LA becomes a member only when its editors accept an invitation; they may leave later.
Members' users and coordinators share learning in an active one.

Workshops are read by everyone: sharing is what they are for. Only the LAs taking part (those
invited or, when nobody was invited, the LAs of the workshop's region) write to a workshop,
through their editors or the region's coordinators, and only while its series is open. A
contribution starts as a draft, seen only by those who may change it; once published it is read
by the audience its LA chose (attendees, the region, the sector, or anyone, in the public
summary); it may be edited or withdrawn while the series is open. A series' summary report may
be withdrawn by those who facilitate the series.

An LA's contacts (its improvement lead, its director's office) are named by its editors. Their
details are seen by the LA's own users and by the users of an LA whose request to talk it
accepted, or that accepted its request: consent first, never before. An LA's editors ask
another LA to talk; only the asked LA's editors accept or decline; a request
is seen by the users of the two LAs and nobody else.

The commentary an LA's editors write for its members' briefing is versioned: its editors and
viewers read every version, elected members and everyone else only the versions shared in the
briefing (which anyone may download); its pages are the LA's own users' and a 404 to anyone
else; only its editors save and share.

A comparison group (LAs someone saved to compare again) is its owner's alone: nobody else sees,
changes or learns of it.

Text copied from one record into another (a network's purpose from priorities) is only text
every reader of the copy could already read: see ``can_quote_to_everyone``.

People: national admins invite and manage anyone; regional coordinators the coordinators of their
region and the users of its LAs; an LA's editors their own LA's users. Nobody changes their own
role or switches themselves off, so no one can lock the last manager out by mistake.

Notifications tell only the people an event concerns, and each reads only their own: a
submitted self-evaluation its region's coordinators (who may now read it); an invitation to a
network or a workshop, a request to talk and a priority's review date the editors of the LA it is
for; an answer the coordinators of the network, or the LA that asked. A notification's words name
only what its recipient may already see.

One read is not scoped: ``submitted_self_evaluations_for_aggregates``, every LA's submitted
self-evaluation, from which only medians and quartiles are published, and only when at least
``AGGREGATE_MINIMUM`` LAs contribute.
"""

from __future__ import annotations

from functools import wraps

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from .models import LA_ROLES, Role


class Visibility(models.TextChoices):
    PRIVATE = "private", "Only people in our local authority"
    OVERSIGHT = "oversight", "Also our regional coordinators and national admins"
    SECTOR = "sector", "Everyone who uses Journeys"


SHARED_FOR_OVERSIGHT = [Visibility.OVERSIGHT, Visibility.SECTOR]

# Roles by what they may do; pages limited to roles declare them with ``role_required``.
RECORD_EDITORS = (Role.LA_EDITOR,)
DRAFT_READERS = (Role.LA_EDITOR, Role.LA_VIEWER)
COORDINATORS = (Role.REGIONAL_COORDINATOR, Role.NATIONAL_ADMIN)
ADMINS = (Role.NATIONAL_ADMIN,)

# Fewer LAs than this behind a median or quartile and it is not published.
AGGREGATE_MINIMUM = 3


def role_required(*roles: str):
    """For pages only some roles use: anonymous callers are sent to sign in, other roles get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def can_read_audit_log(user) -> bool:
    """National admins read the audit log (which holds no LA's private text)."""
    return user.is_authenticated and user.role in ADMINS


def _pk(value) -> int | None:
    return getattr(value, "pk", value)


# --- Records an LA writes ----------------------------------------------------------------------


def record_rule(user, *, draft_status: str | None = None) -> Q:
    """The filter for LA-owned records the user may read. ``draft_status``: the status value of
    a draft, for models whose drafts are kept from elected members, coordinators and admins."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    shared = Q(visibility=Visibility.SECTOR)
    if user.is_regional_coordinator:
        shared |= Q(la__region=user.region, visibility__in=SHARED_FOR_OVERSIGHT)
    if user.is_national_admin:
        shared |= Q(visibility__in=SHARED_FOR_OVERSIGHT)
    own = Q(la_id=user.la_id) if user.la_id is not None else Q(pk__in=[])
    if draft_status is None:
        return shared | own
    if not can_see_drafts(user, user.la_id):
        own &= ~Q(status=draft_status)
    return (shared & ~Q(status=draft_status)) | own


def record_edit_rule(user) -> Q:
    """The filter for LA-owned records the user may change: their own LA's, for its editors."""
    if not (user.is_authenticated and user.is_la_editor):
        return Q(pk__in=[])
    return Q(la_id=user.la_id)


def belongs_to_la(user, la) -> bool:
    """Whether the user works for this LA (any LA role)."""
    return user.is_authenticated and user.la_id is not None and user.la_id == _pk(la)


def can_edit_la(user, la) -> bool:
    """Whether the user may write this LA's records (its editors only)."""
    return belongs_to_la(user, la) and user.role in RECORD_EDITORS


def can_see_drafts(user, la) -> bool:
    """Whether the user may read this LA's draft self-evaluations: its editors and viewers."""
    return belongs_to_la(user, la) and user.role in DRAFT_READERS


def can_withdraw_self_evaluation(user, evaluation) -> bool:
    """Whether the user withdraws a submitted self-evaluation: its LA's editors, who submitted it.
    Drafts are deleted instead; a withdrawn one stays withdrawn."""
    return evaluation.status == "submitted" and can_edit_la(user, evaluation.la_id)


def readable_among(user, model, pks) -> list:
    """The records of ``model`` with these primary keys that the user may read, for pages that
    name records of many kinds (the audit log): LA-owned records by ``record_rule``, in one
    query, and workshop contributions by ``can_read_contribution``. Other kinds (people, tokens)
    are named the same to every reader, so none is returned."""
    from .scope import LaOwnedModel  # scope builds on this module

    records = model.objects.filter(pk__in=list(pks))
    if issubclass(model, LaOwnedModel):
        return list(records.filter(record_rule(user, draft_status=model.draft_status)))
    if model._meta.label == "workshops.WorkshopContribution":
        return [c for c in records.select_related("workshop") if can_read_contribution(user, c)]
    return []


def can_quote_to_everyone(record) -> bool:
    """Whether a record's text may be copied into something many LAs read (a network's purpose):
    only when it is shared with the sector, so every reader could read it already."""
    return record.visibility == Visibility.SECTOR


# --- The members' briefing commentary --------------------------------------------------------


def commentary_rule(user) -> Q:
    """The filter for versions of briefing commentaries the user may read. A shared version is
    published in the LA's briefing, which anyone may download; versions not shared are read by
    the LA's editors and viewers only (as with drafts, an elected member reads what the LA has
    decided to say, not work in progress)."""
    shared = Q(shared_at__isnull=False)
    if user.is_authenticated and user.la_id is not None and user.role in DRAFT_READERS:
        return shared | Q(la_id=user.la_id)
    return shared


def can_open_commentary(user, la) -> bool:
    """Whether the user opens the LA's commentary pages (its versions, its form): the LA's own
    users; for anyone else the pages are not found."""
    return belongs_to_la(user, la)


def can_write_commentary(user, la) -> bool:
    """Whether the user saves and shares the LA's commentary: its editors."""
    return can_edit_la(user, la)


# --- Regions and networks ----------------------------------------------------------------------


def can_coordinate_region(user, region: str) -> bool:
    """Whether the user coordinates this region: its coordinators and national admins."""
    return user.is_authenticated and (
        user.is_national_admin or (user.is_regional_coordinator and user.region == region)
    )


def can_plan_workshops(user) -> bool:
    """Whether the user plans workshops in some region (the region is checked on planning)."""
    return user.is_authenticated and user.role in COORDINATORS


def network_rule(user) -> Q | None:
    """The filter for networks the user may see; None for every network (national admins)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_national_admin:
        return None
    rule = Q(pk__in=[])
    if user.is_regional_coordinator:
        rule |= Q(region=user.region)
    if user.la_id is not None:
        rule |= Q(members=user.la_id) | Q(invitations__la_id=user.la_id)
    return rule


def network_coordinate_rule(user) -> Q | None:
    """The filter for networks the user may change; None for every network (national admins)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_national_admin:
        return None
    if user.is_regional_coordinator:
        return Q(region=user.region)
    return Q(pk__in=[])


def can_coordinate_network(user, network) -> bool:
    return can_coordinate_region(user, network.region)


def is_network_member(user, network) -> bool:
    """Whether the user works for one of the network's member LAs."""
    return user.is_authenticated and user.la_id is not None and network.members.filter(pk=user.la_id).exists()


def can_answer_network_invitation(user, invitation) -> bool:
    """Whether the user joins or declines for the invited LA: its editors, while the invitation
    is open and the network active."""
    return invitation.is_open and invitation.network.is_active and can_edit_la(user, invitation.la_id)


def can_leave_network(user, network) -> bool:
    """Whether the user takes their LA out of a network: its editors, while it is a member."""
    return user.is_authenticated and user.role in RECORD_EDITORS and is_network_member(user, network)


def can_share_in_network(user, network) -> bool:
    """Whether the user may add shared learning: members' users and the region's coordinators."""
    return network.is_active and (is_network_member(user, network) or can_coordinate_network(user, network))


# --- Workshops ---------------------------------------------------------------------------------


def workshop_participants(workshop):
    """The LAs taking part in a workshop: those invited, or the region's LAs when none were."""
    from journeys.authorities.models import LocalAuthority

    invited = workshop.invited.all()
    if invited.exists():
        return invited
    if not workshop.region:
        return LocalAuthority.objects.none()
    return LocalAuthority.objects.filter(region=workshop.region, status=LocalAuthority.Status.CURRENT)


def workshop_writable_for(user, workshop) -> list:
    """The LAs whose contributions this user may record at this workshop (empty: none)."""
    if not user.is_authenticated or workshop.series.closed:
        return []
    participants = workshop_participants(workshop)
    if can_coordinate_region(user, workshop.region):
        return list(participants)
    if user.role in RECORD_EDITORS:
        return list(participants.filter(pk=user.la_id))
    return []


def can_write_to_workshop(user, workshop, la=None) -> bool:
    """Whether the user may record contributions at this workshop (for ``la``, when given)."""
    writable = workshop_writable_for(user, workshop)
    return any(a.pk == _pk(la) for a in writable) if la is not None else bool(writable)


def can_change_contribution(user, contribution) -> bool:
    """Whether the user edits, publishes or withdraws a contribution: whoever may write for its
    LA at its workshop (its editors, the region's coordinators), while the series is open."""
    workshop = contribution.workshop
    return workshop is not None and can_write_to_workshop(user, workshop, contribution.la_id)


def can_read_contribution(user, contribution) -> bool:
    """Drafts and withdrawn contributions: only those who may change them. Published ones: the
    audience its LA stated (attendees, the region's LAs, every signed-in user, or anyone); the
    region's coordinators and national admins read every published one."""
    if contribution.status != "published":
        return can_change_contribution(user, contribution)
    audience = contribution.audience
    if audience == "public":
        return True
    if not user.is_authenticated:
        return False
    workshop = contribution.workshop
    region = workshop.region if workshop else ""
    if audience == "sector" or belongs_to_la(user, contribution.la_id) or can_coordinate_region(user, region):
        return True
    if audience == "region":
        return user.la_id is not None and user.la.region == region
    return (
        workshop is not None and user.la_id is not None and workshop.attended.filter(pk=user.la_id).exists()
    )


def can_facilitate_series(user, series) -> bool:
    """Whether the user writes a series' introduction, key messages and conclusions and records
    attendance: the coordinators of a region it meets in, and national admins, while it is open."""
    if not user.is_authenticated or series.closed:
        return False
    regions = {w.region for w in series.workshops.all()}
    return user.is_national_admin or any(can_coordinate_region(user, r) for r in regions if r)


def can_withdraw_series_report(user, series) -> bool:
    """Whether the user withdraws a series' summary report: those who facilitate it (the
    coordinators of a region it meets in, and national admins), open or closed, since withdrawing
    adds nothing to what was recorded. A withdrawn report stays withdrawn."""
    if not user.is_authenticated or series.report_withdrawn_at is not None:
        return False
    regions = {w.region for w in series.workshops.all()}
    return user.is_national_admin or any(can_coordinate_region(user, r) for r in regions if r)


# --- People: who invites and manages whom -----------------------------------------------------

PEOPLE_MANAGERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.LA_EDITOR)


def can_manage_people(user) -> bool:
    """Whether the user invites and manages anyone at all (the People pages)."""
    return user.is_authenticated and user.role in PEOPLE_MANAGERS


def assignable_roles(user) -> list[str]:
    """The roles this user may give, by invitation or by a change of role."""
    if not can_manage_people(user):
        return []
    if user.is_national_admin:
        return list(Role.values)
    own_la = [r for r in Role.values if r in LA_ROLES]
    return [Role.REGIONAL_COORDINATOR, *own_la] if user.is_regional_coordinator else own_la


def can_give_role(user, *, role: str, la=None, region: str = "") -> bool:
    """Whether the user may invite someone to, or put someone in, this role at this LA or region."""
    if role not in assignable_roles(user):
        return False
    if user.is_national_admin:
        return True
    if user.is_regional_coordinator:
        if role == Role.REGIONAL_COORDINATOR:
            return region == user.region
        return la is not None and la.region == user.region
    return la is not None and _pk(la) == user.la_id


def people_rule(user) -> Q | None:
    """The filter for the users this user manages; None for everyone (national admins)."""
    if not can_manage_people(user):
        return Q(pk__in=[])
    if user.is_national_admin:
        return None
    if user.is_regional_coordinator:
        return Q(role=Role.REGIONAL_COORDINATOR, region=user.region) | Q(la__region=user.region)
    return Q(la_id=user.la_id)


def _region_of(user) -> str:
    return user.la.region if user.la_id else user.region


def knows_of_person(user, person) -> bool:
    """Whether a person's page may say more than "not found" to the user: national admins know
    of everyone, others of the people in their own region. Managing them is ``can_manage_person``."""
    return user.is_authenticated and (user.is_national_admin or _region_of(user) == _region_of(person))


def can_manage_person(user, person) -> bool:
    """Whether the user may change this person's role or switch them off: someone they could have
    invited, other than themselves."""
    return person.pk != user.pk and can_give_role(user, role=person.role, la=person.la, region=person.region)


# --- Contacts and requests to talk ------------------------------------------------------------


def can_manage_contacts(user, la) -> bool:
    """Whether the user names this LA's contacts: its editors."""
    return can_edit_la(user, la)


def talk_partner_ids(user) -> set[int]:
    """The LAs that agreed to talk with the user's LA (either side asked): their contacts are shown."""
    if not user.is_authenticated or user.la_id is None:
        return set()
    # By name: requests live in an app above this one.
    accepted = apps.get_model("contacts", "TalkRequest").objects.filter(status="accepted")
    asked = accepted.filter(from_la_id=user.la_id).values_list("to_la_id", flat=True)
    answered = accepted.filter(to_la_id=user.la_id).values_list("from_la_id", flat=True)
    return set(asked) | set(answered)


def can_see_contacts(user, la) -> bool:
    """Whether the user reads this LA's contact details: its own users, and those of LAs that
    agreed to talk with it."""
    return belongs_to_la(user, la) or _pk(la) in talk_partner_ids(user)


def can_ask_to_talk(user, la) -> bool:
    """Whether the user may ask this LA to talk: an editor of another LA."""
    return user.is_authenticated and user.role in RECORD_EDITORS and user.la_id not in (None, _pk(la))


def talk_request_rule(user) -> Q:
    """The filter for requests to talk the user may read: those sent or received by their LA."""
    if not user.is_authenticated or user.la_id is None:
        return Q(pk__in=[])
    return Q(from_la_id=user.la_id) | Q(to_la_id=user.la_id)


def can_answer_talk_request(user, talk_request) -> bool:
    """Whether the user accepts or declines this request: the asked LA's editors, while it waits."""
    return talk_request.is_pending and can_edit_la(user, talk_request.to_la_id)


# --- Notifications ------------------------------------------------------------------------------


def notification_rule(user) -> Q:
    """The filter for notifications the user may read and mark as read: their own."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(recipient_id=user.pk)


def la_editors_rule(la) -> Q:
    """The people told of what is asked of an LA (invitations, requests to talk, review dates):
    its active editors, who answer for it."""
    return Q(is_active=True, role=Role.LA_EDITOR, la_id=_pk(la))


def region_coordinators_rule(region: str) -> Q:
    """The people told of a region's events (a self-evaluation submitted, a network answered):
    its active coordinators, who read what the region's LAs share for oversight."""
    return Q(is_active=True, role=Role.REGIONAL_COORDINATOR, region=region)


def can_be_told_of_talk_answer(user, talk_request) -> bool:
    """Whether the person who asked is still one to tell: active, and still at the LA that asked."""
    return user is not None and user.is_active and belongs_to_la(user, talk_request.from_la_id)


# --- The one unscoped read ---------------------------------------------------------------------


def comparison_group_rule(user) -> Q:
    """A saved comparison group is its owner's alone: anyone else's is not found."""
    return Q(owner_id=user.pk) if user.is_authenticated else Q(pk__in=[])


def can_change_comparison_group(user, group) -> bool:
    return user.is_authenticated and group.owner_id == user.pk


def submitted_self_evaluations_for_aggregates(model):
    """Every LA's submitted self-evaluations, whoever asks, for stage medians and quartiles only.

    Nothing read here is shown as it is: a caller publishes per-enabler medians and quartiles,
    and only when ``aggregate_publishable`` says enough LAs are behind them; an LA's own scores
    appear only when it shared them with the sector.
    """
    return model.objects.filter(status=model.Status.SUBMITTED)


def aggregate_publishable(contributors: int) -> bool:
    return contributors >= AGGREGATE_MINIMUM
