"""Forms for signing in and out, rendered with crispy-forms-gds."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    username = forms.EmailField(label="Email address", max_length=254)
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off",
    }

    def clean_username(self) -> str:
        # Addresses are stored in lower case; people type them as they like.
        return self.cleaned_data["username"].strip().lower()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        }
        self.fields["password"].error_messages = {"required": "Enter your password"}
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("username", autocomplete="email", spellcheck=False),
            Field.text("password", autocomplete="current-password"),
            Button("submit", "Sign in"),
        )


class SignOutForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Button("submit", "Sign out"))


def _audit_date(label: str) -> DateInputField:
    field = DateInputField(
        label=label, help_text="For example, 1 12 2026", required=False, require_all_fields=False
    )
    field.error_messages["invalid"] = f"{label} must be a real date, like 1 12 2026"
    return field


class AuditLogFilterForm(forms.Form):
    """Narrow the audit log; every field is optional."""

    la = forms.CharField(label="Local authority", help_text="Name or code", required=False, max_length=100)
    user = forms.CharField(
        label="Who", help_text="All or part of an email address", required=False, max_length=254
    )
    record = forms.ChoiceField(label="Kind of record", required=False)
    text = forms.CharField(label="Record name contains", required=False, max_length=200)
    since = _audit_date("From")
    until = _audit_date("To")

    def __init__(self, *args, record_kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [("", "All records"), *record_kinds]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("la", field_width=20),
            Field.text("user", field_width=20),
            Field.select("record"),
            Field.text("text", field_width=20),
            Field("since"),
            Field("until"),
            Button("filter", "Show changes", css_class="govuk-button--secondary"),
        )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "To must be the same as or after From")
        return cleaned
