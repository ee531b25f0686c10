"""The names 8x8's request schema allows, in its own spelling, and how 8x8 reads button subTypes."""

from __future__ import annotations

from sandbox.checks.problems import spelled, whole_number

# Message types WhatsApp can show; 8x8's schema also has RCS's carousel and richCard.
WHATSAPP_TYPES = ("text", "image", "audio", "video", "file", "location", "interactive", "template")
RCS_TYPES = ("carousel", "richCard")
MEDIA_TYPES = ("image", "audio", "video", "file")

INTERACTIVE_TYPES = (
    "button",
    "list",
    "product",
    "product_list",
    "cta_url",
    "flow",
    "call_permission_request",
    "request_contact_info",
    "voice_call",
    "location_request_message",
)
HEADER_TYPES = ("text", "image", "video", "document")

COMPONENT_TYPES = (
    "header",
    "footer",
    "body",
    "button",
    "carousel",
    "call_permission_request",
    "request_contact_info",
)
CARD_COMPONENT_TYPES = ("header", "body", "button")
PARAMETER_TYPES = (
    "text",
    "image",
    "gif",
    "video",
    "document",
    "location",
    "payload",
    "couponCode",
    "action",
    "ttlMinutes",
)

# 8x8 is a .NET service and its examples send "subType": 1 for a URL button, "url", "copyCode" and
# "flow": the enum is read by name in any case or by number in declaration order.
SUB_TYPES = ("QuickReply", "Url", "CopyCode", "Flow", "VoiceCall")
SNAKE_SUB_TYPES = {"quick_reply": "QuickReply", "copy_code": "CopyCode", "voice_call": "VoiceCall"}

# Compared exactly: 8x8 answers "sms" with 3022, unlike the message type it reads in any case.
CHANNELS = ("SMS", "WhatsApp", "Facebook", "RCS", "Viber", "Line", "WeChat", "Zalo", "Instagram")
SUCCESS_STATUSES = ("Accepted", "Sent", "Delivered", "Read")
SMS_ENCODINGS = ("AUTO", "GSM7", "UCS2")


def sub_type(value: object) -> str | None:
    """8x8's button subType for 1, "url", "URL", "copy_code" and the like; None if unknown."""
    number = whole_number(value)
    if number is not None:
        return SUB_TYPES[number] if 0 <= number < len(SUB_TYPES) else None
    if isinstance(value, str) and value.lower() in SNAKE_SUB_TYPES:
        return SNAKE_SUB_TYPES[value.lower()]
    return spelled(value, SUB_TYPES)
