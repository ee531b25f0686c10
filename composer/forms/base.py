"""What every compose form shares: the recipient, the SMS fallback, formsets, and the final check.

A form's fields are its kind's payload builder's input (see composer.kinds). After its own checks
pass, `clean()` builds the exact 8x8 body and runs chatapps.validation over it; any problem that
remains is put on the field (or formset row) it concerns, so nothing 8x8 would refuse gets through.
Checking a form has no side effects: a file to upload waits in `pending_upload` (see
composer.forms.media).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict

from chatapps.validation import Problem, validate_message
from composer.forms.fields import (
    ALPHANUMERIC_SENDER_LIMIT,
    FALLBACK_TEXT_LIMIT,
    SMS_SOURCE_LIMIT,
    MsisdnField,
    msisdn_warning,
    text_field,
)
from composer.forms.formsets import RowFormSet
from composer.forms.media import PendingUpload, body_path, stand_in_url
from composer.forms.state import typed_value
from composer.payloads import TemplateSpec
from phone.sms import sms_segments

PATH_TOKEN = re.compile(r"\.([A-Za-z_]\w*)|\[(\d+)\]")
NUMERIC_SENDER = re.compile(r"\+?[0-9]+")
ALPHANUMERIC_SENDER = re.compile(r"[A-Za-z0-9 ]+")
Tokens = list[str | int]


@dataclass(frozen=True)
class Spot:
    """Where a problem shows: a field, a formset (row, nested row), or the whole form (all None)."""

    field: str | None = None
    formset: str | None = None
    index: int | None = None
    row: int | None = None


def path_tokens(path: str) -> Tokens:
    """ "$.content.interactive.action.sections[0].rows[2].title" → [..., "sections", 0, "rows", 2,
    "title"]."""
    return [name if name else int(number) for name, number in PATH_TOKEN.findall(path)]


class FormKind(Protocol):
    """What a form needs of its kind's registry entry (composer.kinds.Kind), which builds it."""

    @property
    def value(self) -> str: ...

    @property
    def fields_template(self) -> str: ...

    def payload_build(
        self, data: dict[str, Any], *, template: TemplateSpec | None = None
    ) -> dict[str, Any]: ...


@dataclass(frozen=True)
class _Waiting:
    """An upload the form has checked, before the body shows where its link goes."""

    file: UploadedFile
    content_type: str
    field: str
    url_field: str


class ComposeForm(forms.Form):
    formset_classes: ClassVar[dict[str, type[RowFormSet]]] = {}
    # Fields that are part of the form but never of its saved state (drafts, duplicates).
    transient_fields: ClassVar[tuple[str, ...]] = ("window_override",)

    msisdn = MsisdnField(
        label="Recipient",
        help_text="The customer's WhatsApp number in international format.",
    )
    fallback_text = text_field(
        FALLBACK_TEXT_LIMIT,
        label="SMS fallback text",
        required=False,
        rows=3,
        as_typed=True,
        authority="8x8",
        help_text="Sent by SMS instead when WhatsApp cannot deliver. Leave empty for no fallback.",
    )
    sms_encoding = forms.ChoiceField(
        label="SMS encoding",
        required=False,
        initial="AUTO",
        choices=[
            ("AUTO", "Auto (GSM-7 unless a character needs UCS-2)"),
            ("GSM7", "GSM-7 (160 characters per SMS)"),
            ("UCS2", "UCS-2 / Unicode (70 characters per SMS)"),
        ],
    )
    sms_source = forms.CharField(
        label="SMS sender ID",
        required=False,
        widget=forms.TextInput(attrs={"data-limit": str(SMS_SOURCE_LIMIT), "autocomplete": "off"}),
        help_text="Up to 11 letters, digits or spaces (e.g. TechStore), or a phone number. "
        "Empty: 8x8's default sender.",
    )
    window_override = forms.BooleanField(
        label="I know the window is open: send anyway (audited)", required=False
    )

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        entry: FormKind,
        initial: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        initial = dict(initial or {})
        super().__init__(data, files, initial=initial, **kwargs)
        self.entry = entry
        self.kind = entry.value
        self.fields_template = entry.fields_template
        self.pending_upload: PendingUpload | None = None
        self._waiting: _Waiting | None = None
        self.spec: TemplateSpec | None = None
        self.payload: dict[str, Any] | None = None
        self.warnings: dict[str, list[str]] = {}
        self.formsets: dict[str, RowFormSet] = {
            name: formset_class(
                data if self.is_bound else None,
                prefix=name,
                initial=initial.get(name) or None,
            )
            for name, formset_class in self.formset_classes.items()
        }

    # -- Validation ---------------------------------------------------------------------------

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return all([formset.is_valid() for formset in self.formsets.values()]) and valid

    def clean_msisdn(self) -> str:
        msisdn = self.cleaned_data["msisdn"]
        warning = msisdn_warning(msisdn)
        if warning:
            self.warnings.setdefault("msisdn", []).append(warning)
        return msisdn

    def clean_sms_source(self) -> str:
        source = self.cleaned_data["sms_source"]
        if not source:
            return source
        if len(source) > SMS_SOURCE_LIMIT:
            raise forms.ValidationError(
                f"SMS sender ID is {len(source)} characters; 8x8 allows {SMS_SOURCE_LIMIT}"
            )
        if NUMERIC_SENDER.fullmatch(source):
            return source
        if not ALPHANUMERIC_SENDER.fullmatch(source):
            raise forms.ValidationError(
                "An alphanumeric SMS sender ID may only use ASCII letters, digits and spaces"
            )
        if len(source) > ALPHANUMERIC_SENDER_LIMIT:
            raise forms.ValidationError(
                f"SMS sender ID is {len(source)} characters; an alphanumeric sender ID allows "
                f"{ALPHANUMERIC_SENDER_LIMIT}"
            )
        return source

    def payload_problems(self, payload: dict[str, Any]) -> list[Problem]:
        """Rules of this kind the body alone cannot tell the validator (none by default)."""
        return []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        formsets_valid = all([formset.is_valid() for formset in self.formsets.values()])
        self._clean_sms(cleaned)
        self.clean_composition(cleaned)
        if self.errors or not formsets_valid:
            return cleaned
        self.payload = self.entry.payload_build(self.cleaned_state(), template=self.spec)
        for problem in [*validate_message(self.payload), *self.payload_problems(self.payload)]:
            self.attach_problem(problem)
        if self.errors:
            self.payload = None
        else:
            self._pend_upload(self.payload)
        return cleaned

    # -- An upload: checked here, sent by composer.services once the message may go -----------

    def upload_wait(
        self, upload: UploadedFile, *, content_type: str, field: str, url_field: str
    ) -> None:
        """Called by resolve_media: `upload` passed its checks and its link is a stand-in."""
        self._waiting = _Waiting(upload, content_type, field, url_field)

    def _pend_upload(self, payload: dict[str, Any]) -> None:
        waiting = self._waiting
        if waiting is None:
            return
        path = body_path(payload, stand_in_url(waiting.file))
        if path is None:
            # The kind puts no link in the body for this choice: there is nothing to upload.
            return
        self.pending_upload = PendingUpload(
            file=waiting.file,
            content_type=waiting.content_type,
            field=waiting.field,
            url_field=waiting.url_field,
            path=path,
        )

    def upload_kept(self, url: str) -> None:
        """The file went up but the message did not: show its link, so it is not uploaded twice."""
        pending = self.pending_upload
        if pending is None:
            return
        # Bound data is an immutable QueryDict from a request (a dict in tests): change a copy.
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data[self.add_prefix(pending.url_field)] = url
        self.data = data
        if self.payload is not None:
            self.payload = pending.fill(self.payload, url)
        self.pending_upload = None

    def upload_refused(self, message: str) -> None:
        """8x8 did not take the file: say why on the upload field."""
        pending = self.pending_upload
        self.add_error(pending.field if pending else None, message)
        self.payload = self.pending_upload = None

    def _clean_sms(self, cleaned: dict[str, Any]) -> None:
        text, source = cleaned.get("fallback_text"), cleaned.get("sms_source")
        if source and not text:
            self.add_error("sms_source", "A sender ID only applies with an SMS fallback text")
        if not text or "fallback_text" in self.errors:
            return
        count = sms_segments(text, cleaned.get("sms_encoding") or "AUTO")
        if count.unsendable:
            chars = " ".join(count.unsendable[:10])
            self.add_error(
                "fallback_text",
                f"GSM-7 cannot carry {chars}; choose Auto or UCS-2, or remove them",
            )
        if count.truncated:
            self.add_error(
                "fallback_text",
                f"fallback text needs {count.segments_needed} SMS parts; 8x8 sends at most "
                f"{count.max_segments} and cuts the rest",
            )

    def clean_composition(self, cleaned: dict[str, Any]) -> None:
        """Checks across fields of one kind (hook); may set an upload waiting (resolve_media)."""

    # -- State: the form's fields as plain data -----------------------------------------------

    def cleaned_state(self) -> dict[str, Any]:
        state = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.transient_fields and not isinstance(value, UploadedFile)
        }
        for name, formset in self.formsets.items():
            state[name] = formset.cleaned_rows()
        return state

    def raw_state(self) -> dict[str, Any]:
        """What the user typed (valid or not): for drafts, previews and re-rendering."""
        state = {
            name: typed_value(self[name].value())
            for name, field in self.fields.items()
            if name not in self.transient_fields and not isinstance(field, forms.FileField)
        }
        for name, formset in self.formsets.items():
            state[name] = formset.raw_rows()
        return state

    def preview_payload(self) -> dict[str, Any]:
        """The body as far as it can be built from what is typed so far (never raises)."""
        return self.entry.payload_build(self.complete_state(self.raw_state()), template=self.spec)

    def complete_state(self, state: dict[str, Any]) -> dict[str, Any]:
        """What cleaning adds to typed values, so the preview shows the body that would go
        (hook: reply ids for rows left without one)."""
        return state

    # -- Problems from the final check, put where the user will see them --------------------

    def attach_problem(self, problem: Problem) -> None:
        tokens = path_tokens(problem.path)
        spot = self.common_spot(tokens) or self.locate(tokens) or Spot()
        self.add_problem(spot, problem.message)

    def common_spot(self, tokens: Tokens) -> Spot | None:
        match tokens:
            case ["user", *_]:
                return Spot(field="msisdn")
            case ["content", "fallbackText", *_]:
                return Spot(field="fallback_text")
            case ["content", "sms", "encoding", *_]:
                return Spot(field="sms_encoding")
            case ["content", "sms", *_]:
                return Spot(field="sms_source")
        return None

    def locate(self, tokens: Tokens) -> Spot | None:
        """The field a problem at `tokens` (a path inside the body) concerns; kinds override."""
        return None

    def add_problem(self, spot: Spot, message: str) -> None:
        if spot.formset is None or spot.formset not in self.formsets:
            field = spot.field if spot.field in self.fields else None
            if message not in self.errors.get(field or "__all__", []):
                self.add_error(field, message)
            return
        formset = self.formsets[spot.formset]
        forms_with_data = formset.filled_forms()
        if spot.index is None or spot.index >= len(forms_with_data):
            formset.non_form_errors().append(message)
            return
        form = forms_with_data[spot.index]
        if spot.row is not None:
            nested = form.nested_formset
            rows = nested.filled_forms() if nested is not None else []
            if spot.row >= len(rows):
                form.add_error(None, message)
                return
            form = rows[spot.row]
        form.add_error(spot.field if spot.field in form.fields else None, message)
