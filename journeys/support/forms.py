"""Forms for recording a support engagement and its outcome, rendered with crispy-forms-gds."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from journeys.accounts.permissions import Visibility
from journeys.evidence.presentation import date_name

from .models import FORM_CHOICES, SupportEngagement

# Whether it helped, as radios: the model keeps yes, no, or None for "not known yet".
HELPED_CHOICES = [("yes", "Yes"), ("no", "No"), ("not_known", "Not known yet")]
HELPED_VALUES = {"yes": True, "no": False, "not_known": None}


def _date(label: str) -> DateInputField:
    field = DateInputField(
        label=label, help_text="For example, 1 4 2026", required=False, require_all_fields=False
    )
    field.error_messages["invalid"] = f"{label} must be a real date"
    return field


class EngagementForm(forms.Form):
    form = forms.ChoiceField(
        label="Form of support",
        choices=FORM_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the form of support"},
    )
    provider = forms.CharField(
        label="Who provided it",
        help_text="For example, the partner council or the review team's lead.",
        max_length=200,
        required=False,
    )
    brokered_by = forms.CharField(
        label="Who brokered it",
        help_text="For example, the regional improvement alliance or the LGA.",
        max_length=200,
        required=False,
    )
    brokered_by_me = forms.BooleanField(label="I brokered this support myself", required=False)
    status = forms.ChoiceField(
        label="Where the engagement stands",
        choices=SupportEngagement.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the engagement stands"},
    )
    started_on = _date("Start date")
    ended_on = _date("End date")
    outcome = forms.CharField(
        label="Outcome",
        help_text="What changed as a result, and what you would do differently.",
        max_length=10_000,
        required=False,
        widget=forms.Textarea,
    )
    visibility = forms.ChoiceField(
        label="Who can see this record",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who can see this record"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("form", legend_size=Size.SMALL, small=True),
            Field.text("provider"),
            Field.text("brokered_by"),
            Field.checkbox("brokered_by_me", small=True),
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field("started_on"),
            Field("ended_on"),
            Field.textarea("outcome", rows=5),
            Field.radios("visibility", legend_size=Size.SMALL, small=True),
            Button("save", "Save engagement"),
        )

    def clean(self):
        data = super().clean()
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", "End date must be the same as or after the start date")
        return data


class EngagementOutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label="Where the engagement stands",
        choices=SupportEngagement.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the engagement stands"},
    )
    outcome = forms.CharField(
        label="Outcome summary",
        help_text="What changed as a result, and what you would do differently. "
        "The audit log records that this changed, not what it says.",
        max_length=10_000,
        required=False,
        widget=forms.Textarea,
    )
    helped = forms.TypedChoiceField(
        label="Did it help?",
        choices=HELPED_CHOICES,
        coerce=HELPED_VALUES.get,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the support helped, or that it is not known yet"},
    )
    outcome_on = _date("Date of the outcome")

    def __init__(self, *args, started_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.started_on = started_on
        if started_on:
            self.fields[
                "outcome_on"
            ].help_text = f"The engagement started on {date_name(started_on)}. For example, 1 4 2026"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.textarea("outcome", rows=5),
            Field.radios("helped", legend_size=Size.SMALL, small=True, inline=True),
            Field("outcome_on"),
            Button("save", "Save outcome"),
        )

    @classmethod
    def initial_for(cls, engagement: SupportEngagement) -> dict:
        helped = next(key for key, value in HELPED_VALUES.items() if value is engagement.helped)
        return {
            "status": engagement.status,
            "outcome": engagement.outcome,
            "helped": helped,
            "outcome_on": engagement.outcome_on,
        }

    def clean(self):
        data = super().clean()
        if self.started_on and data.get("outcome_on") and data["outcome_on"] < self.started_on:
            self.add_error("outcome_on", "Date of the outcome must be the same as or after the start date")
        return data
