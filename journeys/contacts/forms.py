"""Forms for an LA's contacts and for asking another LA to talk (crispy-forms-gds)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from .models import Contact

_KINDS = [kind for kind, _ in Contact.Kind.choices]


class ContactsForm(forms.Form):
    """Both contacts on one page; a contact with every field empty is removed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fieldsets = []
        for kind, label in Contact.Kind.choices:
            self.fields[f"{kind}_name"] = forms.CharField(label="Name", max_length=200, required=False)
            self.fields[f"{kind}_job_title"] = forms.CharField(label="Role", max_length=200, required=False)
            self.fields[f"{kind}_email"] = forms.EmailField(
                label="Email address",
                required=False,
                error_messages={
                    "invalid": "Enter an email address in the correct format, like name@example.gov.uk"
                },
            )
            self.fields[f"{kind}_phone"] = forms.CharField(
                label="Phone number", max_length=40, required=False
            )
            fieldsets.append(
                Fieldset(
                    Field.text(f"{kind}_name"),
                    Field.text(f"{kind}_job_title"),
                    Field.text(f"{kind}_email"),
                    Field.text(f"{kind}_phone"),
                    legend=label,
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(*fieldsets, Button("save", "Save contacts"))

    def clean(self):
        cleaned = super().clean()
        for kind, label in Contact.Kind.choices:
            given = any(cleaned.get(f"{kind}_{part}") for part in ("name", "job_title", "email", "phone"))
            if given and not cleaned.get(f"{kind}_name"):
                self.add_error(f"{kind}_name", f"Enter the name of the {label.lower()} contact")
            if given and not cleaned.get(f"{kind}_email") and f"{kind}_email" not in self.errors:
                self.add_error(f"{kind}_email", f"Enter the email address of the {label.lower()} contact")
        return cleaned

    def contacts(self) -> dict[str, dict | None]:
        """Each kind's details, or None to remove it."""
        result = {}
        for kind in _KINDS:
            details = {
                part: self.cleaned_data[f"{kind}_{part}"] for part in ("name", "job_title", "email", "phone")
            }
            result[kind] = details if details["name"] else None
        return result


class TalkRequestForm(forms.Form):
    message = forms.CharField(
        label="What would you like to talk about?",
        help_text="Say which priority or challenge, and when you could talk.",
        max_length=3000,
        widget=forms.Textarea,
        error_messages={"required": "Enter what you would like to talk about"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.textarea("message", rows=5), Button("send", "Send request"))


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Do you want to talk?",
        choices=[("accept", "Yes, share our contact details"), ("decline", "No, decline the request")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you want to talk"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("answer", legend_size=Size.MEDIUM), Button("answer_request", "Send answer")
        )
