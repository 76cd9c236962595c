"""Forms for coordinators' network actions and members' shared learning (crispy-forms-gds)."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms


class NetworkEditForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the network's name"}
    )
    purpose = forms.CharField(
        label="Purpose",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Enter the network's purpose"},
    )
    members = forms.MultipleChoiceField(
        label="Members",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one member"},
    )

    def __init__(self, *args, region_authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(a.old_la_code, a.name) for a in region_authorities]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name"),
            Field.textarea("purpose", rows=5),
            Field.checkboxes("members", legend_size=Size.SMALL, small=True),
            Button("save", "Save changes"),
        )


class DissolveForm(forms.Form):
    reason = forms.CharField(
        label="Why is the network ending?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Enter why the network is ending"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason", rows=3, label_size=Size.SMALL),
            Button("dissolve", "Dissolve the network", css_class="govuk-button--warning"),
        )


class MeetingForm(forms.Form):
    held_on = DateInputField(label="Date of the meeting", help_text="For example, 12 3 2026")
    notes = forms.CharField(
        label="Notes",
        max_length=10_000,
        widget=forms.Textarea,
        error_messages={"required": "Enter notes of the meeting"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].error_messages.update(required="Enter the date of the meeting")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("held_on"),
            Field.textarea("notes", rows=4, label_size=Size.SMALL),
            Button("meeting", "Record meeting", css_class="govuk-button--secondary"),
        )


class LearningForm(forms.Form):
    text = forms.CharField(
        label="Learning to share with the network",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Enter the learning to share"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("text", rows=4, label_size=Size.SMALL),
            Button("learning", "Share learning", css_class="govuk-button--secondary"),
        )
