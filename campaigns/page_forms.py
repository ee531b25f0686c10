"""The campaign page's forms: the recipients drill-down's filter."""

from __future__ import annotations

from typing import Any

from django import forms

from campaigns.selectors import COUNTER_LABELS, COUNTER_STATUSES, Reason, reason_parse

STATUS_CHOICES = [("", "Any status")] + [(key, COUNTER_LABELS[key]) for key in COUNTER_STATUSES]


class RecipientFilterForm(forms.Form):
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    reason = forms.CharField(
        required=False,
        max_length=100,
        widget=forms.HiddenInput,
        help_text="A failure reason from the campaign page's failures table.",
    )
    after = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    before = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def clean_reason(self) -> Reason | None:
        key = self.cleaned_data["reason"]
        if not key:
            return None
        reason = reason_parse(key)
        if reason is None:
            raise forms.ValidationError(
                "reason must be code:whatsapp code:detail, as the failures table links it."
            )
        return reason

    def valid(self) -> dict[str, Any]:
        """The fields that are valid: a bad one filters nothing and its error is shown."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    def filters(self) -> dict[str, Any]:
        data = self.valid()
        return {"counter": data.get("status") or "", "reason": data.get("reason")}

    def page(self) -> dict[str, int | None]:
        data = self.valid()
        return {"after": data.get("after"), "before": data.get("before")}
