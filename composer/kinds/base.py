"""A kind of message, as the composer knows it: one `Kind` per MessageKind (see composer.kinds)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from composer.forms.base import ComposeForm
from composer.payloads import ContentBuild, ContentRead, TemplateSpec, body_envelope, body_read
from messaging.models import MessageKind


@dataclass(frozen=True)
class Kind:
    """Everything the composer needs to offer, build, check and read back one kind."""

    value: MessageKind
    icon: str  # on the kind picker's card
    description: str  # the card's one line on what it is
    form_class: type[ComposeForm]
    fields_template: str  # the form's fields, included in composer/compose.html
    message_type: str  # 8x8's `type` (documents are "file"; interactive kinds share one)
    content_build: ContentBuild  # form data → `content`
    content_read: ContentRead  # normalised `content` → the kind's form data (Duplicate)

    @property
    def label(self) -> str:
        return str(self.value.label)

    def form(self, data: Any = None, files: Any = None, **kwargs: Any) -> ComposeForm:
        """This kind's form, bound to `data` and `files` or unbound (initial=...)."""
        return self.form_class(data, files, entry=self, **kwargs)

    def payload_build(
        self, data: dict[str, Any], *, template: TemplateSpec | None = None
    ) -> dict[str, Any]:
        """The single-send body from the form's fields (cleaned, or as typed: never raises)."""
        content = self.content_build(data, template)
        return body_envelope(message_type=self.message_type, content=content, data=data)

    def form_data(self, payload: dict[str, Any]) -> dict[str, Any]:
        """The form's fields that build `payload` again: payload_build(form_data(b)) == b."""
        content, shared = body_read(payload)
        return {**shared, **self.content_read(content)}
