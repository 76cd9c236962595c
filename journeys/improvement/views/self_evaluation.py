"""Self-evaluation pages: start, the task list, one page per enabler, the questions, submit,
withdraw, history and compare. Every record is fetched through the user's scope, so another LA's record
answers 404."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST, require_safe

from journeys.accounts import permissions
from journeys.authorities.pages import authority_or_404
from journeys.common.components import render_component
from journeys.common.pages import breadcrumbs

from ..forms import EnablerForm, QuestionsForm, StartForm, SubmitForm, WithdrawForm
from ..models import SelfEvaluation
from ..selectors import (
    changed_since,
    framework_of,
    indicator_choices,
    self_evaluation_can_edit,
    self_evaluation_compare,
    self_evaluation_get,
    self_evaluation_list,
    self_evaluation_problems,
    self_evaluation_progress,
    self_evaluation_versions,
)
from ..services import (
    DraftExists,
    InvalidChanges,
    NotEditable,
    StaleVersion,
    self_evaluation_create,
    self_evaluation_delete,
    self_evaluation_submit,
    self_evaluation_update,
    self_evaluation_withdraw,
)

STALE_MESSAGE = (
    "Someone else saved this self-evaluation after you opened this page. Your answers have not been "
    "saved yet and are shown below. Check the changes listed, then save again to keep your answers."
)


def _evaluation(request, pk: int) -> SelfEvaluation:
    try:
        return self_evaluation_get(user=request.user, pk=pk)
    except SelfEvaluation.DoesNotExist as missing:
        raise Http404("No such self-evaluation") from missing


def _breadcrumbs(evaluation: SelfEvaluation, *extra: tuple[str, str]) -> list[dict]:
    la = evaluation.la
    return breadcrumbs(
        (la.name, reverse("authorities:detail", args=[la.old_la_code])),
        ("Self-evaluations", reverse("improvement:self-evaluations", args=[la.old_la_code])),
        *extra,
    )


def _title(evaluation: SelfEvaluation) -> str:
    if evaluation.is_draft:
        return f"Draft self-evaluation, {evaluation.la.name}"
    if evaluation.is_withdrawn:
        return f"Self-evaluation withdrawn {evaluation.withdrawn_at:%-d %B %Y}, {evaluation.la.name}"
    return f"Self-evaluation submitted {evaluation.submitted_at:%-d %B %Y}, {evaluation.la.name}"


def _withdrawn_text(evaluation: SelfEvaluation) -> str:
    """Who withdrew a self-evaluation, when and why, for its page and its history."""
    who = f" by {evaluation.withdrawn_by.email}" if evaluation.withdrawn_by else ""
    reason = f" Reason given: {evaluation.withdrawal_reason}" if evaluation.withdrawal_reason else ""
    return (
        f"Withdrawn on {evaluation.withdrawn_at:%-d %B %Y}{who}. It was submitted on "
        f"{evaluation.submitted_at:%-d %B %Y} and no longer counts as {evaluation.la.name}'s latest "
        f"self-evaluation.{reason}"
    )


def _shared_text(evaluation: SelfEvaluation) -> str:
    if evaluation.is_draft:
        return ""
    if evaluation.is_withdrawn:
        return _withdrawn_text(evaluation)
    return (
        f"Submitted on {evaluation.submitted_at:%-d %B %Y} and shared with: "
        f"{evaluation.get_visibility_display().lower()}. A submitted self-evaluation is frozen; "
        "start a new draft to update it."
    )


@login_required
@require_safe
def self_evaluation_list_view(request, code: str):
    la = authority_or_404(code)
    records = list(self_evaluation_list(user=request.user, la=la))
    is_editor = permissions.can_edit_la(request.user, la)
    draft = next((r for r in records if r.is_draft), None)
    rows = [
        [
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">Self-evaluation {}</a>',
                    reverse("improvement:self-evaluation", args=[r.pk]),
                    r.pk,
                )
            },
            {"text": r.get_status_display()},
            {"text": f"{(r.submitted_at or r.updated_at):%-d %B %Y}"},
            {"text": r.get_visibility_display()},
        ]
        for r in records
    ]
    return render(
        request,
        "improvement/self_evaluation_list.html",
        {
            "la": la,
            "rows": rows,
            "table_head": [
                {"text": "Self-evaluation"},
                {"text": "Status"},
                {"text": "Date"},
                {"text": "Shared with"},
            ],
            "draft": draft,
            "is_editor": is_editor,
            "start_form": StartForm() if is_editor and draft is None else None,
            "breadcrumbs": breadcrumbs((la.name, reverse("authorities:detail", args=[la.old_la_code]))),
        },
    )


@login_required
@require_POST
def self_evaluation_start_view(request, code: str):
    la = authority_or_404(code)
    if not permissions.can_edit_la(request.user, la):
        raise Http404("No such local authority for you")
    based_on = None
    if request.POST.get("based_on"):
        based_on = _evaluation(request, int(request.POST["based_on"]))
    try:
        draft = self_evaluation_create(user=request.user, based_on=based_on)
    except DraftExists as exists:
        draft = exists.draft
    except PermissionDenied as denied:
        raise Http404(str(denied)) from denied
    return redirect("improvement:self-evaluation", pk=draft.pk)


@login_required
@require_safe
def self_evaluation_view(request, pk: int):
    """The task list: each enabler's status, the questions, submitting."""
    evaluation = _evaluation(request, pk)
    framework = framework_of(evaluation.framework_version_id)
    can_edit = self_evaluation_can_edit(user=request.user, evaluation=evaluation)
    status_tags = {"Completed": "", "In progress": "govuk-tag--light-blue", "Not started": "govuk-tag--grey"}
    items = []
    for progress in self_evaluation_progress(evaluation):
        items.append(
            {
                "title": {"text": progress.name},
                "href": reverse("improvement:self-evaluation-enabler", args=[pk, progress.enabler_id]),
                "hint": {"text": f"{progress.rated} of {progress.total} statements rated"},
                "status": (
                    {"text": progress.status}
                    if progress.status == "Completed"
                    else {"tag": {"text": progress.status, "classes": status_tags[progress.status]}}
                ),
            }
        )
    answered = sum(1 for q in framework.self_evaluation_questions if evaluation.answers.get(q.id))
    questions_status = (
        "Completed"
        if answered == len(framework.self_evaluation_questions)
        else "In progress"
        if answered
        else "Not started"
    )
    questions = [
        {
            "title": {"text": "Ofsted's three self-evaluation questions"},
            "href": reverse("improvement:self-evaluation-questions", args=[pk]),
            "hint": {"text": f"{answered} of {len(framework.self_evaluation_questions)} answered"},
            "status": {"text": questions_status}
            if questions_status == "Completed"
            else {"tag": {"text": questions_status, "classes": status_tags[questions_status]}},
        }
    ]
    start_from = (
        StartForm(label="Start a new draft from this one")
        if (
            not evaluation.is_draft
            and permissions.can_edit_la(request.user, evaluation.la_id)
            and not SelfEvaluation.objects.filter(
                la=evaluation.la, status=SelfEvaluation.Status.DRAFT
            ).exists()
        )
        else None
    )
    return render(
        request,
        "improvement/self_evaluation.html",
        {
            "evaluation": evaluation,
            "framework": framework,
            "title": _title(evaluation),
            "can_edit": can_edit,
            "shared_text": _shared_text(evaluation),
            "can_withdraw": permissions.can_withdraw_self_evaluation(request.user, evaluation),
            "enabler_items": items,
            "question_items": questions,
            "problems": self_evaluation_problems(evaluation) if evaluation.is_draft else [],
            "start_from": start_from,
            "breadcrumbs": _breadcrumbs(evaluation),
        },
    )


def _save(request, evaluation, form, template, context):
    """Save a valid form through the service; on a stale version keep the input and explain."""
    if form.is_valid():
        try:
            self_evaluation_update(
                evaluation_id=evaluation.pk,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                changes=form.changes(),
            )
            return redirect("improvement:self-evaluation", pk=evaluation.pk)
        except StaleVersion as stale:
            data = request.POST.copy()
            data["version"] = stale.current.version  # a deliberate second save keeps these answers
            form = type(form)(data=data, **context.pop("form_kwargs"))
            form.is_valid()
            form.add_error(None, STALE_MESSAGE)
            context["others_changed"] = changed_since(stale.current, int(request.POST["version"]))
        except InvalidChanges as invalid:
            for problem in invalid.problems:
                form.add_error(None, problem)
        except NotEditable as frozen:
            form.add_error(None, str(frozen))
    context.pop("form_kwargs", None)
    return render(request, template, {**context, "form": form})


@login_required
def self_evaluation_enabler_view(request, pk: int, enabler_id: str):
    evaluation = _evaluation(request, pk)
    framework = framework_of(evaluation.framework_version_id)
    try:
        enabler = framework.enabler(enabler_id)
    except KeyError as missing:
        raise Http404("No such enabler") from missing
    can_edit = self_evaluation_can_edit(user=request.user, evaluation=evaluation)
    labels = {r.id: r.label for r in framework.ratings}
    context = {
        "evaluation": evaluation,
        "framework": framework,
        "enabler": enabler,
        "can_edit": can_edit,
        "rating_help": format_html_join(
            "",
            '<p class="govuk-body"><strong>{}</strong>: {}</p>',
            ((r.label, r.description) for r in framework.ratings),
        ),
        "notes_text": evaluation.notes.get(enabler.id, ""),
        "linked_indicators": [
            t for i, t in indicator_choices() if i in evaluation.indicator_links.get(enabler.id, [])
        ],
        "rated": [
            {
                "stage": stage.name,
                "rows": [
                    {
                        "key": {"text": c.text},
                        "value": {"text": labels.get(evaluation.ratings.get(c.id), "Not rated")},
                    }
                    for c in framework.cell(stage.id, enabler.id)
                ],
            }
            for stage in framework.stages
        ],
        "breadcrumbs": _breadcrumbs(
            evaluation,
            (f"Self-evaluation {evaluation.pk}", reverse("improvement:self-evaluation", args=[pk])),
        ),
        "form_kwargs": {"framework": framework, "enabler": enabler},
    }
    if not can_edit:
        if request.method != "GET":
            raise PermissionDenied("You can read this self-evaluation but not change it.")
        context.pop("form_kwargs")
        return render(request, "improvement/self_evaluation_enabler.html", context)
    if request.method == "POST":
        form = EnablerForm(data=request.POST, framework=framework, enabler=enabler)
        return _save(request, evaluation, form, "improvement/self_evaluation_enabler.html", context)
    form = EnablerForm(
        initial=EnablerForm.initial_for(evaluation, enabler, framework), framework=framework, enabler=enabler
    )
    context.pop("form_kwargs")
    return render(request, "improvement/self_evaluation_enabler.html", {**context, "form": form})


@login_required
def self_evaluation_questions_view(request, pk: int):
    evaluation = _evaluation(request, pk)
    framework = framework_of(evaluation.framework_version_id)
    can_edit = self_evaluation_can_edit(user=request.user, evaluation=evaluation)
    stages = {s.id: s.name for s in framework.stages}
    accepted = {True: "Yes", False: "No", None: "Not answered"}[evaluation.findings_accepted]
    answers = [
        {"key": {"text": q.question}, "value": {"text": evaluation.answers.get(q.id) or "Not answered"}}
        for q in framework.self_evaluation_questions
    ] + [
        {
            "key": {"text": "Stage we think we are at"},
            "value": {"text": stages.get(evaluation.self_placed_stage, "Not said")},
        },
        {"key": {"text": "Findings of the last inspection accepted"}, "value": {"text": accepted}},
    ]
    context = {
        "evaluation": evaluation,
        "can_edit": can_edit,
        "answers": answers,
        "breadcrumbs": _breadcrumbs(
            evaluation,
            (f"Self-evaluation {evaluation.pk}", reverse("improvement:self-evaluation", args=[pk])),
        ),
        "form_kwargs": {"framework": framework},
    }
    if not can_edit:
        if request.method != "GET":
            raise PermissionDenied("You can read this self-evaluation but not change it.")
        context.pop("form_kwargs")
        return render(request, "improvement/self_evaluation_questions.html", context)
    if request.method == "POST":
        form = QuestionsForm(data=request.POST, framework=framework)
        return _save(request, evaluation, form, "improvement/self_evaluation_questions.html", context)
    form = QuestionsForm(initial=QuestionsForm.initial_for(evaluation, framework), framework=framework)
    context.pop("form_kwargs")
    return render(request, "improvement/self_evaluation_questions.html", {**context, "form": form})


@login_required
def self_evaluation_submit_view(request, pk: int):
    evaluation = _evaluation(request, pk)
    if not self_evaluation_can_edit(user=request.user, evaluation=evaluation):
        raise Http404("Nothing to submit")
    form = SubmitForm(data=request.POST or None, initial={"version": evaluation.version})
    if request.method == "POST" and form.is_valid():
        try:
            self_evaluation_submit(
                evaluation_id=evaluation.pk,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                share_with_sector=form.cleaned_data["share_with_sector"],
            )
            return redirect("improvement:self-evaluation", pk=evaluation.pk)
        except StaleVersion:
            form = SubmitForm(initial={"version": evaluation.version})
            form.is_valid()
            form.add_error(
                None,
                "Someone else saved this self-evaluation after you opened this page. "
                "Check it, then submit again.",
            )
        except InvalidChanges as invalid:
            for problem in invalid.problems:
                form.add_error(None, problem)
    return render(
        request,
        "improvement/self_evaluation_submit.html",
        {
            "evaluation": evaluation,
            "form": form,
            "problems": self_evaluation_problems(evaluation),
            "breadcrumbs": _breadcrumbs(
                evaluation,
                (f"Self-evaluation {evaluation.pk}", reverse("improvement:self-evaluation", args=[pk])),
            ),
        },
    )


@login_required
@require_safe
def self_evaluation_history_view(request, pk: int):
    """Every saved version, and two of them side by side (?a=&b= history ids)."""
    evaluation = _evaluation(request, pk)
    versions = list(self_evaluation_versions(evaluation, user=request.user))
    by_id = {str(v.history_id): v for v in versions}
    before = by_id.get(request.GET.get("a", ""), versions[1] if len(versions) > 1 else versions[0])
    after = by_id.get(request.GET.get("b", ""), versions[0])
    compared = self_evaluation_compare(evaluation, before, after)
    # Only what changed, unless the reader asks for everything.
    show_all = request.GET.get("all") == "1"
    shown = {key: [r for r in compared[key] if show_all or r.changed] for key in ("ratings", "texts")}
    pair = {"a": before.history_id, "b": after.history_id}

    def label(v):
        who = v.history_user.email if v.history_user else "Journeys"
        when = f"{v.history_date:%-d %B %Y %H:%M}"
        return f"Version {v.version}, {when} by {who} ({v.get_status_display().lower()})"

    choices = [{"value": str(v.history_id), "text": label(v)} for v in versions]

    def table(caption, first, rows):
        return {
            "caption": caption,
            "captionClasses": "govuk-table__caption--m",
            "firstCellIsHeader": True,
            "head": [{"text": first}, {"text": "Before"}, {"text": "After"}, {"text": "Changed?"}],
            "rows": [
                [
                    {"text": " – ".join(part for part in (r.enabler, r.stage, r.statement) if part)},
                    {"text": r.before or "Blank"},
                    {"text": r.after or "Blank"},
                    {"html": render_component("tag", {"text": "Changed", "classes": "govuk-tag--yellow"})}
                    if r.changed
                    else {"text": "No change"},
                ]
                for r in rows
            ],
        }

    return render(
        request,
        "improvement/self_evaluation_history.html",
        {
            "evaluation": evaluation,
            "title": _title(evaluation),
            "withdrawn_text": _withdrawn_text(evaluation) if evaluation.is_withdrawn else "",
            "before": before,
            "after": after,
            "before_label": label(before),
            "after_label": label(after),
            "before_items": [{**c, "selected": c["value"] == str(before.history_id)} for c in choices],
            "after_items": [{**c, "selected": c["value"] == str(after.history_id)} for c in choices],
            "compared": compared,
            "select_before": {"text": "Before"},
            "select_after": {"text": "After"},
            "ratings_table": table("Ratings", "Enabler, stage and statement", shown["ratings"]),
            "texts_table": table("Evidence notes and answers", "Item", shown["texts"]),
            "show_all": show_all,
            "other_view_href": "?" + urlencode({**pair, **({} if show_all else {"all": "1"})}),
            "breadcrumbs": _breadcrumbs(
                evaluation,
                (f"Self-evaluation {evaluation.pk}", reverse("improvement:self-evaluation", args=[pk])),
            ),
        },
    )


@login_required
def self_evaluation_delete_view(request, pk: int):
    """Ask before deleting a draft; only a POST from this page deletes it."""
    evaluation = _evaluation(request, pk)
    if not (evaluation.is_draft and permissions.can_edit_la(request.user, evaluation.la)):
        raise PermissionDenied
    if request.method == "POST":
        self_evaluation_delete(evaluation_id=evaluation.pk, user=request.user)
        return redirect("improvement:self-evaluations", code=evaluation.la.old_la_code)
    crumb = (f"Self-evaluation {evaluation.pk}", reverse("improvement:self-evaluation", args=[pk]))
    return render(
        request,
        "improvement/self_evaluation_delete.html",
        {"evaluation": evaluation, "breadcrumbs": _breadcrumbs(evaluation, crumb)},
    )


@login_required
def self_evaluation_withdraw_view(request, pk: int):
    """Ask before withdrawing a submitted self-evaluation; only a POST from this page withdraws it."""
    evaluation = _evaluation(request, pk)
    if not permissions.can_withdraw_self_evaluation(request.user, evaluation):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            self_evaluation_withdraw(
                evaluation_id=evaluation.pk, user=request.user, reason=form.cleaned_data["reason"]
            )
        except NotEditable as gone:  # withdrawn by someone else since the page was loaded
            form.add_error(None, str(gone))
        else:
            return redirect("improvement:self-evaluation", pk=evaluation.pk)
    crumb = (f"Self-evaluation {evaluation.pk}", reverse("improvement:self-evaluation", args=[pk]))
    return render(
        request,
        "improvement/self_evaluation_withdraw.html",
        {"evaluation": evaluation, "form": form, "breadcrumbs": _breadcrumbs(evaluation, crumb)},
    )
