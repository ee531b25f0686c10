"""The inbox's own forms; the reply box is the composer's forms (composer.kinds)."""

from __future__ import annotations

from typing import Any

from django import forms

from access.permissions import VIEW_ALL_HISTORY, perm
from inbox.models import QuickReply
from inbox.selectors import inbox_agents

NOTE_LIMIT = 2000
# WhatsApp's limit for a text message: a quick reply is dropped into the text reply as it is.
QUICK_REPLY_LIMIT = 4096


def _limited(value: str, limit: int, what: str) -> str:
    if len(value) > limit:
        raise forms.ValidationError(
            f"The {what} is {len(value)} characters; at most {limit} are allowed."
        )
    return value


class AssignForm(forms.Form):
    """Who the conversation goes to. Someone who sees only their own queue (Support) may take
    it or let it go; someone who sees every conversation may give it to any inbox user."""

    assignee: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Nobody (unassigned)", label="Assigned to"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agents = inbox_agents()
        if not user.has_perm(perm(VIEW_ALL_HISTORY)):
            agents = agents.filter(pk=user.pk)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agents
        field.error_messages["invalid_choice"] = (
            "Choose yourself, nobody, or someone who may use the inbox."
        )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Internal note",
        widget=forms.Textarea(attrs={"rows": 2}),
        strip=True,
        help_text="Only your team sees notes; the customer never does.",
    )

    def clean_text(self) -> str:
        return _limited(self.cleaned_data["text"], NOTE_LIMIT, "note")


class QuickReplyForm(forms.ModelForm):
    class Meta:
        model = QuickReply
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"title": "What agents pick it by.", "text": "The answer, as it is sent."}

    def clean_text(self) -> str:
        return _limited(self.cleaned_data["text"].strip(), QUICK_REPLY_LIMIT, "answer")
