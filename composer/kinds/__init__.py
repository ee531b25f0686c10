"""The registry: one `Kind` per MessageKind, each in its own module, and what reads them.

Adding a kind (once messaging.models.MessageKind has its value) means one module here defining
its form, its content builder and the inverse, and its `Kind` entry; its fields template; and its
line in KINDS below. Everything else (the kind picker, the forms, building and reading bodies,
Duplicate, drafts) looks the kind up here; tests/composer/test_kinds.py checks each kind has
exactly one complete entry.

form = compose_form(kind, request.POST, request.FILES)
if form.is_valid():
    form.payload  # the body to send, already through chatapps.validation
    form.pending_upload  # a file still to upload before it goes (composer.services)
"""

from __future__ import annotations

from typing import Any

from composer.forms.base import ComposeForm
from composer.kinds import buttons, location, media, product, product_list, template, text
from composer.kinds import list as list_
from composer.kinds.base import Kind
from composer.payloads import TemplateSpec
from messaging.models import MessageKind

__all__ = [
    "KINDS",
    "Kind",
    "compose_form",
    "form_data_from_payload",
    "kind_get",
    "payload_build",
]

# In the kind picker's order.
KINDS: dict[str, Kind] = {
    entry.value: entry
    for entry in (
        text.KIND,
        *media.KINDS,
        location.KIND,
        template.KIND,
        buttons.KIND,
        list_.KIND,
        product.KIND,
        product_list.KIND,
    )
}


def kind_get(kind: str | None) -> Kind:
    """The entry for a kind; an unknown kind gets text rather than an error page."""
    return KINDS.get(kind or "", KINDS[MessageKind.TEXT])


def compose_form(
    kind: str | None, data: Any = None, files: Any = None, **kwargs: Any
) -> ComposeForm:
    """The form for `kind`, bound or not (initial=...), built with its registry entry."""
    return kind_get(kind).form(data, files, **kwargs)


def payload_build(
    kind: str, data: dict[str, Any], *, template: TemplateSpec | None = None
) -> dict[str, Any]:
    """The single-send body for `kind` from the form's fields (cleaned, or as typed: never raises).

    Formset parts are lists of dicts under the formset's name ("buttons", "sections" → "rows" /
    "products"). `payload_build(kind, form_data_from_payload(kind, body)) == body` for every body
    built here.
    """
    return kind_get(kind).payload_build(data, template=template)


def form_data_from_payload(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The composer's fields that build `payload` again: Duplicate uses it on a sent message."""
    return kind_get(kind).form_data(payload)
