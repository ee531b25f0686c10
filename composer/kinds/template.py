"""Template sends: pick an approved template, then fill exactly the parameters it takes."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from catalog.models import Template
from catalog.parameters import Mapping, template_mapping
from chatapps.loose import msisdn_normalise
from chatapps.validation import Problem, authentication_code_problems
from chatapps.validation.message import E164
from composer.forms.base import ComposeForm, Spot, Tokens
from composer.forms.fields import (
    BODY_LIMIT,
    COUPON_CODE_LIMIT,
    HEADER_TEXT_LIMIT,
    CoordinateField,
    MediaUrlField,
    text_field,
)
from composer.forms.media import media_upload_check, resolve_media, upload_field
from composer.kinds.base import Kind
from composer.payloads import TemplateSpec, parse_template_key, template_key, template_spec
from composer.payloads.common import as_dict, as_list
from composer.payloads.template import (
    COUPON,
    OTP,
    PAYLOAD,
    URL_SUFFIX,
    fill,
    template_content,
    template_form_data,
)
from messaging.models import MessageKind
from recipients.parameters import template_parameters_for_number

# Every field name a template's parameters can have; used to spot parameters it does not take.
PARAMETER_KEY = re.compile(r"header_(text|url|latitude|longitude|name|address)|body_\d+|button_\d+")


def approved_templates() -> list[Template]:
    return [template for template in Template.objects.all() if template.is_approved]


def describe_parameter(key: str) -> str:
    """ "body_3" → "body {{3}}", "button_1" → "button 2", "header_url" → "header media"."""
    if key.startswith("body_"):
        return f"body {{{{{key[5:]}}}}}"
    if key.startswith("button_"):
        return f"button {int(key[7:]) + 1}"
    return {"header_text": "header text", "header_url": "header media"}.get(key, "header location")


def _required(label: str, spec: TemplateSpec) -> dict[str, str]:
    return {"required": f"{label} is required: template {spec.name} needs it."}


def parameter_fields(spec: TemplateSpec) -> dict[str, forms.Field]:
    """One field per parameter of the template, labelled with its placeholder."""
    fields: dict[str, forms.Field] = {}
    if spec.header_format == "TEXT" and spec.header_params:
        label = f"Header {{{{{spec.header_params[0]}}}}}"
        fields["header_text"] = forms.CharField(
            label=label,
            help_text=f"In: {spec.header_text}",
            error_messages=_required(label, spec),
        )
    elif spec.header_media:
        fields["header_url"] = MediaUrlField(
            allow_bare_host=True,
            label=f"Header {spec.header_media} link",
            required=False,
            help_text=f"The {spec.header_media} shown above the message.",
        )
        fields["header_upload"] = upload_field(spec.header_media)
    elif spec.header_format == "LOCATION":
        fields["header_latitude"] = CoordinateField(bound=90, label="Header location latitude")
        fields["header_longitude"] = CoordinateField(bound=180, label="Header location longitude")
        fields["header_name"] = forms.CharField(label="Location name", required=False)
        fields["header_address"] = forms.CharField(label="Location address", required=False)
    for position, name in enumerate(spec.body_params, start=1):
        label = f"Body {{{{{name}}}}}"
        example = spec.body_examples[position - 1] if position <= len(spec.body_examples) else ""
        fields[f"body_{position}"] = forms.CharField(
            label=label,
            help_text=f"e.g. {example}" if example else "",
            error_messages=_required(label, spec),
        )
    for button in spec.buttons:
        title = f"Button “{button.text}”"
        if button.parameter == URL_SUFFIX:
            fields[button.field] = forms.CharField(
                label=f"{title}: end of the link",
                help_text=f"Completes {button.url}",
                error_messages=_required(f"{title} link ending", spec),
            )
        elif button.parameter == COUPON:
            fields[button.field] = text_field(COUPON_CODE_LIMIT, label=f"{title}: coupon code")
        elif button.parameter == OTP:
            fields[button.field] = forms.CharField(
                label=f"{title}: one-time code",
                required=False,
                help_text="Empty: the code given for body {{1}}.",
            )
        elif button.parameter == PAYLOAD:
            fields[button.field] = forms.CharField(
                label=f"{title}: reply payload",
                required=False,
                help_text="Comes back to you when the customer taps it.",
            )
    return fields


def _mapped(field: forms.Field, mapping: Mapping) -> None:
    """A mapped parameter may be left empty: say where its value will come from."""
    field.required = False
    hint = mapping.describe()
    field.help_text = f"Empty: {hint}." + (f" {field.help_text}" if field.help_text else "")
    field.widget.attrs["placeholder"] = hint


class TemplateForm(ComposeForm):
    template = forms.ChoiceField(
        label="Template",
        choices=(),
        error_messages={
            "required": "Choose a template.",
            "invalid_choice": "%(value)s is not an approved template: sync templates, then "
            "choose an APPROVED one.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.templates = approved_templates()
        self.fields["template"].choices = [("", "Choose a template…")] + [  # type: ignore[attr-defined]
            (template_key(t.name, t.language), f"{t.name} · {t.language}") for t in self.templates
        ]
        key = self.data.get("template") if self.is_bound else self.initial.get("template")
        self.template_row = next(
            (t for t in self.templates if template_key(t.name, t.language) == key), None
        )
        self.spec = template_spec(self.template_row) if self.template_row else None
        params = parameter_fields(self.spec) if self.spec else {}
        rest = {name: field for name, field in self.fields.items() if name != "msisdn"}
        self.fields = {"msisdn": self.fields["msisdn"], **params, **rest}
        self.parameter_names = list(params)
        self.mappings = template_mapping(self.template_row) if self.template_row else {}
        for key, mapping in self.mappings.items():
            if key in params:
                _mapped(params[key], mapping)

    def payload_problems(self, payload: dict[str, Any]) -> list[Problem]:
        category = self.template_row.category.upper() if self.template_row else ""
        return authentication_code_problems(payload) if category == "AUTHENTICATION" else []

    @property
    def parameter_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.parameter_names]

    def clean_header_upload(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("header_upload")
        if upload and self.spec is not None and self.spec.header_media:
            media_upload_check(upload, media=self.spec.header_media)
        return upload

    def clean_composition(self, cleaned: dict[str, Any]) -> None:
        spec = self.spec
        if spec is None:
            return
        extra = [
            key
            for key in self.data
            if PARAMETER_KEY.fullmatch(key)
            and key not in self.fields
            and str(self.data.get(key) or "").strip()
        ]
        if extra:
            given = ", ".join(describe_parameter(key) for key in extra)
            self.add_error(
                "template",
                f"{spec.name} ({spec.language}) takes no {given}; a value was sent for it. "
                "Choose the template again to get its parameters.",
            )
        self._fill_from_contact(cleaned)
        if spec.header_media:
            resolve_media(
                self, url_field="header_url", upload_field="header_upload", media=spec.header_media
            )
        self._check_filled_lengths(spec, cleaned)

    def _given(self, values: dict[str, Any]) -> dict[str, Any]:
        given = {name: values.get(name) for name in self.parameter_names}
        if values.get("header_upload"):
            # A file chosen for the header is its value: the mapping does not replace it.
            given["header_url"] = "upload"
        return given

    def _fill_from_contact(self, cleaned: dict[str, Any]) -> None:
        """Parameters left empty take their mapped value for the recipient's contact; one that
        still has none is an error on its field, naming why."""
        msisdn = cleaned.get("msisdn")
        if not self.mappings or self.template_row is None or not msisdn:
            return  # nothing mapped, or the number's own error is shown
        given = self._given(cleaned)
        resolved = template_parameters_for_number(self.template_row, msisdn, given)
        for missing in resolved.missing:
            if missing.key in self.fields and missing.key not in self.errors:
                self.add_error(missing.key, str(missing))
        for key in self.mappings:
            if not given.get(key) and key in resolved.values and key not in self.errors:
                cleaned[key] = resolved.values[key]

    def complete_state(self, state: dict[str, Any]) -> dict[str, Any]:
        """The preview shows the mapped values the typed number's contact would get."""
        if not self.mappings or self.template_row is None:
            return state
        msisdn = msisdn_normalise(state.get("msisdn"))
        given = self._given(state)
        resolved = template_parameters_for_number(
            self.template_row, msisdn if E164.fullmatch(msisdn) else "", given
        )
        filled = {key: resolved.values[key] for key in self.mappings if key in resolved.values}
        return {**state, **{key: value for key, value in filled.items() if not given.get(key)}}

    def _check_filled_lengths(self, spec: TemplateSpec, cleaned: dict[str, Any]) -> None:
        """WhatsApp counts the text with parameters filled in against its limits."""
        values = [cleaned.get(f"body_{n}") or "" for n in range(1, len(spec.body_params) + 1)]
        body = fill(spec.body_text, spec.body_params, values)
        if values and all(values) and len(body) > BODY_LIMIT:
            self.add_error(
                "body_1",
                f"Body with its parameters filled in is {len(body)} characters; "
                f"WhatsApp allows {BODY_LIMIT}",
            )
        if cleaned.get("header_text"):
            header = fill(spec.header_text, spec.header_params, [cleaned["header_text"]])
            if len(header) > HEADER_TEXT_LIMIT:
                self.add_error(
                    "header_text",
                    f"Header with its parameter filled in is {len(header)} characters; "
                    f"WhatsApp allows {HEADER_TEXT_LIMIT}",
                )

    def locate(self, tokens: Tokens) -> Spot | None:
        match tokens:
            case ["content", "template", "components", int(index), *rest]:
                return self._component_spot(index, rest)
            case ["content", "template", *_]:
                return Spot(field="template")
        return None

    def _component_spot(self, index: int, rest: Tokens) -> Spot | None:
        template = as_dict(as_dict((self.payload or {}).get("content")).get("template"))
        components = as_list(template.get("components"))
        component = as_dict(components[index]) if index < len(components) else {}
        kind = str(component.get("type", "")).lower()
        if kind == "body" and rest[:1] == ["parameters"] and len(rest) > 1:
            return Spot(field=f"body_{int(rest[1]) + 1}")
        if kind == "button":
            return Spot(field=f"button_{component.get('index')}")
        if kind == "header":
            for key in ("latitude", "longitude", "name", "address"):
                if key in rest:
                    return Spot(field=f"header_{key}")
            return Spot(field="header_text" if "header_text" in self.fields else "header_url")
        return Spot(field="template")


def template_send_content(data: dict[str, Any], template: TemplateSpec | None) -> dict[str, Any]:
    if template is not None:
        return template_content(data, template)
    # No registered template chosen (yet): name what was picked so the preview has something.
    name, language = parse_template_key(data.get("template")) or ("", "")
    return {"template": {"name": name, "language": language}}


KIND = Kind(
    value=MessageKind.TEMPLATE,
    icon="☑",
    description="An approved template: works outside the 24 h window",
    form_class=TemplateForm,
    fields_template="composer/kinds/template.html",
    message_type="template",
    content_build=template_send_content,
    content_read=template_form_data,
)
