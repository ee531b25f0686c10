"""One form per message kind; each builds and checks the exact 8x8 body (see composer.forms.base).

form = compose_form_class(kind)(request.POST, request.FILES, uploader=...)
if form.is_valid():
    form.payload  # the body to send, already through chatapps.validation
"""

from __future__ import annotations

from composer.forms.base import ComposeForm
from composer.forms.drafts import DraftForm
from composer.forms.interactive import ButtonsForm, ListForm, ProductForm, ProductListForm
from composer.forms.simple import (
    AudioForm,
    DocumentForm,
    ImageForm,
    LocationForm,
    TextForm,
    VideoForm,
)
from composer.forms.state import post_data, state_edit
from composer.forms.template import TemplateForm
from messaging.models import MessageKind

FORM_CLASSES: dict[str, type[ComposeForm]] = {
    MessageKind.TEXT: TextForm,
    MessageKind.IMAGE: ImageForm,
    MessageKind.VIDEO: VideoForm,
    MessageKind.AUDIO: AudioForm,
    MessageKind.DOCUMENT: DocumentForm,
    MessageKind.LOCATION: LocationForm,
    MessageKind.TEMPLATE: TemplateForm,
    MessageKind.BUTTONS: ButtonsForm,
    MessageKind.LIST: ListForm,
    MessageKind.PRODUCT: ProductForm,
    MessageKind.PRODUCT_LIST: ProductListForm,
}


def compose_form_class(kind: str | None) -> type[ComposeForm]:
    """The form for a kind; an unknown kind gets the text form rather than an error page."""
    return FORM_CLASSES.get(kind or "", TextForm)


__all__ = [
    "FORM_CLASSES",
    "ComposeForm",
    "DraftForm",
    "compose_form_class",
    "post_data",
    "state_edit",
]
