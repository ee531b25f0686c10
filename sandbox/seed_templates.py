"""The templates the sandbox starts with, in the shape of 8x8's template list items.

Formats are written as 8x8 returns them ("Image", not Meta's "IMAGE"); readers compare any case.

One per kind the WhatsApp usage samples show: text-only, authentication (OTP), image, document and
location headers, dynamic call-to-action URL button, coupon code, and quick replies.
"""

from __future__ import annotations

from typing import Any

SEED_TEMPLATES: list[dict[str, Any]] = [
    {
        "templateName": "order_update",
        "language": "en_GB",
        "category": "UTILITY",
        "status": "APPROVED",
        "components": [
            {
                "type": "BODY",
                "text": "Your order {{1}} is on its way. Reply HELP if you have any questions.",
                "example": {"bodyText": ["#523534"]},
            },
            {"type": "FOOTER", "text": "TechStore"},
        ],
    },
    {
        "templateName": "login_otp",
        "language": "en",
        "category": "AUTHENTICATION",
        "status": "APPROVED",
        "components": [
            {
                "type": "BODY",
                "text": (
                    "*{{1}}* is your verification code. For your security, do not share this code."
                ),
                "example": {"bodyText": ["12345"]},
            },
            {"type": "FOOTER", "text": "This code expires in 10 minutes."},
            {
                "type": "BUTTONS",
                "buttons": [{"type": "OTP", "otpType": "COPY_CODE", "text": "Copy code"}],
            },
        ],
    },
    {
        "templateName": "new_collection",
        "language": "en",
        "category": "MARKETING",
        "status": "APPROVED",
        "components": [
            {
                "type": "HEADER",
                "format": "Image",
                "example": {"headerHandle": ["https://www.example.com/image.jpg"]},
            },
            {
                "type": "BODY",
                "text": "Our new collection has landed. Take a look before it sells out!",
            },
        ],
    },
    {
        "templateName": "invoice_ready",
        "language": "en",
        "category": "UTILITY",
        "status": "APPROVED",
        "components": [
            {
                "type": "HEADER",
                "format": "Document",
                "example": {"headerHandle": ["https://example.com/links/TestPDFfile.pdf"]},
            },
            {
                "type": "BODY",
                "text": "Here is the document you asked for. Thank you for your business.",
            },
        ],
    },
    {
        "templateName": "store_location",
        "language": "en",
        "category": "UTILITY",
        "status": "APPROVED",
        "components": [
            {"type": "HEADER", "format": "Location"},
            {
                "type": "BODY",
                "text": "Your pick-up point is ready. Bring your order number with you.",
            },
        ],
    },
    {
        "templateName": "promo_cta",
        "language": "en_US",
        "category": "MARKETING",
        "status": "APPROVED",
        "components": [
            {
                "type": "HEADER",
                "format": "Image",
                "example": {"headerHandle": ["https://www.example.com/promo.jpg"]},
            },
            {
                "type": "BODY",
                "text": "Use order number {{1}} to track your parcel, or shop our latest deals.",
                "example": {"bodyText": ["12345"]},
            },
            {
                "type": "BUTTONS",
                "buttons": [
                    {
                        "type": "URL",
                        "text": "Open offer",
                        "url": "https://www.example.com/offers/{{1}}",
                        "example": ["https://www.example.com/offers/samplecta"],
                    },
                    {"type": "PHONE_NUMBER", "text": "Call us", "phoneNumber": "+6560000000"},
                ],
            },
        ],
    },
    {
        "templateName": "coupon_offer",
        "language": "en_US",
        "category": "MARKETING",
        "status": "APPROVED",
        "components": [
            {"type": "BODY", "text": "Enjoy 25% off your next order with the code below."},
            {
                "type": "BUTTONS",
                "buttons": [{"type": "COPY_CODE", "text": "Copy offer code", "example": ["25OFF"]}],
            },
        ],
    },
    {
        "templateName": "appointment_reminder",
        "language": "en",
        "category": "UTILITY",
        "status": "APPROVED",
        "components": [
            {
                "type": "HEADER",
                "format": "Text",
                "text": "Reminder for {{1}}",
                "example": {"headerText": ["Sam"]},
            },
            {
                "type": "BODY",
                "text": "Your appointment is on {{1}} at {{2}}. Can you make it?",
                "example": {"bodyText": ["Monday", "10:00"]},
            },
            {
                "type": "BUTTONS",
                "buttons": [
                    {"type": "QUICK_REPLY", "text": "Yes"},
                    {"type": "QUICK_REPLY", "text": "Reschedule"},
                ],
            },
        ],
    },
]
