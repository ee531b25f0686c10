"""The form of one row on a template's mapping page: where one parameter's value comes from.

Every error starts with the parameter it is about ("body {{1}}: …"), as it is shown beside the
row and read by a screen reader out of context.
"""

from __future__ import annotations

from typing import Any

from django import forms

from catalog.models import Template
from catalog.parameters import (
    ATTRIBUTE,
    ATTRIBUTE_KEY_LIMIT,
    CONTACT_FIELDS,
    FIELD,
    FIXED,
    Mapping,
    Parameter,
    template_mapping,
    template_parameters_list,
)
from chatapps.validation.fields import is_bare_host_url, is_http_url

NONE = ""
SOURCE_CHOICES = [
    (NONE, "Typed at each send"),
    *[(f"{FIELD}:{key}", f"Contact {label}") for key, label in CONTACT_FIELDS.items()],
    (ATTRIBUTE, "Custom attribute"),
    (FIXED, "Fixed value"),
]
# WhatsApp refuses a parameter holding a line break or a tab (Meta error 132018).
FORBIDDEN = ("\n", "\r", "\t")


class ParameterMappingForm(forms.Form):
    source = forms.ChoiceField(label="Source", choices=SOURCE_CHOICES, required=False)
    text = forms.CharField(
        label="Attribute key or fixed value", required=False, strip=True, max_length=5000
    )
    fallback = forms.CharField(label="Fallback", required=False, strip=True, max_length=5000)

    def __init__(self, data: Any = None, *, parameter: Parameter, **kwargs: Any) -> None:
        super().__init__(data, prefix=parameter.key, **kwargs)
        self.parameter = parameter
        for name, field in self.fields.items():
            field.label = f"{parameter.label}: {str(field.label).lower()}"
            field.error_messages["invalid_choice"] = (
                f"{parameter.label}: %(value)s is not a source; choose one from the list"
            )
            if name != "source":
                field.error_messages["max_length"] = (
                    f"{parameter.label}: at most %(limit_value)d characters"
                )

    def _value_error(self, what: str, value: str) -> str | None:
        """Why `value` cannot be this parameter's `what`, or None."""
        label, limit = self.parameter.label, self.parameter.limit
        if len(value) > limit:
            return (
                f"{label}: the {what} is {len(value)} characters; WhatsApp leaves this parameter "
                f"{limit} with the rest of the template"
            )
        if any(char in value for char in FORBIDDEN):
            return f"{label}: the {what} may not hold a line break or a tab (WhatsApp refuses it)"
        if self.parameter.media and not (is_http_url(value) or is_bare_host_url(value)):
            return f"{label}: the {what} '{value}' is not a web address (https://…)"
        return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        source, text = cleaned.get("source") or NONE, cleaned.get("text") or ""
        fallback, label = cleaned.get("fallback") or "", self.parameter.label
        if source == ATTRIBUTE and not text:
            self.add_error("text", f"{label}: a custom attribute source needs the attribute's key")
        elif source == ATTRIBUTE and len(text) > ATTRIBUTE_KEY_LIMIT:
            self.add_error(
                "text", f"{label}: an attribute key is at most {ATTRIBUTE_KEY_LIMIT} characters"
            )
        elif source == FIXED and not text:
            self.add_error("text", f"{label}: a fixed value source needs the value")
        elif source == FIXED and (problem := self._value_error("fixed value", text)):
            self.add_error("text", problem)
        if fallback and source in (NONE, FIXED):
            self.add_error(
                "fallback",
                f"{label}: a fallback applies only to a contact field or attribute source",
            )
        elif fallback and (problem := self._value_error("fallback", fallback)):
            self.add_error("fallback", problem)
        return cleaned

    def mapping(self) -> Mapping | None:
        """The mapping this row asks for (a valid form), or None for "typed at each send"."""
        source = self.cleaned_data.get("source") or NONE
        text, fallback = self.cleaned_data.get("text", ""), self.cleaned_data.get("fallback", "")
        if source.startswith(f"{FIELD}:"):
            return Mapping(source=FIELD, key=source.partition(":")[2], fallback=fallback)
        if source == ATTRIBUTE:
            return Mapping(source=ATTRIBUTE, key=text, fallback=fallback)
        if source == FIXED:
            return Mapping(source=FIXED, value=text)
        return None


def _initial(mapping: Mapping | None) -> dict[str, str]:
    if mapping is None:
        return {}
    if mapping.source == FIELD:
        return {"source": f"{FIELD}:{mapping.key}", "fallback": mapping.fallback}
    if mapping.source == ATTRIBUTE:
        return {"source": ATTRIBUTE, "text": mapping.key, "fallback": mapping.fallback}
    return {"source": FIXED, "text": mapping.value}


def mapping_forms(template: Template, data: Any = None) -> list[ParameterMappingForm]:
    """One form per parameter `template` takes, bound to `data` or showing what is stored."""
    stored = template_mapping(template)
    return [
        ParameterMappingForm(data, parameter=parameter, initial=_initial(stored.get(parameter.key)))
        for parameter in template_parameters_list(template)
    ]
