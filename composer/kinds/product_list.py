"""Up to thirty catalog products in sections."""

from __future__ import annotations

from composer.forms.base import Spot, Tokens
from composer.forms.formsets import ProductSectionFormSet
from composer.forms.interactive import (
    InteractiveForm,
    body_field,
    catalog_field,
    footer_field,
    header_text_field,
    section_spot,
)
from composer.forms.picker import product_field
from composer.kinds.base import Kind
from composer.payloads.interactive import product_list_content, product_list_form_data
from messaging.models import MessageKind


class ProductListForm(InteractiveForm):
    formset_classes = {"sections": ProductSectionFormSet}

    catalog_id = catalog_field()
    header_text = header_text_field(required=True)
    body = body_field()
    footer = footer_field()
    product_retailer_id = product_field(
        label="Lead product",
        required=False,
        help_text="8x8's product-list example also names one product here; usually left empty.",
    )

    def locate_action(self, key: str, rest: Tokens) -> Spot | None:
        if key == "sections":
            return section_spot("sections", "products", rest)
        return super().locate_action(key, rest)


KIND = Kind(
    value=MessageKind.PRODUCT_LIST,
    icon="▦",
    description="Up to 30 products in sections",
    form_class=ProductListForm,
    fields_template="composer/kinds/product_list.html",
    message_type="interactive",
    content_build=product_list_content,
    content_read=product_list_form_data,
)
