"""Forms for the priority register, rendered with crispy-forms-gds."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from journeys.accounts.scope import Visibility

from .models import STAGE_CHOICES, THEME_CHOICES, Priority


def _date_field(label: str, help_text: str) -> DateInputField:
    field = DateInputField(label=label, help_text=help_text, required=False, require_all_fields=False)
    field.error_messages["invalid"] = f"{label} must be a real date, like 27 3 2026"
    return field


class PriorityForm(forms.Form):
    title = forms.CharField(
        label="Priority",
        help_text="In a line, what you are working on, like ‘Reduce our reliance on agency social workers’.",
        max_length=200,
        error_messages={
            "required": "Enter the priority",
            "max_length": "Priority must be 200 characters or fewer",
        },
    )
    issue = forms.CharField(
        label="The issue it addresses",
        help_text="What is wrong or missing now, and for whom.",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Enter the issue the priority addresses"},
    )
    actions = forms.CharField(label="Actions", max_length=10_000, required=False, widget=forms.Textarea)
    learning = forms.CharField(
        label="Learning so far",
        help_text="What you have learned that others could use.",
        max_length=10_000,
        required=False,
        widget=forms.Textarea,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Priority.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the priority"},
    )
    stage = forms.ChoiceField(
        label="Stage of the improvement journey",
        choices=[*STAGE_CHOICES, ("", "Not stated")],
        required=False,
        widget=forms.RadioSelect,
    )
    started_on = _date_field("Start date", "For example, 1 4 2026")
    review_on = _date_field("Review date", "When you will next look at progress, for example, 31 3 2027")
    visibility = forms.ChoiceField(
        label="Who can see this priority",
        help_text="Share it with the sector so other local authorities can find you as a peer.",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who can see this priority"},
    )

    # The version of the priority the page was drawn from (editing only), so a save made after
    # someone else's is refused instead of overwriting it.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, submit_text: str = "Save priority", editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = editing
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            Field.text("title"),
            Field.textarea("issue", rows=4),
            Field.textarea("actions", rows=4),
            Field.textarea("learning", rows=4),
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.radios("stage", legend_size=Size.SMALL, small=True),
            Field("started_on"),
            Field("review_on"),
            Field.radios("visibility", legend_size=Size.SMALL, small=True),
            Button("save", submit_text),
        )

    def clean(self):
        data = super().clean()
        started, review = data.get("started_on"), data.get("review_on")
        if started and review and review < started:
            self.add_error("review_on", "Review date must be the same as or after the start date")
        return data

    @staticmethod
    def initial_for(priority: Priority) -> dict:
        return {
            field: getattr(priority, field)
            for field in (
                "version",
                "title",
                "issue",
                "actions",
                "learning",
                "status",
                "stage",
                "started_on",
                "review_on",
                "visibility",
            )
        }


class ThemeOverrideForm(forms.Form):
    theme = forms.TypedChoiceField(
        label="Which theme is this priority about?",
        choices=THEME_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the theme this priority is about"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            Field.radios("theme", legend_size=Size.MEDIUM, legend_tag="h2"),
            Button("save", "Set theme"),
        )
