"""Filters for the evidence pages (GET forms, rendered with crispy-forms-gds)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from journeys.authorities.register import REGIONS

MAX_COMPARED = 4


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


class CompareForm(forms.Form):
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
        choices = [("", "Choose a local authority")] + authorities
        names = []
        for number in range(1, MAX_COMPARED + 1):
            name = f"la{number}"
            self.fields[name] = forms.ChoiceField(
                label=f"Local authority {number}", choices=choices, required=number in COMPARE_REQUIRED
            )
            self.fields[name].error_messages["invalid_choice"] = "Select a local authority from the list"
            if number in COMPARE_REQUIRED:
                self.fields[name].error_messages["required"] = COMPARE_REQUIRED[number]
            names.append(name)
        self.fields["indicator"].choices = indicators
        self.order_fields(["la1", "la2", "la3", "la4", "indicator"])
        self.helper = _get_helper(*(Field.select(n) for n in names), Field.select("indicator"))

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
