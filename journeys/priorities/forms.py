"""Forms for the priority register, rendered with crispy-forms-gds."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from journeys.accounts.permissions import Visibility

from .models import STAGE_CHOICES, THEME_CHOICES, Priority
from .themes import load_themes


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


class PriorityFilterForm(forms.Form):
    """Narrow the register; every field is optional, and a value not offered is ignored."""

    q = forms.CharField(label="Contains the words", required=False, max_length=100)
    theme = forms.TypedChoiceField(
        label="Theme",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "All themes"), *((t.number, f"{t.number}. {t.short_title}") for t in load_themes())],
    )
    region = forms.ChoiceField(label="Region", required=False, choices=[("", "All regions")])
    stage = forms.ChoiceField(
        label="Stage of the journey", required=False, choices=[("", "All stages"), *STAGE_CHOICES]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All statuses"), *Priority.Status.choices]
    )

    def __init__(self, *args, regions: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "All regions"), *((r, r) for r in regions)]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "app-filter"
        self.helper.layout = Layout(
            Field.text("q", field_width=20),
            Field.select("theme"),
            Field.select("region"),
            Field.select("stage"),
            Field.select("status"),
            Button("filter", "Show priorities", css_class="govuk-button--secondary"),
        )

    def filters(self) -> dict:
        """The valid filters chosen, as keyword arguments for ``priority_list``."""
        self.is_valid()
        data = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors
        }
        return {
            "text": data.get("q", ""),
            "theme": data.get("theme"),
            "region": data.get("region", ""),
            "stage": data.get("stage", ""),
            "status": data.get("status", ""),
        }
