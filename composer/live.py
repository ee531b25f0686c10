"""What the composer shows beside the form: the phone preview, the exact request, the window and
any opt-out of the number.

Built from the form alone (no request), on every keystroke by htmx and on every full page.
"""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString

from catalog.models import Catalog, Product
from chatapps.validation import validate_message
from chatapps.validation.message import E164
from composer.forms import ComposeForm
from composer.forms.fields import msisdn_warning
from composer.payloads import curl_command, messages_url, request_json
from composer.payloads.common import as_dict, as_list
from messaging.models import MessageKind
from messaging.sending import send_category
from messaging.window import window_notice
from phone import render_payload_preview
from phone.sms import sms_segments
from recipients.selectors import opt_out_notice

CATALOG_OPTIONS = 200  # a datalist beyond this stops helping; typing the id still works


def catalog_options() -> dict[str, Any]:
    """The catalogs the product kinds suggest; products come from the picker's search."""
    return {
        "catalogs": list(Catalog.objects.only("catalog_id", "name")[:CATALOG_OPTIONS]),
        "has_products": Product.objects.exists(),
    }


def _products(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Catalog details of the products a body names, for the product cards of the preview."""
    action = as_dict(as_dict(as_dict(payload.get("content")).get("interactive")).get("action"))
    ids = {action.get("product_retailer_id")}
    ids.update(
        as_dict(item).get("product_retailer_id")
        for section in as_list(action.get("sections"))
        for item in as_list(as_dict(section).get("product_items"))
    )
    ids = {value for value in ids if isinstance(value, str) and value}
    if not ids:
        return {}
    products = Product.objects.filter(retailer_id__in=ids)
    catalog_id = action.get("catalog_id")
    if isinstance(catalog_id, str) and catalog_id:
        products = products.filter(catalog_id=catalog_id)
    return {
        product.retailer_id: {
            "name": product.name,
            "price": product.price,
            "currency": product.currency,
            "image_url": product.image_url,
            "description": product.description,
        }
        for product in products
    }


def _phone_preview(payload: dict[str, Any], form: ComposeForm) -> SafeString:
    return render_payload_preview(
        payload, template=getattr(form, "template_row", None), products=_products(payload)
    )


def live_context(form: ComposeForm) -> dict[str, Any]:
    """The phone preview and the exact request for what the form holds now."""
    # A body still waiting for its upload holds a stand-in link: show what was typed instead.
    ready = form.payload is not None and form.pending_upload is None
    payload = form.payload if ready and form.payload is not None else form.preview_payload()
    content = as_dict(payload.get("content"))
    fallback = content.get("fallbackText")
    msisdn = str(as_dict(payload.get("user")).get("msisdn") or "")
    valid_msisdn = bool(E164.fullmatch(msisdn))
    return {
        "window": window_notice(msisdn, free_form=form.kind in MessageKind.free_form())
        if valid_msisdn
        else None,
        "opt_out": opt_out_notice(msisdn, category=send_category(kind=form.kind, payload=payload))
        if valid_msisdn
        else None,
        "form": form,
        "sms": sms_segments(fallback, as_dict(content.get("sms")).get("encoding") or "AUTO")
        if fallback
        else None,
        "msisdn_warning": msisdn_warning(msisdn) if valid_msisdn else "",
        "phone_preview": _phone_preview(payload, form),
        "request_body": request_json(payload),
        "curl": curl_command(payload),
        "endpoint": messages_url(),
        "problems": validate_message(payload),
    }
