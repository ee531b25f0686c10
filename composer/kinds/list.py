"""A menu of up to ten rows in sections, opened by a button."""

from __future__ import annotations

from typing import Any

from composer.forms.base import Spot, Tokens
from composer.forms.fields import LIST_BUTTON_LIMIT, text_field
from composer.forms.formsets import ListSectionFormSet
from composer.forms.interactive import (
    InteractiveForm,
    body_field,
    footer_field,
    header_text_field,
    section_spot,
)
from composer.forms.state import fill_ids
from composer.kinds.base import Kind
from composer.payloads.interactive import list_content, list_form_data
from messaging.models import MessageKind


class ListForm(InteractiveForm):
    formset_classes = {"sections": ListSectionFormSet}

    header_text = header_text_field()
    body = body_field()
    footer = footer_field()
    button = text_field(
        LIST_BUTTON_LIMIT,
        label="Menu button label",
        help_text="The button that opens the list, e.g. “Book Slot”.",
    )

    def complete_state(self, state: dict[str, Any]) -> dict[str, Any]:
        sections = [s for s in state.get("sections") or [] if isinstance(s, dict)]
        fill_ids([row for s in sections for row in s.get("rows") or []], "row")
        return state

    def locate_action(self, key: str, rest: Tokens) -> Spot | None:
        if key == "sections":
            return section_spot("sections", "rows", rest)
        return super().locate_action(key, rest)


KIND = Kind(
    value=MessageKind.LIST,
    icon="☰",
    description="A menu of up to 10 rows",
    form_class=ListForm,
    fields_template="composer/kinds/list.html",
    message_type="interactive",
    content_build=list_content,
    content_read=list_form_data,
)
