"""Filters on the message history page."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet

from messaging.history import messages_filtered
from messaging.models import MessageKind, MessageStatus, OutboundMessage

NUMBER_SEARCH = re.compile(r"[\d\s()+.-]+")
SEARCH_DIGITS_MAX = 15  # E.164 numbers have at most 15 digits


class IdChoiceField(forms.TypedChoiceField):
    """A menu of ids that also takes any other id (a link from an older campaign's page)."""

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit() and len(str(value)) < 19


class NameChoiceField(forms.ChoiceField):
    """A menu of the catalog's template names that also takes one no longer in it (a message
    keeps the name it was sent with)."""

    def valid_value(self, value: Any) -> bool:
        text = str(value)  # template names are printable; a NUL would not even reach PostgreSQL
        return 0 < len(text) <= 512 and text.isprintable()


class HistoryFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *MessageStatus.choices])
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *MessageKind.choices])
    campaign = IdChoiceField(required=False, coerce=int, empty_value=None)
    template = NameChoiceField(required=False)
    sender = IdChoiceField(required=False, coerce=int, empty_value=None)
    msisdn = forms.CharField(
        label="Number starts with",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "+65 9123…"}),
    )
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["campaign"].choices = [("", "Any campaign"), *choices["job"]]
        fields["template"].choices = [("", "Any template"), *choices["template"]]
        fields["sender"].choices = [("", "Anyone"), *choices["sender"]]

    def clean_msisdn(self) -> str:
        """The digits of the number's start: "+65 9123-4" → "+6591234"."""
        text = self.cleaned_data["msisdn"].strip()
        if not text:
            return ""
        if not NUMBER_SEARCH.fullmatch(text):
            raise forms.ValidationError(
                "Type the start of a phone number: digits, spaces, + ( ) . or - only."
            )
        digits = re.sub(r"\D", "", text)
        if text.startswith("00"):
            digits = digits[2:]
        if not digits:
            raise forms.ValidationError("Type at least one digit of the number.")
        if len(digits) > SEARCH_DIGITS_MAX:
            raise forms.ValidationError(
                f"The number has {len(digits)} digits; phone numbers have at most 15."
            )
        return "+" + digits

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The end date is before the start date.")
        return data

    @property
    def filtered(self) -> bool:
        return bool(self.params())

    def params(self) -> dict[str, Any]:
        """The valid filters that are set, as JSON-ready values (an export keeps them)."""
        if not self.is_valid():
            return {}
        return {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        }

    def filter(self, messages: QuerySet[OutboundMessage]) -> QuerySet[OutboundMessage]:
        """The messages matching the valid filters (invalid ones are ignored and shown)."""
        return messages_filtered(messages, self.params())
