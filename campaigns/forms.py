"""The campaign builder's form and send-to-many's: every rule checked, each error on its field."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from audience.selectors import LIST, SEGMENT, audience_choices
from campaigns.bodies import draft_content
from campaigns.models import DEFAULT_RATE, Campaign
from campaigns.services import SEND_TO_MANY_ROWS, Upload, paste_read, upload_read
from catalog.models import Template
from catalog.parameters import template_parameters_list
from composer.models import Draft
from messaging.models import MessageKind
from recipients.models import ContactList
from tabular.reading import CsvRefused

MAX_RATE = 1000  # messages a second; WhatsApp's highest throughput tier
TIME_ZONES = sorted(zoneinfo.available_timezones())
Source = Campaign.MessageSource
Kind = Campaign.AudienceKind


def approved_template_choices() -> list[tuple[str, str]]:
    return [
        (str(t.pk), f"{t.name} · {t.language} ({t.category.lower() or 'uncategorised'})")
        for t in Template.objects.all()
        if t.is_approved
    ]


def draft_choices(user: Any) -> list[tuple[str, str]]:
    drafts = Draft.objects.filter(owner=user, kind__in=MessageKind.free_form())
    return [(str(d.pk), f"{d.name} ({d.get_kind_display()})") for d in drafts]


class MessageFields(forms.Form):
    """Which message: an approved template, or one of the person's free-form drafts."""

    message_source = forms.ChoiceField(
        label="Message", choices=Source.choices, initial=Source.TEMPLATE, widget=forms.RadioSelect
    )
    template = forms.ChoiceField(label="Approved template", required=False)
    draft = forms.ChoiceField(
        label="Free-form message (one of your drafts)",
        required=False,
        help_text="Compose it in the composer and save it as a draft; it reaches only people "
        "inside their customer-service window.",
    )

    def __init__(self, *args: Any, user: Any, campaign: Campaign | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.campaign = campaign
        self.fields["template"].choices = [("", "Choose a template…"), *approved_template_choices()]  # type: ignore[attr-defined]
        self.fields["draft"].choices = [("", "Choose a draft…"), *draft_choices(user)]  # type: ignore[attr-defined]
        self.drafts = {str(d.pk): d for d in Draft.objects.filter(owner=user)}

    def clean_message(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        """The model fields of the chosen message; errors go on the field at fault."""
        source = cleaned.get("message_source")
        if source == Source.TEMPLATE:
            if not cleaned.get("template"):
                self.add_error("template", "Choose an approved template to send.")
                return {}
            return {"message_source": source, "template_id": int(cleaned["template"])}
        if source != Source.FREE_FORM:
            return {}
        draft = self.drafts.get(cleaned.get("draft") or "")
        if draft is None:
            if self.campaign is not None and self.campaign.free_form_payload:
                return {"message_source": source, "template_id": None}  # keeps the one chosen
            self.add_error("draft", "Choose a saved draft to send as the free-form message.")
            return {}
        content, problems = draft_content(draft.kind, draft.form_data)
        if problems:
            self.add_error("draft", f"The draft “{draft.name}” cannot be sent: {problems[0]}")
            return {}
        return {
            "message_source": source,
            "template_id": None,
            "free_form_kind": draft.kind,
            "free_form_payload": content,
        }


class CampaignForm(MessageFields):
    name = forms.CharField(label="Name", max_length=200)
    window_split = forms.BooleanField(
        label="Window split: send a template to those outside their window", required=False
    )
    split_template = forms.ChoiceField(
        label="Template for those outside the window", required=False
    )
    audience_kind = forms.ChoiceField(
        label="Audience", choices=Kind.choices, initial=Kind.LIST, widget=forms.RadioSelect
    )
    audience = forms.ChoiceField(label="List or segment", required=False)
    audience_file = forms.FileField(
        label="CSV file of numbers",
        required=False,
        help_text="A number column and any others: each extra column can fill a template "
        "parameter for its row (a document link per recipient, say).",
    )
    number_column = forms.CharField(
        label="Number column", max_length=100, required=False, help_text="Empty: guessed."
    )
    sms_fallback_text = forms.CharField(
        label="SMS fallback text",
        required=False,
        max_length=1600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sent as an SMS when WhatsApp cannot deliver; {{1}} takes the body's {{1}}.",
    )
    sms_source = forms.CharField(label="SMS sender id", max_length=16, required=False)
    schedule = forms.ChoiceField(
        label="When",
        choices=[("now", "As soon as launched"), ("later", "At a date and time")],
        initial="now",
        widget=forms.RadioSelect,
    )
    start_at = forms.DateTimeField(
        label="Send at",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    time_zone = forms.ChoiceField(label="Time zone", choices=[(z, z) for z in TIME_ZONES])
    quiet_start = forms.TimeField(label="Quiet hours from", required=False)
    quiet_end = forms.TimeField(
        label="Quiet hours until",
        required=False,
        help_text="In each recipient's own time zone (the campaign's when they have none).",
    )
    rate = forms.IntegerField(
        label="Rate (messages a second)",
        min_value=1,
        max_value=MAX_RATE,
        initial=DEFAULT_RATE,
        help_text="WhatsApp's standard throughput is 80 a second.",
    )
    test_list = forms.ChoiceField(label="Test list", required=False)

    def __init__(self, *args: Any, user: Any, campaign: Campaign | None = None, **kw: Any):
        super().__init__(*args, user=user, campaign=campaign, **kw)
        self.fields["time_zone"].initial = settings.TIME_ZONE
        templates = self.fields["template"].choices  # type: ignore[attr-defined]
        self.fields["split_template"].choices = templates  # type: ignore[attr-defined]
        audiences = [(a.key, f"{a.name} ({a.kind})") for a in audience_choices()]
        self.fields["audience"].choices = [("", "Choose a list or segment…"), *audiences]  # type: ignore[attr-defined]
        lists = [(str(pk), name) for pk, name in ContactList.objects.values_list("pk", "name")]
        self.fields["test_list"].choices = [("", "No test list"), *lists]  # type: ignore[attr-defined]
        self.column_fields: list[str] = []
        self.upload: Upload | None = None
        if campaign is not None and campaign.template is not None and campaign.upload_columns:
            columns = [("", "— the template's own mapping —")]
            columns += [(c, c) for c in campaign.upload_columns]
            for parameter in template_parameters_list(campaign.template):
                name = f"column_{parameter.key}"
                self.fields[name] = forms.ChoiceField(
                    label=f"Column for {parameter.label}", choices=columns, required=False
                )
                self.column_fields.append(name)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.model_fields = self.clean_message(cleaned)
        self._clean_split(cleaned)
        self._clean_audience(cleaned)
        self._clean_schedule(cleaned)
        self._clean_rest(cleaned)
        return cleaned

    def _clean_split(self, cleaned: dict[str, Any]) -> None:
        split = bool(cleaned.get("window_split"))
        template = cleaned.get("split_template") or None
        if split and not template:
            self.add_error("split_template", "Choose the template to send outside the window.")
        self.model_fields.update(window_split=split, split_template_id=template and int(template))

    def _clean_audience(self, cleaned: dict[str, Any]) -> None:
        kind = cleaned.get("audience_kind")
        fields: dict[str, Any] = {
            "audience_kind": kind,
            "contact_list_id": None,
            "segment_id": None,
        }
        if kind in (Kind.LIST, Kind.SEGMENT):
            chosen, _, pk = (cleaned.get("audience") or "").partition(":")
            wanted = LIST if kind == Kind.LIST else SEGMENT
            if chosen != wanted or not pk.isdigit():
                self.add_error("audience", f"Choose a {Kind(kind).label.lower()} to send to.")
            else:
                fields["contact_list_id" if kind == Kind.LIST else "segment_id"] = int(pk)
        elif kind == Kind.UPLOAD:
            file = cleaned.get("audience_file")
            if file is not None:
                try:
                    self.upload = upload_read(file, column=cleaned.get("number_column") or "")
                except CsvRefused as refusal:
                    self.add_error("audience_file", str(refusal))
            elif self.campaign is None or not self.campaign.recipients.exists():
                self.add_error("audience_file", "Upload a CSV file with a column of numbers.")
        self.model_fields.update(fields)

    def _clean_schedule(self, cleaned: dict[str, Any]) -> None:
        zone = zoneinfo.ZoneInfo(cleaned.get("time_zone") or "UTC")
        start_at = None
        if cleaned.get("schedule") == "later":
            local = cleaned.get("start_at")
            if local is None:
                if "start_at" not in self.errors:
                    self.add_error("start_at", "Give the date and time to send at.")
            else:
                start_at = datetime.combine(local.date(), local.time(), tzinfo=zone)
                if start_at <= timezone.now():
                    self.add_error("start_at", "The time to send at has passed; give a later one.")
        quiet = (cleaned.get("quiet_start"), cleaned.get("quiet_end"))
        if (quiet[0] is None) != (quiet[1] is None):
            field = "quiet_end" if quiet[1] is None else "quiet_start"
            self.add_error(field, "Give both ends of the quiet hours, or neither.")
        elif quiet[0] is not None and quiet[0] == quiet[1]:
            self.add_error("quiet_end", "Quiet hours must end at another time than they start.")
        self.model_fields.update(
            start_at=start_at,
            time_zone=cleaned.get("time_zone") or "UTC",
            quiet_start=quiet[0],
            quiet_end=quiet[1],
        )

    def _clean_rest(self, cleaned: dict[str, Any]) -> None:
        test_list = cleaned.get("test_list") or None
        self.model_fields.update(
            name=cleaned.get("name", ""),
            sms_fallback_text=cleaned.get("sms_fallback_text", ""),
            sms_source=cleaned.get("sms_source", ""),
            rate=cleaned.get("rate") or DEFAULT_RATE,
            test_list_id=test_list and int(test_list),
        )
        if self.column_fields:
            self.model_fields["column_map"] = {
                name.removeprefix("column_"): cleaned[name]
                for name in self.column_fields
                if cleaned.get(name)
            }


def campaign_initial(campaign: Campaign) -> dict[str, Any]:
    """The builder's fields for a saved campaign."""
    audience = ""
    if campaign.contact_list_id:
        audience = f"{LIST}:{campaign.contact_list_id}"
    elif campaign.segment_id:
        audience = f"{SEGMENT}:{campaign.segment_id}"
    zone = zoneinfo.ZoneInfo(campaign.time_zone or "UTC")
    start = campaign.start_at.astimezone(zone).replace(tzinfo=None) if campaign.start_at else None
    initial = {
        "name": campaign.name,
        "message_source": campaign.message_source,
        "template": str(campaign.template_id or ""),
        "window_split": campaign.window_split,
        "split_template": str(campaign.split_template_id or ""),
        "audience_kind": campaign.audience_kind,
        "audience": audience,
        "sms_fallback_text": campaign.sms_fallback_text,
        "sms_source": campaign.sms_source,
        "schedule": "later" if start else "now",
        "start_at": start,
        "time_zone": campaign.time_zone,
        "quiet_start": campaign.quiet_start,
        "quiet_end": campaign.quiet_end,
        "rate": campaign.rate,
        "test_list": str(campaign.test_list_id or ""),
    }
    for key, column in (campaign.column_map or {}).items():
        initial[f"column_{key}"] = column
    return initial


class SendToManyForm(MessageFields):
    """Numbers pasted or a small CSV, and the message: a small campaign from the composer."""

    numbers = forms.CharField(
        label="Numbers, one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Up to {SEND_TO_MANY_ROWS}.",
    )
    audience_file = forms.FileField(
        label="Or a small CSV",
        required=False,
        help_text="A number column and per-row values, e.g. a document link per recipient.",
    )
    sms_fallback_text = CampaignForm.base_fields["sms_fallback_text"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.model_fields = self.clean_message(cleaned)
        self.upload = None
        try:
            if cleaned.get("audience_file") is not None:
                self.upload = upload_read(cleaned["audience_file"], limit=SEND_TO_MANY_ROWS)
            elif (cleaned.get("numbers") or "").strip():
                self.upload = paste_read(cleaned["numbers"])
            else:
                self.add_error("numbers", "Paste the numbers to send to, or upload a CSV.")
        except CsvRefused as refusal:
            field = "audience_file" if cleaned.get("audience_file") is not None else "numbers"
            self.add_error(field, str(refusal))
        self.model_fields.update(
            origin=Campaign.Origin.SEND_TO_MANY,
            audience_kind=Kind.UPLOAD,
            sms_fallback_text=cleaned.get("sms_fallback_text", ""),
        )
        return cleaned
