"""Filters on the message history page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from chatapps.loose import msisdn_normalise
from messaging.models import MessageKind, MessageStatus, OutboundMessage


class HistoryFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *MessageStatus.choices])
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *MessageKind.choices])
    msisdn = forms.CharField(
        label="Recipient",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "+65…"}),
    )

    def filter(self, messages: QuerySet[OutboundMessage]) -> QuerySet[OutboundMessage]:
        """The messages matching the valid filters (invalid ones are ignored and shown)."""
        if not self.is_valid():
            return messages
        data: dict[str, Any] = self.cleaned_data
        if data["status"]:
            messages = messages.filter(status=data["status"])
        if data["kind"]:
            messages = messages.filter(kind=data["kind"])
        if data["msisdn"]:
            messages = messages.filter(msisdn__contains=msisdn_normalise(data["msisdn"]))
        return messages
