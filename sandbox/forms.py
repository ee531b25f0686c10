"""The Sandbox page's forms: its settings (timetable, number lists, faults) and customer replies."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from sandbox.models import SandboxConfig
from sandbox.services import REPLY_KINDS
from sandbox.template_review import QUALITY_SCORES, REJECT_REASONS
from sandbox.webhooks import is_product_url, product_origin

NUMBER = re.compile(r"\+?[0-9][0-9 ]{5,18}")
PERCENT_FIELDS = ("rate_limit_percent", "server_error_percent", "drop_percent")
LIMITS = {
    "delivered_after_seconds": 3600,
    "read_after_seconds": 86400,
    "retry_after_seconds": 3600,
    "slow_response_ms": 60000,
    "template_review_seconds": 86400,
}


class SandboxConfigForm(forms.ModelForm):
    # Declared so a bare host reads as http://, which is what a local receiver speaks.
    webhook_url = forms.URLField(
        max_length=500,
        required=False,
        assume_scheme="http",
        label="Webhook URL",
        help_text="Blank: this product's /webhooks/8x8/. Only this product's own address.",
    )

    def clean_webhook_url(self) -> str:
        url = self.cleaned_data.get("webhook_url") or ""
        if url and not is_product_url(url):
            raise forms.ValidationError(
                f"Webhook URL must be on this product's own address ({product_origin()}): the "
                "sandbox posts receipts, with the webhook secret, nowhere else."
            )
        return url

    class Meta:
        model = SandboxConfig
        fields = [
            "delivered_after_seconds",
            "read_after_seconds",
            "unreachable_numbers",
            "outside_window_numbers",
            "opted_out_numbers",
            "webhooks_enabled",
            "webhook_url",
            "webhook_authorization",
            "rate_limit_percent",
            "retry_after_seconds",
            "server_error_percent",
            "server_error_status",
            "slow_response_ms",
            "drop_percent",
            "wrong_region",
            "template_review_seconds",
            "template_reject_names",
            "template_reject_reason",
        ]
        labels = {
            "delivered_after_seconds": "Delivered after (seconds)",
            "read_after_seconds": "Read after delivery (seconds)",
            "unreachable_numbers": "Unreachable numbers",
            "outside_window_numbers": "Numbers whose window is closed anyway",
            "opted_out_numbers": "Numbers opted out of marketing",
            "webhooks_enabled": "Send webhooks",
            "webhook_url": "Webhook URL",
            "webhook_authorization": "Webhook Authorization header",
            "rate_limit_percent": "Answer 429 (% of requests)",
            "retry_after_seconds": "Retry-After (seconds)",
            "server_error_percent": "Answer a server error (% of requests)",
            "server_error_status": "Server error status",
            "slow_response_ms": "Slow responses (ms)",
            "drop_percent": "Drop the connection after storing (% of requests)",
            "wrong_region": "Wrong region (403, code 1201)",
            "template_review_seconds": "Template review takes (seconds)",
            "template_reject_names": "Templates Meta rejects",
            "template_reject_reason": "Rejection reason",
        }
        help_texts = {
            "unreachable_numbers": "One per line. Undelivered, error 15 Invalid destination.",
            "outside_window_numbers": (
                "Free-form messages to a customer who has not written in 24 hours are always "
                "undelivered (1022 / Meta 131047); numbers here are refused even after they write."
            ),
            "opted_out_numbers": "Marketing templates are undelivered (1051 / Meta 131050).",
            "webhook_authorization": "Blank: the first of CHATAPPS_WEBHOOK_SECRETS.",
            "template_reject_names": "Template names, one per line: rejected at review, the "
            "rest approved.",
        }
        widgets = {
            "unreachable_numbers": forms.Textarea(attrs={"rows": 2}),
            "outside_window_numbers": forms.Textarea(attrs={"rows": 2}),
            "opted_out_numbers": forms.Textarea(attrs={"rows": 2}),
            "template_reject_names": forms.Textarea(attrs={"rows": 2}),
            "template_reject_reason": forms.Select(choices=[(r, r) for r in REJECT_REASONS]),
            "webhook_authorization": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in PERCENT_FIELDS:
            self.fields[name].widget.attrs.update(min=0, max=100)
        for name, most in LIMITS.items():
            self.fields[name].widget.attrs.update(min=0, max=most)
        # No HTML maxlength: it cuts pasted text without a word; too long gets an error instead.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def clean_template_reject_reason(self) -> str:
        reason = self.cleaned_data.get("template_reject_reason") or ""
        if reason not in REJECT_REASONS:
            raise forms.ValidationError(f"one of {', '.join(REJECT_REASONS)}.")
        return reason

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in PERCENT_FIELDS:
            value = cleaned.get(name)
            if value is not None and value > 100:
                self.add_error(name, f"a share from 0 to 100 %, not {value}.")
        for name, most in LIMITS.items():
            value = cleaned.get(name)
            if value is not None and value > most:
                self.add_error(name, f"at most {most}, not {value}.")
        retry_after = cleaned.get("retry_after_seconds")
        if retry_after is not None and retry_after < 1:
            self.add_error("retry_after_seconds", "at least 1 second.")
        for name in ("unreachable_numbers", "outside_window_numbers", "opted_out_numbers"):
            self._check_numbers(name, cleaned.get(name) or "")
        return cleaned

    def _check_numbers(self, name: str, text: str) -> None:
        bad = [item.strip() for item in re.split(r"[\n,;]+", text) if item.strip()]
        bad = [item for item in bad if not NUMBER.fullmatch(item)]
        if bad:
            shown = ", ".join(bad[:3])
            self.add_error(
                name, f"{shown} is not a phone number (+ then 6 to 15 digits, one per line)."
            )


class CustomerReplyForm(forms.Form):
    phone = forms.RegexField(
        regex=r"^\+[1-9][0-9]{3,14}$",
        max_length=16,
        error_messages={"invalid": "must be an E.164 number: + then up to 15 digits."},
    )
    kind = forms.ChoiceField(choices=[(kind, kind) for kind in REPLY_KINDS])
    text = forms.CharField(max_length=4096, required=False)


class TemplateQualityForm(forms.Form):
    """Meta rates a template: the sandbox posts template_quality_update with the new score."""

    template = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.ChoiceField(choices=[(s, s.title()) for s in QUALITY_SCORES], label="Quality")
