"""Forms for inviting and managing people and for setting, resetting and changing passwords."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib.auth import forms as auth_forms

from journeys.authorities.models import LocalAuthority
from journeys.authorities.register import REGIONS

from . import permissions
from .models import LA_ROLES, Role, User

PASSWORD_HINT = "Use 12 characters or more. Do not use a common password or one like your email address."
EMAIL_ERRORS = {
    "required": "Enter an email address",
    "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
}


class RoleForm(forms.Form):
    """A role with its LA or region, limited to what the signed-in user may give."""

    role = forms.ChoiceField(
        label="Role", widget=forms.RadioSelect, error_messages={"required": "Select a role"}
    )
    la = forms.ModelChoiceField(
        label="Local authority",
        queryset=LocalAuthority.objects.none(),
        required=False,
        empty_label="Select a local authority",
        help_text="For local authority editors, viewers and elected members",
    )
    region = forms.ChoiceField(label="Region", required=False, help_text="For regional coordinators")

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        self.fields["role"].choices = [(r, Role(r).label) for r in permissions.assignable_roles(by)]
        las = LocalAuthority.objects.filter(status=LocalAuthority.Status.CURRENT).order_by("name")
        if by.is_regional_coordinator:
            las = las.filter(region=by.region)
        elif not by.is_national_admin:
            las = las.filter(pk=by.la_id)
        self.fields["la"].queryset = las
        regions = REGIONS if by.is_national_admin else [by.region] if by.is_regional_coordinator else []
        self.fields["region"].choices = [("", "Not a coordinator"), *((r, r) for r in regions)]
        self.helper = FormHelper()
        self.helper.layout = Layout(*self.layout_fields(), Button("submit", self.button))

    button = "Save changes"

    def layout_fields(self):
        return [
            Field.radios("role", legend_size=Size.SMALL, small=True),
            Field.select("la"),
            Field.select("region"),
        ]

    def clean(self):
        data = super().clean()
        role, la, region = data.get("role"), data.get("la"), data.get("region") or ""
        if not role:
            return data
        if role in LA_ROLES and la is None:
            self.add_error("la", "Select the local authority this person works for")
        elif role == Role.REGIONAL_COORDINATOR and not region:
            self.add_error("region", "Select the region this coordinator covers")
        elif not permissions.can_give_role(self.by, role=role, la=la, region=region):
            self.add_error("role", "You cannot give this role at that local authority or region")
        # A role holds exactly one of an LA or a region; the other answer is dropped.
        data["la"] = la if role in LA_ROLES else None
        data["region"] = region if role == Role.REGIONAL_COORDINATOR else ""
        return data


class InviteForm(RoleForm):
    email = forms.EmailField(label="Email address", max_length=254, error_messages=EMAIL_ERRORS)
    name = forms.CharField(label="Full name (optional)", max_length=200, required=False)
    button = "Send invitation"
    field_order = ["email", "name", "role", "la", "region"]

    def layout_fields(self):
        return [
            Field.text("email", autocomplete="off", spellcheck=False),
            Field.text("name", autocomplete="off"),
            *super().layout_fields(),
        ]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError("This person already has an account")
        return email


class PeopleFilterForm(forms.Form):
    role = forms.ChoiceField(label="Role", required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Everyone"),
            ("active", "Active"),
            ("invited", "Invited, no password yet"),
            ("off", "Switched off"),
        ],
    )
    q = forms.CharField(label="Email address or name contains", required=False, max_length=200)

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            ("", "Any role"),
            *((r, Role(r).label) for r in permissions.assignable_roles(by)),
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("role"), Field.select("status"), Field.text("q"), Button("filter", "Show")
        )


class DeactivateForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Button("deactivate", "Switch off this account", css_class="govuk-button--warning")
        )


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254, error_messages=EMAIL_ERRORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("email", autocomplete="email", spellcheck=False), Button("submit", "Send the link")
        )


def _password_fields(form, *names, button):
    form.error_messages = {**form.error_messages, "password_mismatch": "Enter the same password twice"}
    form.helper = FormHelper()
    form.helper.layout = Layout(*(Field.text(n, autocomplete=a) for n, a in names), Button("submit", button))


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = PASSWORD_HINT
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        for name in ("new_password1", "new_password2"):
            self.fields[name].error_messages = {"required": "Enter a new password"}
        _password_fields(
            self, ("new_password1", "new-password"), ("new_password2", "new-password"), button="Set password"
        )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages = {"required": "Enter your current password"}
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = PASSWORD_HINT
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        for name in ("new_password1", "new_password2"):
            self.fields[name].error_messages = {"required": "Enter a new password"}
        _password_fields(
            self,
            ("old_password", "current-password"),
            ("new_password1", "new-password"),
            ("new_password2", "new-password"),
            button="Change password",
        )
        self.error_messages["password_incorrect"] = "Your current password is not right: enter it again"
