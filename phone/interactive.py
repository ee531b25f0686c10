"""Interactive messages: reply buttons, lists, products, product lists, call-to-action URLs…"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from phone import lenient
from phone.formatting import whatsapp_format
from phone.media import interactive_header
from phone.model import (
    Button,
    MessageView,
    Product,
    ProductCard,
    Sheet,
    SheetRow,
    SheetSection,
)

Products = Mapping[str, Any] | None
MAX_REPLY_BUTTONS = 3

# Types WhatsApp shows as a bubble with one button inside, and that button's default label.
SIMPLE_ACTIONS = {
    "flow": ("flow", "Open"),
    "locationrequestmessage": ("location", "Send location"),
    "voicecall": ("phone", "Call now"),
    "callpermissionrequest": ("phone", "Allow calls"),
    "requestcontactinfo": ("contact", "Share contact info"),
}


def interactive_view(content: Mapping[str, Any], *, products: Products) -> MessageView:
    interactive = lenient.obj(content.get("interactive"))
    kind = lenient.key(interactive.get("type"))
    action = lenient.obj(interactive.get("action"))
    view = MessageView(header=interactive_header(interactive.get("header")))
    body = lenient.text(lenient.obj(interactive.get("body")).get("text")).strip()
    footer = lenient.text(lenient.obj(interactive.get("footer")).get("text")).strip()
    view.body = whatsapp_format(body) if body else ""
    view.footer = whatsapp_format(footer) if footer else ""
    if not body and kind not in {"product", "callpermissionrequest", "requestcontactinfo"}:
        view.body_missing = "Body text"

    if kind == "button":
        view.reply_buttons = _reply_buttons(action)
        extra = len(lenient.items(action.get("buttons"))) - MAX_REPLY_BUTTONS
        if extra > 0:
            view.notes.append(f"WhatsApp shows at most 3 reply buttons: {extra} more not shown")
    elif kind == "list":
        _list(view, action)
    elif kind == "product":
        view.header = None  # WhatsApp does not allow a header on a single product
        product = catalog_product(action.get("product_retailer_id"), products)
        view.card = ProductCard(
            title=product.name or product.retailer_id or "Product",
            subtitle=product.price,
            image_url=product.image_url,
        )
        view.inline_buttons = [Button(kind="view", label="View")]
    elif kind == "productlist":
        header_text = lenient.text(lenient.obj(interactive.get("header")).get("text")).strip()
        _product_list(view, action, products, title=header_text)
    elif kind == "ctaurl":
        parameters = lenient.obj(action.get("parameters"))
        label = lenient.text(parameters.get("display_text")).strip()
        view.inline_buttons = [
            Button(
                kind="url",
                label=label or "Button label",
                detail=lenient.text(parameters.get("url")).strip(),
                missing=not label,
            )
        ]
    elif kind in SIMPLE_ACTIONS:
        button_kind, default_label = SIMPLE_ACTIONS[kind]
        label = lenient.text(
            action.get("flowCta")
            or action.get("display_text")
            or lenient.obj(action.get("parameters")).get("display_text")
        ).strip()
        view.inline_buttons = [Button(kind=button_kind, label=label or default_label)]
    elif kind:
        view.notes.append(f"Unsupported interactive type “{lenient.text(interactive.get('type'))}”")
    else:
        view.notes.append("Choose an interactive type")
    return view


def catalog_product(retailer_id: Any, products: Products) -> Product:
    """The product as the catalog knows it, or just its retailer id."""
    rid = lenient.text(retailer_id).strip()
    found = products.get(rid) if rid and isinstance(products, Mapping) else None
    if found is None:
        return Product(retailer_id=rid)
    return Product(
        retailer_id=rid,
        name=lenient.text(lenient.field(found, "name")).strip(),
        price=lenient.price(lenient.field(found, "price"), lenient.field(found, "currency")),
        description=lenient.text(lenient.field(found, "description")).strip(),
        image_url=lenient.safe_url(lenient.field(found, "image_url")),
        known=True,
    )


def _reply_buttons(action: Mapping[str, Any]) -> list[Button]:
    buttons = []
    for position, raw in enumerate(
        lenient.items(action.get("buttons"))[:MAX_REPLY_BUTTONS], start=1
    ):
        title = lenient.text(lenient.obj(lenient.obj(raw).get("reply")).get("title")).strip()
        buttons.append(Button(kind="reply", label=title or f"Button {position}", missing=not title))
    if not buttons:
        buttons.append(Button(kind="reply", label="Add a reply button", missing=True))
    return buttons


def _list(view: MessageView, action: Mapping[str, Any]) -> None:
    opener = lenient.text(action.get("button")).strip()
    view.inline_buttons = [Button(kind="list", label=opener or "List button", missing=not opener)]
    sheet = Sheet(kind="list", title=opener or "List button")
    for raw in lenient.items(action.get("sections")):
        section = lenient.obj(raw)
        rows = [
            SheetRow(
                title=lenient.text(lenient.obj(row).get("title")).strip() or "Row title",
                description=lenient.text(lenient.obj(row).get("description")).strip(),
            )
            for row in lenient.items(section.get("rows"))
        ]
        sheet.sections.append(
            SheetSection(title=lenient.text(section.get("title")).strip(), rows=rows)
        )
    if not any(section.rows for section in sheet.sections):
        sheet.missing = "Add a section with at least one row"
    view.sheet = sheet


def _product_list(
    view: MessageView, action: Mapping[str, Any], products: Products, *, title: str
) -> None:
    view.header = None  # its text heads the collection card instead, as WhatsApp shows it
    sheet = Sheet(kind="products", title=title or "Products")
    first_image = ""
    for raw in lenient.items(action.get("sections")):
        section = lenient.obj(raw)
        rows = []
        for item in lenient.items(section.get("product_items")):
            product = catalog_product(lenient.obj(item).get("product_retailer_id"), products)
            first_image = first_image or product.image_url
            rows.append(
                SheetRow(title=product.name or product.retailer_id or "Product", product=product)
            )
        sheet.sections.append(
            SheetSection(title=lenient.text(section.get("title")).strip(), rows=rows)
        )
    count = sum(len(section.rows) for section in sheet.sections)
    if not count:
        sheet.missing = "Add a section with at least one product"
    view.card = ProductCard(
        title=sheet.title,
        subtitle=f"{count} item" + ("" if count == 1 else "s"),
        image_url=first_image,
        collection=True,
    )
    view.sheet = sheet
    view.inline_buttons = [Button(kind="view", label="View items")]
