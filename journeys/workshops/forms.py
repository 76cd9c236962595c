"""Forms for planning a workshop and capturing what an LA shared (crispy-forms-gds)."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from journeys.authorities.models import LocalAuthority
from journeys.authorities.register import REGIONS, load_register
from journeys.priorities.models import THEME_CHOICES

from .models import REPORT_WITHDRAWAL_REASON_MAX_LENGTH, WorkshopContribution


class WorkshopPlanForm(forms.Form):
    series_title = forms.CharField(
        label="Series",
        help_text="The name of the series of workshops; a new name starts a new series.",
        max_length=300,
        error_messages={"required": "Enter the name of the series"},
    )
    region = forms.ChoiceField(
        label="Region",
        choices=[("", "Choose a region"), *[(r, r) for r in REGIONS]],
        error_messages={"required": "Select the region"},
    )
    place = forms.CharField(
        label="Town or city", max_length=100, error_messages={"required": "Enter the town or city"}
    )
    venue = forms.CharField(label="Venue", max_length=200, required=False)
    held_on = DateInputField(
        label="Date", help_text="For example, 12 10 2026", required=False, require_all_fields=False
    )
    hosts = forms.CharField(
        label="Hosts", help_text="Who introduces or hosts the workshop.", max_length=300, required=False
    )
    invited = forms.CharField(
        label="Invited local authorities",
        help_text="One per line, by name or 3-digit code.",
        widget=forms.Textarea,
        required=False,
        max_length=10_000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].error_messages["invalid"] = "Date must be a real date"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("series_title"),
            Field.select("region"),
            Field.text("place"),
            Field.text("venue"),
            Field("held_on"),
            Field.text("hosts"),
            Field.textarea("invited", rows=6),
            Button("save", "Plan workshop"),
        )

    def clean_invited(self):
        register, found, unknown = load_register(), [], []
        for line in self.cleaned_data["invited"].splitlines():
            name = line.strip()
            if not name:
                continue
            record = register.lookup(name) or register.lookup_former(name)
            (found if record else unknown).append(record.old_la_code if record else name)
        if unknown:
            raise forms.ValidationError(
                "These are not local authorities Journeys knows: " + ", ".join(unknown)
            )
        return list(LocalAuthority.objects.filter(old_la_code__in=found))


class ContributionForm(forms.Form):
    la = forms.ChoiceField(label="Local authority", error_messages={"required": "Select the local authority"})
    theme = forms.TypedChoiceField(
        label="Theme",
        help_text="Leave it unselected and Journeys suggests one from the priority. You can change it.",
        choices=THEME_CHOICES,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )
    audience = forms.ChoiceField(
        label="Who may read it once published?",
        choices=WorkshopContribution.Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who may read it once published"},
    )
    priority = forms.CharField(
        label="Priority shared",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Enter the priority the local authority shared"},
    )
    issue = forms.CharField(label="Issue addressed", max_length=5000, widget=forms.Textarea, required=False)
    learning = forms.CharField(label="Learning", max_length=5000, widget=forms.Textarea, required=False)
    support_experience = forms.CharField(
        label="Experience of external support", max_length=5000, widget=forms.Textarea, required=False
    )

    def __init__(self, *args, authorities, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["la"].choices = [
            ("", "Choose a local authority"),
            *[(a.old_la_code, a.name) for a in authorities],
        ]
        if editing:  # the LA a contribution is from does not change
            del self.fields["la"]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *([] if editing else [Field.select("la")]),
            Field.textarea("priority", rows=3),
            Field.textarea("issue", rows=3),
            Field.textarea("learning", rows=3),
            Field.textarea("support_experience", rows=3),
            Field.radios("theme", legend_size=Size.SMALL, small=True),
            Field.radios("audience", legend_size=Size.SMALL, small=True),
            Button("draft", "Save as draft", css_class="govuk-button--secondary"),
            Button("publish", "Publish"),
        )


class SeriesReportForm(forms.Form):
    introduction = forms.CharField(
        label="Introduction", max_length=10_000, widget=forms.Textarea, required=False
    )
    purposes = forms.CharField(
        label="Purpose of the workshops",
        help_text="One purpose per line.",
        max_length=5_000,
        widget=forms.Textarea,
        required=False,
    )
    key_messages = forms.CharField(
        label="Key messages",
        help_text="One message per line.",
        max_length=10_000,
        widget=forms.Textarea,
        required=False,
    )
    conclusions = forms.CharField(
        label="Conclusions", max_length=10_000, widget=forms.Textarea, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("introduction", rows=4),
            Field.textarea("purposes", rows=4),
            Field.textarea("key_messages", rows=6),
            Field.textarea("conclusions", rows=6),
            Button("save", "Save the report"),
        )


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Which local authorities attended?", widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(a.old_la_code, a.name) for a in participants]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.checkboxes("attended", legend_size=Size.MEDIUM, small=True),
            Button("save", "Save attendance"),
        )


class ReportWithdrawForm(forms.Form):
    """Confirms withdrawing a series' summary report, with an optional reason shown in its place."""

    reason = forms.CharField(
        label="Why are you withdrawing it? (optional)",
        help_text="Anyone who opens the report's address sees the reason in its place.",
        required=False,
        max_length=REPORT_WITHDRAWAL_REASON_MAX_LENGTH,
        error_messages={
            "max_length": f"The reason must be {REPORT_WITHDRAWAL_REASON_MAX_LENGTH:,} characters or fewer"
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.textarea("reason"), Button.warning("withdraw", "Yes, withdraw it"))
