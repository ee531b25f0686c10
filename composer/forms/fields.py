"""Fields and validators whose errors name WhatsApp's (or 8x8's) limit."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError

from chatapps.validation.fields import is_bare_host_url, is_http_url
from chatapps.validation.message import E164
from composer.payloads.common import message_text, msisdn_normalise

# WhatsApp's limits (Meta's message pages; 8x8's schema repeats them).
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
HEADER_TEXT_LIMIT = 60
BODY_LIMIT = 1024
FOOTER_LIMIT = 60
BUTTON_TITLE_LIMIT = 20
BUTTON_ID_LIMIT = 256
LIST_BUTTON_LIMIT = 20
SECTION_TITLE_LIMIT = 24
ROW_TITLE_LIMIT = 24
ROW_DESCRIPTION_LIMIT = 72
ROW_ID_LIMIT = 200
COUPON_CODE_LIMIT = 20
MAX_REPLY_BUTTONS = 3
MAX_SECTIONS = 10
MAX_ROWS = 10
MAX_PRODUCTS = 30
# 8x8's limits.
FALLBACK_TEXT_LIMIT = 35000
SMS_SOURCE_LIMIT = 16
ALPHANUMERIC_SENDER_LIMIT = 11  # carriers' limit for a sender name


class LengthLimit:
    """Refuse text longer than `limit`, saying how long it is and who sets the limit."""

    def __init__(self, limit: int, what: str, authority: str = "WhatsApp") -> None:
        self.limit, self.what, self.authority = limit, what, authority

    def __call__(self, value: str) -> None:
        if len(value) > self.limit:
            raise ValidationError(
                f"{self.what} is {len(value)} characters; {self.authority} allows {self.limit}",
                code="too_long",
            )


class MessageTextField(forms.CharField):
    """Text the customer reads, kept exactly as typed (newlines as \\n, no trimming)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strip=False, **kwargs)

    def to_python(self, value: Any) -> str:
        return message_text(super().to_python(value))


def text_field(
    limit: int,
    *,
    label: str,
    required: bool = True,
    rows: int = 0,
    help_text: str = "",
    authority: str = "WhatsApp",
    attrs: dict[str, Any] | None = None,
    as_typed: bool = False,
) -> forms.CharField:
    """A text field limited to `limit` characters, with a live counter (see composer.js).

    No HTML maxlength: the browser would silently cut pasted text, and the counter already warns.
    Its errors name the field by `label`, as the page shows it. `as_typed` keeps spaces and
    newlines (message text); other fields are trimmed.
    """
    widget_attrs = {"data-limit": str(limit), **(attrs or {})}
    widget: forms.Widget = (
        forms.Textarea(attrs={"rows": rows, **widget_attrs})
        if rows
        else forms.TextInput(attrs=widget_attrs)
    )
    field_class = MessageTextField if as_typed else forms.CharField
    return field_class(
        label=label,
        required=required,
        widget=widget,
        help_text=help_text,
        validators=[LengthLimit(limit, label, authority)],
        error_messages={"required": f"{label} is required."},
    )


def refuse_overlong(field: forms.Field, authority: str) -> None:
    """A model-backed field: no HTML maxlength (the browser would cut pasted text without a word)
    and, past its max_length, the same error as text_field's, naming the field by its label."""
    field.widget.attrs.pop("maxlength", None)
    field.error_messages["max_length"] = (
        f"{field.label} is %(show_value)d characters; {authority} allows %(limit_value)d"
    )


def shown(value: str, limit: int = 40) -> str:
    return f"'{value[:limit]}…'" if len(value) > limit else f"'{value}'"


class MsisdnField(forms.CharField):
    """A WhatsApp number typed any usual way ("+65 9123-4567", "0065…"), cleaned to E.164."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "type": "tel",
                    "inputmode": "tel",
                    "autocomplete": "off",
                    "placeholder": "+65 9123 4567",
                }
            ),
        )
        kwargs.setdefault("error_messages", {"required": "Recipient is required."})
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return msisdn_normalise(super().to_python(value))

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not E164.fullmatch(value):
            raise ValidationError(
                f"Recipient {shown(value)} is not an international number: write + then the "
                "country code and number (at most 15 digits), e.g. +65 9123 4567",
                code="invalid",
            )


def msisdn_warning(msisdn: str) -> str:
    """A caution for syntactically fine numbers no country uses (8x8's samples are such)."""
    try:
        parsed = phonenumbers.parse(msisdn, None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_valid_number(parsed):
        return ""
    return (
        f"{msisdn} does not look like a number in use in any country. It will be sent as "
        "typed; check it if this is a real customer."
    )


def media_url_error(value: str, *, what: str, allow_bare_host: bool = False) -> str:
    """Why `value` cannot be a media link, or "" when it can."""
    if any(char.isspace() for char in value):
        return f"{what} must not contain spaces"
    if is_http_url(value):
        return ""
    if allow_bare_host and is_bare_host_url(value):
        return ""  # 8x8's own template example sends "www.example.com/image.jpg"
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme and scheme not in ("http", "https") and "." not in scheme:
        return f"{what} must be an https:// link; '{scheme}:' links are not allowed"
    return f"{what} {shown(value)} is not a link: it must start with https://"


class MediaUrlField(forms.CharField):
    """An http(s) link to media WhatsApp downloads (no Django URLField: it guesses 'http://')."""

    def __init__(self, *, allow_bare_host: bool = False, **kwargs: Any) -> None:
        self.allow_bare_host = allow_bare_host
        kwargs.setdefault(
            "widget", forms.URLInput(attrs={"placeholder": "https://example.com/file"})
        )
        super().__init__(**kwargs)
        # One of a link or an upload is needed: neither is marked "optional" on the page.
        self.either_or = True

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value:
            what = str(self.label)  # the label as the page shows it names the field
            error = media_url_error(value, what=what, allow_bare_host=self.allow_bare_host)
            if error:
                raise ValidationError(error, code="invalid_url")


class CoordinateField(forms.CharField):
    """Latitude or longitude, kept as the text typed so the body shows what the user wrote."""

    def __init__(self, *, bound: int, label: str, **kwargs: Any) -> None:
        self.bound = bound
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        kwargs.setdefault("error_messages", {"required": f"{label} is required."})
        super().__init__(label=label, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if not value:
            return
        try:
            number = float(value)
        except ValueError:
            number = None
        if number is None or number != number or number in (float("inf"), float("-inf")):
            raise ValidationError(f"{self.label} must be a number (got {shown(value)})")
        if not -self.bound <= number <= self.bound:
            raise ValidationError(
                f"{self.label} must be between -{self.bound} and {self.bound} (got {value})"
            )
