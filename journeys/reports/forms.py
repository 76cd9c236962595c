"""The commentary form and the share button (crispy-forms-gds)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from .services import COMMENTARY_MAX_CHARACTERS


class CommentaryForm(forms.Form):
    text = forms.CharField(
        label="Commentary for members",
        help_text=(
            "What you want members to read beside the figures: what the council is doing and what it "
            "asks of them. Leave a blank line between paragraphs."
        ),
        max_length=COMMENTARY_MAX_CHARACTERS,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the commentary",
            "max_length": f"The commentary must be {COMMENTARY_MAX_CHARACTERS:,} characters or fewer",
        },
    )
    # The version the editor started from: a newer one saved meanwhile is not overwritten.
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("text", label_size=Size.MEDIUM, rows=12, max_characters=COMMENTARY_MAX_CHARACTERS),
            "based_on",
            Button("save", "Save a new version"),
        )


class ShareForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("version", Button("share", "Share this version"))
