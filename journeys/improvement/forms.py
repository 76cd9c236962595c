"""Forms for a self-evaluation: one page per enabler, the three questions, submitting and
withdrawing.

Every editing form carries the version of the record it was loaded from, so a save made after
someone else's is refused instead of silently overwriting it (see services.StaleVersion).
"""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Layout, Size
from django import forms
from django.utils.html import format_html

from journeys.frameworks.content import Enabler, Framework

from .models import NOTE_MAX_LENGTH, NOTE_TOO_LONG, WITHDRAWAL_REASON_MAX_LENGTH
from .sector import DEFAULT_CONVENTION
from .selectors import indicator_choices, suggested_indicators

YES_NO_NA = [("yes", "Yes"), ("no", "No"), ("", "Not applicable, or not yet decided")]


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class EnablerForm(VersionedForm):
    """Ratings for one enabler's statements at every stage, its evidence notes and indicators."""

    def __init__(self, *args, framework: Framework, enabler: Enabler, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework, self.enabler = framework, enabler
        choices = [(r.id, r.label) for r in framework.ratings]
        layout = []
        self.statement_ids: list[str] = []
        for stage in framework.stages:
            layout.append(HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', stage.name)))
            for characteristic in framework.cell(stage.id, enabler.id):
                self.fields[characteristic.id] = forms.ChoiceField(
                    label=characteristic.text, choices=choices, required=False, widget=forms.RadioSelect
                )
                self.statement_ids.append(characteristic.id)
                layout.append(Field.radios(characteristic.id, legend_size=Size.SMALL, small=True))
        self.fields["notes"] = forms.CharField(
            label=f"Evidence for {enabler.name.lower()}",
            help_text=(
                "What shows these statements are in place: audits, data, feedback, inspection findings."
            ),
            required=False,
            max_length=NOTE_MAX_LENGTH,
            error_messages={"max_length": NOTE_TOO_LONG},
            widget=forms.Textarea,
        )
        suggested = suggested_indicators().get(enabler.id, ())
        ordered = sorted(indicator_choices(), key=lambda choice: choice[0] not in suggested)
        self.fields["indicators"] = forms.MultipleChoiceField(
            label="Indicators that show progress on this enabler",
            help_text=(
                "Published indicators Journeys benchmarks. "
                "The first ones listed are usually linked to this enabler."
            ),
            choices=ordered,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        layout += [
            HTML('<h2 class="govuk-heading-m">Evidence</h2>'),
            Field.textarea("notes", label_size=Size.SMALL, rows=6),
            Field.checkboxes("indicators", legend_size=Size.SMALL, small=True),
            "version",
            Button("save", "Save and continue"),
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout)

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            "ratings": {cid: data.get(cid) or None for cid in self.statement_ids},
            "notes": {self.enabler.id: data.get("notes", "").strip()},
            "indicator_links": {self.enabler.id: data.get("indicators") or []},
        }

    @staticmethod
    def initial_for(evaluation, enabler: Enabler, framework: Framework) -> dict:
        initial = {"version": evaluation.version, "notes": evaluation.notes.get(enabler.id, "")}
        initial["indicators"] = evaluation.indicator_links.get(enabler.id, [])
        for stage in framework.stages:
            for characteristic in framework.cell(stage.id, enabler.id):
                initial[characteristic.id] = evaluation.ratings.get(characteristic.id)
        return initial


class QuestionsForm(VersionedForm):
    """Ofsted's three self-evaluation questions, and where the LA thinks it is."""

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        layout = []
        for question in framework.self_evaluation_questions:
            self.fields[question.id] = forms.CharField(
                label=question.question,
                help_text=question.hint,
                required=False,
                max_length=20_000,
                widget=forms.Textarea,
            )
            layout.append(Field.textarea(question.id, label_size=Size.MEDIUM, label_tag="h2", rows=8))
        self.fields["self_placed_stage"] = forms.ChoiceField(
            label="Which stage of the improvement journey do you think your service is at?",
            help_text="Journeys compares your view with the published evidence.",
            choices=[(s.id, s.name) for s in framework.stages] + [("", "We would rather not say")],
            required=False,
            widget=forms.RadioSelect,
        )
        self.fields["findings_accepted"] = forms.ChoiceField(
            label="Do your leaders and councillors accept the findings of your last inspection?",
            choices=YES_NO_NA,
            required=False,
            widget=forms.RadioSelect,
        )
        layout += [
            Field.radios("self_placed_stage", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.radios("findings_accepted", legend_size=Size.MEDIUM, legend_tag="h2"),
            "version",
            Button("save", "Save and continue"),
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout)

    def changes(self) -> dict:
        data = self.cleaned_data
        accepted = {"yes": True, "no": False}.get(data.get("findings_accepted") or "")
        return {
            "answers": {q.id: data.get(q.id, "").strip() for q in self.framework.self_evaluation_questions},
            "self_placed_stage": data.get("self_placed_stage") or "",
            "findings_accepted": accepted,
        }

    @staticmethod
    def initial_for(evaluation, framework: Framework) -> dict:
        initial = {q.id: evaluation.answers.get(q.id, "") for q in framework.self_evaluation_questions}
        accepted = {True: "yes", False: "no"}.get(evaluation.findings_accepted, "")
        initial.update(
            version=evaluation.version,
            self_placed_stage=evaluation.self_placed_stage,
            findings_accepted=accepted,
        )
        return initial


class SubmitForm(VersionedForm):
    share_with_sector = forms.BooleanField(
        label="Also share it with everyone who uses Journeys",
        help_text="Other councils then see your enabler profile beside theirs. Without this, only your "
        "regional coordinators and national admins see it.",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.checkbox("share_with_sector"), "version", Button("submit", "Submit self-evaluation")
        )


class WithdrawForm(forms.Form):
    """Confirms withdrawing a submitted self-evaluation, with an optional reason its readers see."""

    reason = forms.CharField(
        label="Why are you withdrawing it? (optional)",
        help_text="Everyone who can read this self-evaluation sees the reason beside it.",
        required=False,
        max_length=WITHDRAWAL_REASON_MAX_LENGTH,
        error_messages={
            "max_length": f"The reason must be {WITHDRAWAL_REASON_MAX_LENGTH:,} characters or fewer"
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.textarea("reason"), Button.warning("withdraw", "Yes, withdraw it"))


class StartForm(forms.Form):
    """A button that starts a draft (a POST, so following a link never creates a record)."""

    def __init__(self, *args, label="Start a new self-evaluation", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Button("start", label))


class AsOfForm(forms.Form):
    """The date a sector view is drawn at (a GOV.UK date input)."""

    as_of = DateInputField(
        label="Show the sector on this date",
        help_text="For example, 31 3 2019",
        require_all_fields=False,
        required=False,
    )
    convention = forms.ChoiceField(
        label="Count inspections",
        choices=[
            ("published", "By publication date: judgements published by the date"),
            ("ofsted", "As Ofsted counts: inspected by the date and published by the following 30 June"),
        ],
        initial=DEFAULT_CONVENTION,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field("as_of", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.radios("convention", legend_size=Size.SMALL),
            Button("show", "Show"),
        )
