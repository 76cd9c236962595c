"""Filters for the evidence pages (GET forms, rendered with crispy-forms-gds)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.utils.http import urlencode

from journeys.authorities.register import REGIONS

MAX_COMPARED = 12  # as many as a table and a chart still show legibly


def _get_helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "get"
    helper.layout = Layout(*fields, Button("submit", "Show"))
    return helper


class IndicatorFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="Year", coerce=int, required=False)
    region = forms.ChoiceField(label="Region", required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        if years:
            self.fields["year"].error_messages["invalid_choice"] = (
                f"Select a year Journeys has figures for, from {min(years)} to {max(years)}"
            )
        self.fields["region"].choices = [("", "All of England")] + [(r, r) for r in REGIONS]
        self.fields["region"].error_messages["invalid_choice"] = "Select a region from the list"
        self.helper = _get_helper(Field.select("year"), Field.select("region"))


# GOV.UK error messages say what to do about this field, not what Django found wrong.
COMPARE_REQUIRED = {
    1: "Select the first local authority to compare",
    2: "Select a second local authority to compare",
}
GROUP_REQUIRED = {1: "Select the first local authority in the group"}


def compare_query(codes: list[str], indicator: str | None = None) -> str:
    """The compare page's query for these LAs (the first MAX_COMPARED) and chart indicator."""
    query = {f"la{number}": code for number, code in enumerate(codes[:MAX_COMPARED], start=1)}
    if indicator:
        query["indicator"] = indicator
    return "?" + urlencode(query)


class _ChosenAuthorities(forms.Form):
    """Up to MAX_COMPARED lists of LAs, numbered la1, la2…; an LA may be chosen once."""

    required_messages: dict[int, str] = {}

    def add_authority_fields(self, authorities: list[tuple[str, str]]) -> list[str]:
        choices = [("", "Choose a local authority")] + authorities
        names = []
        for number in range(1, MAX_COMPARED + 1):
            name = f"la{number}"
            required = number in self.required_messages
            self.fields[name] = forms.ChoiceField(
                label=f"Local authority {number}", choices=choices, required=required
            )
            self.fields[name].error_messages["invalid_choice"] = "Select a local authority from the list"
            if required:
                self.fields[name].error_messages["required"] = self.required_messages[number]
            names.append(name)
        return names

    def clean(self):
        data = super().clean()
        chosen: dict[str, int] = {}  # code -> the number of the list it was first chosen in
        for number in range(1, MAX_COMPARED + 1):
            code = data.get(f"la{number}")
            if not code:
                continue
            if code in chosen:
                # The error belongs to the repeated choice, so the summary links to that list.
                name = dict(self.fields[f"la{number}"].choices)[code]
                self.add_error(
                    f"la{number}",
                    f"Select a different local authority: {name} is already local authority {chosen[code]}",
                )
            else:
                chosen[code] = number
        data["codes"] = list(chosen)
        return data


class CompareForm(_ChosenAuthorities):
    required_messages = COMPARE_REQUIRED
    indicator = forms.ChoiceField(
        label="Indicator for the chart",
        error_messages={
            "required": "Select an indicator for the chart",
            "invalid_choice": "Select an indicator from the list",
        },
    )

    def __init__(
        self, *args, authorities: list[tuple[str, str]], indicators: list[tuple[str, str]], **kwargs
    ):
        super().__init__(*args, **kwargs)
        names = self.add_authority_fields(authorities)
        self.fields["indicator"].choices = indicators
        self.order_fields([*names, "indicator"])
        self.helper = _get_helper(*(Field.select(n) for n in names), Field.select("indicator"))


class ComparisonGroupForm(_ChosenAuthorities):
    """A saved group's name and its LAs (POST)."""

    required_messages = GROUP_REQUIRED
    name = forms.CharField(
        label="Name of the group",
        help_text="For example, Statistical neighbours and the region's cities",
        max_length=100,
        error_messages={
            "required": "Enter a name for the group",
            "max_length": "Name must be 100 characters or fewer",
        },
    )

    def __init__(self, *args, authorities: list[tuple[str, str]], taken: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.taken = {name.casefold() for name in taken}
        names = self.add_authority_fields(authorities)
        self.order_fields(["name", *names])
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name"), *(Field.select(n) for n in names), Button("save", "Save group")
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the group")
        if name.casefold() in self.taken:
            raise forms.ValidationError(f"You already have a group called {name}. Enter a different name")
        return name
