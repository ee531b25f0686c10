"""`content.interactive` for reply buttons, lists, a single product and product lists, and back."""

from __future__ import annotations

from typing import Any

from composer.payloads.common import as_dict, as_list, clean_text, message_text, string
from composer.payloads.template import TemplateSpec

HEADER_MEDIA = ("image", "video", "document")


def _text_object(value: object) -> dict[str, str] | None:
    text = message_text(value)
    return {"text": text} if text else None


def _with_texts(interactive: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """Add body and footer when filled (WhatsApp refuses empty ones)."""
    for key in ("body", "footer"):
        part = _text_object(data.get(key))
        if part is not None:
            interactive[key] = part
    return interactive


def _text_header(data: dict[str, Any]) -> dict[str, str] | None:
    text = clean_text(data.get("header_text"))
    return {"type": "text", "text": text} if text else None


def _filled(rows: object, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows of a formset that have anything typed in them."""
    return [
        as_dict(row)
        for row in as_list(rows)
        if any(clean_text(as_dict(row).get(key)) for key in keys)
    ]


def buttons_content(data: dict[str, Any], template: TemplateSpec | None) -> dict[str, Any]:
    interactive: dict[str, Any] = {"type": "button"}
    header_type = clean_text(data.get("header_type")).lower()
    if header_type == "text":
        header = _text_header(data)
        if header is not None:
            interactive["header"] = header
    elif header_type in HEADER_MEDIA:
        interactive["header"] = {
            "type": header_type,
            header_type: {"link": clean_text(data.get("header_url"))},
        }
    _with_texts(interactive, data)
    interactive["action"] = {
        "buttons": [
            {
                "type": "reply",
                "reply": {"id": clean_text(row.get("id")), "title": clean_text(row.get("title"))},
            }
            for row in _filled(data.get("buttons"), ("id", "title"))
        ]
    }
    return {"interactive": interactive}


def list_content(data: dict[str, Any], template: TemplateSpec | None) -> dict[str, Any]:
    interactive: dict[str, Any] = {"type": "list"}
    header = _text_header(data)
    if header is not None:
        interactive["header"] = header
    _with_texts(interactive, data)
    sections = []
    for section in as_list(data.get("sections")):
        section = as_dict(section)
        rows = []
        for row in _filled(section.get("rows"), ("id", "title", "description")):
            item = {"id": clean_text(row.get("id")), "title": clean_text(row.get("title"))}
            description = clean_text(row.get("description"))
            if description:
                item["description"] = description
            rows.append(item)
        title = clean_text(section.get("title"))
        if rows or title:
            sections.append({**({"title": title} if title else {}), "rows": rows})
    interactive["action"] = {"button": clean_text(data.get("button")), "sections": sections}
    return {"interactive": interactive}


def product_content(data: dict[str, Any], template: TemplateSpec | None) -> dict[str, Any]:
    interactive: dict[str, Any] = {"type": "product"}
    _with_texts(interactive, data)
    interactive["action"] = {
        "catalog_id": clean_text(data.get("catalog_id")),
        "product_retailer_id": clean_text(data.get("product_retailer_id")),
    }
    return {"interactive": interactive}


def product_list_content(data: dict[str, Any], template: TemplateSpec | None) -> dict[str, Any]:
    interactive: dict[str, Any] = {"type": "product_list"}
    header = _text_header(data)
    if header is not None:
        interactive["header"] = header
    _with_texts(interactive, data)
    action: dict[str, Any] = {"catalog_id": clean_text(data.get("catalog_id"))}
    # 8x8's product-list example also names one product at the top of the action.
    lead = clean_text(data.get("product_retailer_id"))
    if lead:
        action["product_retailer_id"] = lead
    sections = []
    for section in as_list(data.get("sections")):
        section = as_dict(section)
        items = [
            {"product_retailer_id": clean_text(row.get("product_retailer_id"))}
            for row in _filled(section.get("products"), ("product_retailer_id",))
        ]
        title = clean_text(section.get("title"))
        if items or title:
            sections.append({**({"title": title} if title else {}), "product_items": items})
    action["sections"] = sections
    interactive["action"] = action
    return {"interactive": interactive}


def _frame_form_data(content: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The action, and the header, body and footer fields every interactive kind shares."""
    interactive = as_dict(content.get("interactive"))
    header = as_dict(interactive.get("header"))
    data: dict[str, Any] = {
        "body": string(as_dict(interactive.get("body")).get("text")),
        "footer": string(as_dict(interactive.get("footer")).get("text")),
    }
    header_type = string(header.get("type")).lower()
    data["header_type"] = header_type or "none"
    data["header_text"] = string(header.get("text")) if header_type == "text" else ""
    data["header_url"] = (
        string(as_dict(header.get(header_type)).get("link")) if header_type in HEADER_MEDIA else ""
    )
    return as_dict(interactive.get("action")), data


def buttons_form_data(content: dict[str, Any]) -> dict[str, Any]:
    action, data = _frame_form_data(content)
    data["buttons"] = [
        {
            "id": string(as_dict(as_dict(b).get("reply")).get("id")),
            "title": string(as_dict(as_dict(b).get("reply")).get("title")),
        }
        for b in as_list(action.get("buttons"))
    ]
    return data


def list_form_data(content: dict[str, Any]) -> dict[str, Any]:
    action, data = _frame_form_data(content)
    data["button"] = string(action.get("button"))
    data["sections"] = [
        {
            "title": string(as_dict(s).get("title")),
            "rows": [
                {key: string(as_dict(r).get(key)) for key in ("id", "title", "description")}
                for r in as_list(as_dict(s).get("rows"))
            ],
        }
        for s in as_list(action.get("sections"))
    ]
    return data


def product_form_data(content: dict[str, Any]) -> dict[str, Any]:
    action, data = _frame_form_data(content)
    data["catalog_id"] = string(action.get("catalog_id"))
    data["product_retailer_id"] = string(action.get("product_retailer_id"))
    return data


def product_list_form_data(content: dict[str, Any]) -> dict[str, Any]:
    action = _frame_form_data(content)[0]
    data = product_form_data(content)
    data["sections"] = [
        {
            "title": string(as_dict(s).get("title")),
            "products": [
                {"product_retailer_id": string(as_dict(p).get("product_retailer_id"))}
                for p in as_list(as_dict(s).get("product_items"))
            ],
        }
        for s in as_list(action.get("sections"))
    ]
    return data
