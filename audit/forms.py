from __future__ import annotations

from typing import Any

from django import forms

from audit.models import AuditEntry


class AuditFilterForm(forms.Form):
    """The audit page's filters; every field may be left empty."""

    actor = forms.CharField(label="User", required=False, max_length=150)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *AuditEntry.Action.choices]
    )
    target_type = forms.CharField(
        label="Object type", required=False, max_length=50, help_text="e.g. Campaign, User"
    )
    target_id = forms.CharField(label="Object id", required=False, max_length=64)
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    after = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "“To” must be on or after “From”.")
        return cleaned

    @property
    def filters(self) -> dict[str, Any]:
        """The cleaned filters, without the page position."""
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in ("after", "before") and value not in (None, "")
        }
