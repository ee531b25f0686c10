"""A template's parameter values for a contact: typed, else mapped, else the fallback.

For each parameter a template's mapping can fill (catalog.parameters):
1. a value the person gave for this send wins;
2. else the mapped source's value: a contact field, a custom attribute, or a fixed value;
3. else the mapping's fallback;
4. else the parameter is missing (MissingParameter names it and why), unless a send may leave it
   empty (a reply payload, a media header that may come as an upload).
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping as AnyMapping
from dataclasses import dataclass, field
from typing import Any

from catalog.models import Template
from catalog.parameters import (
    ATTRIBUTE,
    CONTACT_FIELDS,
    FIELD,
    FIXED,
    Mapping,
    Parameter,
    template_mapping,
    template_parameters_list,
)
from recipients.models import Contact

# Numbers looked up per query: well under SQLite's limit on bound variables.
CHUNK = 5000
CONTACT_COLUMNS = ("attributes", *CONTACT_FIELDS)


class MissingParameter(ValueError):
    """A parameter with no value: none given, none from the contact, no fallback."""

    def __init__(self, *, parameter: Parameter, mapping: Mapping | None, reason: str) -> None:
        where = f" ({mapping.describe().split(',')[0]})" if mapping is not None else ""
        super().__init__(f"{parameter.label}{where}: {reason}")
        self.key = parameter.key
        self.label = parameter.label
        self.reason = reason


@dataclass
class Resolved:
    """What one contact's send gets: the values found, and the parameters still missing."""

    values: dict[str, str] = field(default_factory=dict)
    missing: list[MissingParameter] = field(default_factory=list)


def _given(given: AnyMapping[str, Any] | None) -> dict[str, str]:
    return {
        key: value.strip() if isinstance(value, str) else str(value)
        for key, value in (given or {}).items()
        if value is not None and (not isinstance(value, str) or value.strip())
    }


def _contact_value(mapping: Mapping, contact: Contact | None) -> str:
    if mapping.source == FIXED:
        return mapping.value
    if contact is None:
        return ""
    if mapping.source == FIELD:
        raw: Any = getattr(contact, mapping.key, "")
    else:
        attributes = contact.attributes if isinstance(contact.attributes, dict) else {}
        raw = attributes.get(mapping.key)
    # Attribute values come from imports as any JSON: a number is sent as written.
    if raw is None or isinstance(raw, dict | list):
        return ""
    return str(raw).strip()


def _why_missing(mapping: Mapping | None, contact: Contact | None, msisdn: str) -> str:
    if mapping is None:
        return "no value was given and the template maps none"
    if contact is None:
        who = f"{msisdn} is not a contact" if msisdn else "there is no contact to take it from"
        return f"{who} and the mapping has no fallback"
    if mapping.source == ATTRIBUTE:
        lacks = f"no attribute '{mapping.key}'"
    else:
        lacks = f"no {CONTACT_FIELDS.get(mapping.key, mapping.key)}"
    return f"contact {contact.msisdn} has {lacks} and the mapping has no fallback"


def _resolve(
    parameters: list[Parameter],
    mappings: dict[str, Mapping],
    contact: Contact | None,
    given: dict[str, str],
    msisdn: str,
) -> Resolved:
    resolved = Resolved(values=dict(given))
    for parameter in parameters:
        if parameter.key in given:
            continue
        mapping = mappings.get(parameter.key)
        value = ""
        if mapping is not None:
            value = _contact_value(mapping, contact) or mapping.fallback
        if value:
            resolved.values[parameter.key] = value
        elif parameter.required or mapping is not None:
            reason = _why_missing(mapping, contact, msisdn)
            resolved.missing.append(
                MissingParameter(parameter=parameter, mapping=mapping, reason=reason)
            )
    return resolved


def template_parameters_resolve(
    template: Template,
    contact: Contact | None,
    given: AnyMapping[str, Any] | None = None,
    *,
    msisdn: str = "",
) -> Resolved:
    """Every value found for one contact and every parameter still missing (never raises)."""
    return _resolve(
        template_parameters_list(template),
        template_mapping(template),
        contact,
        _given(given),
        contact.msisdn if contact is not None else msisdn,
    )


def template_parameters(
    template: Template,
    contact: Contact | None,
    given: AnyMapping[str, Any] | None = None,
    *,
    msisdn: str = "",
) -> dict[str, str]:
    """The value of each parameter of `template` for `contact` (None: not a contact).

    Raises MissingParameter for the first parameter left without a value; `msisdn` names the
    number in that message when there is no contact.
    """
    resolved = template_parameters_resolve(template, contact, given, msisdn=msisdn)
    if resolved.missing:
        raise resolved.missing[0]
    return resolved.values


def template_parameters_bulk(
    template: Template, msisdns: Iterable[str], given: AnyMapping[str, Any] | None = None
) -> dict[str, Resolved]:
    """`template_parameters_resolve` for many numbers, with one query per CHUNK numbers.

    For campaigns: each number gets its values, or the parameters it is missing (a number that
    is not a contact gets fixed values and fallbacks only).
    """
    parameters = template_parameters_list(template)
    mappings = template_mapping(template)
    typed = _given(given)
    numbers = list(dict.fromkeys(msisdns))
    contacts: dict[str, Contact] = {}
    # Fixed values and fallbacks need no contact: the query is skipped.
    wanted = any(mapping.source != FIXED for mapping in mappings.values())
    for start in range(0, len(numbers) if wanted else 0, CHUNK):
        chunk = numbers[start : start + CHUNK]
        for contact in Contact.objects.filter(msisdn__in=chunk).only(*CONTACT_COLUMNS):
            contacts[contact.msisdn] = contact
    return {
        msisdn: _resolve(parameters, mappings, contacts.get(msisdn), typed, msisdn)
        for msisdn in numbers
    }


def template_parameters_for_number(
    template: Template, msisdn: str, given: AnyMapping[str, Any] | None = None
) -> Resolved:
    """`template_parameters_resolve` for whoever has `msisdn` (E.164; "" for nobody yet)."""
    contact = (
        Contact.objects.filter(msisdn=msisdn).only(*CONTACT_COLUMNS).first() if msisdn else None
    )
    return template_parameters_resolve(template, contact, given, msisdn=msisdn)
