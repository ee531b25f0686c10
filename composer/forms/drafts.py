"""Saving what is typed in the composer to finish later."""

from __future__ import annotations

from typing import Any

from django import forms

from composer.forms.fields import refuse_overlong
from composer.models import Draft


class DraftForm(forms.ModelForm):
    """The draft's name; the composition itself comes from the compose form's state."""

    class Meta:
        model = Draft
        fields = ["name"]
        labels = {"name": "Draft name"}
        help_texts = {"name": "Empty: named after the kind and recipient."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        refuse_overlong(self.fields["name"], "ChatApps Admin")
