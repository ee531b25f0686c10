"""Saving what is typed in the composer to finish later."""

from __future__ import annotations

from typing import Any

from django import forms

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

    def save_composition(self, *, owner: Any, kind: str, form_data: dict[str, Any]) -> Draft:
        """Store the composition under this draft (new, or the one being edited)."""
        draft = self.instance
        draft.owner = owner
        draft.kind = kind
        draft.form_data = form_data
        name = (self.cleaned_data.get("name") or "").strip()
        recipient = form_data.get("msisdn") or "no recipient yet"
        draft.name = name or f"{Draft(kind=kind).get_kind_display()} to {recipient}"[:120]
        draft.save()
        return draft
