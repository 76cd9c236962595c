"""The notification settings form (crispy-forms-gds): one question for each kind a person receives."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from .models import Kind

EMAIL, JOURNEYS_ONLY = "email", "journeys"
CHOICES = [(JOURNEYS_ONLY, "In Journeys only"), (EMAIL, "In Journeys and by email")]


class NotificationChoicesForm(forms.Form):
    def __init__(self, *args, kinds: list[Kind], emailed: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds:
            when = f"{kind.label[0].lower()}{kind.label[1:]}"
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=CHOICES,
                initial=EMAIL if kind in emailed else JOURNEYS_ONLY,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select how you want to be told when {when}"},
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *[Field.radios(kind.value, legend_size=Size.SMALL, small=True) for kind in kinds],
            Button("save", "Save notification settings"),
        )

    def by_email(self) -> dict[str, bool]:
        return {kind: answer == EMAIL for kind, answer in self.cleaned_data.items()}
