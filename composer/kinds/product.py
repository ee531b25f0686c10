"""One product from the catalog."""

from __future__ import annotations

from composer.forms.interactive import InteractiveForm, body_field, catalog_field, footer_field
from composer.forms.picker import product_field
from composer.kinds.base import Kind
from composer.payloads.interactive import product_content, product_form_data
from messaging.models import MessageKind


class ProductForm(InteractiveForm):
    catalog_id = catalog_field()
    product_retailer_id = product_field()
    body = body_field(required=False)
    footer = footer_field()


KIND = Kind(
    value=MessageKind.PRODUCT,
    icon="◈",
    description="One product from your catalog",
    form_class=ProductForm,
    fields_template="composer/kinds/product.html",
    message_type="interactive",
    content_build=product_content,
    content_read=product_form_data,
)
