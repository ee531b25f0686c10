"""WhatsApp's rules for a new template, in one table, and the languages it may be written in.

Sources (copied here so nothing reads them at run time):
- [8x8-TCR] 8x8 Connect docs, "Template components reference" (whatsapp/template-components-
  reference.mdx): exactly one BODY of at most 1,024 characters; at most one HEADER, text of at most
  60 characters with at most one parameter, or IMAGE / VIDEO / DOCUMENT / LOCATION; a FOOTER of at
  most 60 characters without parameters; at most 10 buttons: quick replies, at most 2 URL, 1 phone
  number, 1 copy code, an OTP button alone; button text at most 25 characters; a URL of at most
  2,000 characters with one {{1}} at its end; buttons of the same type grouped together.
- [8x8-MTT] 8x8 Connect docs, "Message types: templates": a name of lowercase letters, digits and
  underscores, at most 512 characters; categories MARKETING, UTILITY, AUTHENTICATION.
- [8x8-API] 8x8's template create endpoint (OpenAPI "add-whatsapp-template"): a HEADER with media
  needs an example ("Templates with IMAGE header type need an example/sample, but it was not
  provided.", code 3032); `add_security_recommendation` on an AUTHENTICATION BODY and
  `code_expiration_minutes` on its FOOTER.
- [META-TPL] Meta, WhatsApp Cloud API "Templates" and "Template review": parameters are {{1}},
  {{2}}… in order or all named (lowercase letters, digits, underscores); not at the very start or
  end of the body, and never two next to each other; a sample value for every parameter and every
  media header; a utility template that reads as marketing is re-categorised or rejected
  (INCORRECT_CATEGORY).
- [META-AUTH] Meta, "Authentication templates": the body is fixed, "*{{1}}* is your verification
  code." with the optional " For your security, do not share this code."; no header; the footer
  is "This code expires in N minutes." (N from 1 to 90); exactly one OTP button, copy code or
  one-tap (one-tap names the Android app: package name and signature hash).
- [META-LANG] Meta, "Supported languages" (mirrored by support.wati.io 11463484 and
  docs.ycloud.com): the codes below, case-sensitive, underscore not hyphen.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    """One rule: the field it is about, its limit if it has one, the rule in words, its source."""

    field: str
    says: str
    source: str
    limit: int | None = None
    level: str = ERROR


# The one table of rules and limits. Lint findings name a rule by its key; the messages are
# built from `says` and `limit`, so a limit changes in one place.
RULES: dict[str, Rule] = {
    "name_format": Rule("name", "uses only lowercase letters, digits and _", "8x8-MTT"),
    "name_length": Rule("name", "is at most 512 characters", "8x8-MTT", 512),
    "language": Rule("language", "is one of WhatsApp's language codes", "META-LANG"),
    "category": Rule("category", "is marketing, utility or authentication", "8x8-MTT"),
    "header_text_length": Rule("header_text", "is at most 60 characters", "8x8-TCR", 60),
    "header_params": Rule("header_text", "takes at most one parameter", "8x8-TCR", 1),
    "header_sample": Rule("header_sample", "has a sample for its parameter", "META-TPL"),
    "media_sample": Rule(
        "header_sample", "has a sample file (a link) for a media header", "8x8-API"
    ),
    "body_required": Rule("body", "is not empty", "8x8-TCR"),
    "body_length": Rule("body", "is at most 1,024 characters", "8x8-TCR", 1024),
    "params_mixed": Rule("body", "uses numbered {{1}} or named parameters, not both", "META-TPL"),
    "params_sequential": Rule("body", "numbers its parameters {{1}}, {{2}}… in order", "META-TPL"),
    "params_named": Rule("body", "names parameters in lowercase letters, digits and _", "META-TPL"),
    "params_start": Rule("body", "does not start with a parameter", "META-TPL"),
    "params_end": Rule("body", "does not end with a parameter", "META-TPL"),
    "params_adjacent": Rule("body", "has no two parameters in a row", "META-TPL"),
    "body_samples": Rule("body_samples", "has a sample for every parameter", "META-TPL"),
    "footer_length": Rule("footer", "is at most 60 characters", "8x8-TCR", 60),
    "footer_params": Rule("footer", "takes no parameters", "8x8-TCR"),
    "button_text": Rule("text", "is given", "8x8-TCR"),
    "button_text_length": Rule("text", "is at most 25 characters", "8x8-TCR", 25),
    "button_url": Rule("url", "is an http(s) link of at most 2,000 characters", "8x8-TCR", 2000),
    "button_url_suffix": Rule("url", "has at most one parameter, {{1}}, at its end", "8x8-TCR"),
    "button_url_sample": Rule("sample", "has a sample for the link's {{1}}", "META-TPL"),
    "button_phone": Rule("phone", "is a number in international format (+…)", "8x8-TCR"),
    "button_code_sample": Rule("sample", "has a sample code of at most 15 characters", "META-TPL"),
    "buttons_total": Rule("buttons", "holds at most 10 buttons", "8x8-TCR", 10),
    "buttons_url": Rule("buttons", "holds at most 2 URL buttons", "8x8-TCR", 2),
    "buttons_phone": Rule("buttons", "holds at most 1 phone number button", "8x8-TCR", 1),
    "buttons_copy_code": Rule("buttons", "holds at most 1 copy code button", "8x8-TCR", 1),
    "buttons_grouped": Rule("buttons", "keeps quick replies together", "8x8-TCR"),
    "otp_outside_auth": Rule("buttons", "has an OTP button only in authentication", "META-AUTH"),
    "auth_body": Rule("body", "is Meta's fixed authentication text", "META-AUTH"),
    "auth_header": Rule("header_format", "has no header in authentication", "META-AUTH"),
    "auth_footer": Rule(
        "footer", "has no footer text in authentication (set the code expiry)", "META-AUTH"
    ),
    "auth_buttons": Rule("buttons", "holds exactly one OTP button in authentication", "META-AUTH"),
    "auth_expiry": Rule("code_expiration_minutes", "is from 1 to 90 minutes", "META-AUTH", 90),
    "otp_one_tap_app": Rule(
        "package_name", "names the Android app (package and signature hash)", "META-AUTH"
    ),
    "utility_marketing": Rule(
        "category",
        "reads as utility: this body sounds like marketing, which Meta re-categorises or "
        "rejects (INCORRECT_CATEGORY)",
        "META-TPL",
        level=WARNING,
    ),
}

CATEGORIES = ("MARKETING", "UTILITY", "AUTHENTICATION")
HEADER_FORMATS = ("", "TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION")
MEDIA_HEADERS = ("IMAGE", "VIDEO", "DOCUMENT")
BUTTON_TYPES = ("QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE", "OTP")
OTP_TYPES = ("COPY_CODE", "ONE_TAP")
BUTTONS_MAX_FORMS = 12  # the builder offers more rows than allowed, so "at most 10" can be said

AUTH_BODY = "*{{1}}* is your verification code."
AUTH_SECURITY = " For your security, do not share this code."
AUTH_EXPIRY_DEFAULT = 10


def auth_body(*, security: bool) -> str:
    """Meta's fixed body of an authentication template."""
    return AUTH_BODY + (AUTH_SECURITY if security else "")


def auth_footer(minutes: int | None) -> str:
    return f"This code expires in {minutes} minutes." if minutes else ""


# Words that make a body read as marketing (Meta's examples of promotional content: offers,
# discounts, sales, invitations to buy). A hint only: it warns, it does not refuse.
MARKETING_WORDS = (
    "sale",
    "discount",
    "% off",
    "offer",
    "promo",
    "coupon",
    "deal",
    "buy now",
    "shop now",
    "limited time",
    "exclusive",
    "new arrivals",
    "special price",
    "free gift",
)

LANGUAGES: dict[str, str] = {
    "af": "Afrikaans",
    "sq": "Albanian",
    "ar": "Arabic",
    "az": "Azerbaijani",
    "bn": "Bengali",
    "bg": "Bulgarian",
    "ca": "Catalan",
    "zh_CN": "Chinese (CHN)",
    "zh_HK": "Chinese (HKG)",
    "zh_TW": "Chinese (TAI)",
    "hr": "Croatian",
    "cs": "Czech",
    "da": "Danish",
    "nl": "Dutch",
    "en": "English",
    "en_GB": "English (UK)",
    "en_US": "English (US)",
    "et": "Estonian",
    "fil": "Filipino",
    "fi": "Finnish",
    "fr": "French",
    "ka": "Georgian",
    "de": "German",
    "el": "Greek",
    "gu": "Gujarati",
    "ha": "Hausa",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "id": "Indonesian",
    "ga": "Irish",
    "it": "Italian",
    "ja": "Japanese",
    "kn": "Kannada",
    "kk": "Kazakh",
    "rw_RW": "Kinyarwanda",
    "ko": "Korean",
    "ky_KG": "Kyrgyz (Kyrgyzstan)",
    "lo": "Lao",
    "lv": "Latvian",
    "lt": "Lithuanian",
    "mk": "Macedonian",
    "ms": "Malay",
    "ml": "Malayalam",
    "mr": "Marathi",
    "nb": "Norwegian",
    "fa": "Persian",
    "pl": "Polish",
    "pt_BR": "Portuguese (BR)",
    "pt_PT": "Portuguese (POR)",
    "pa": "Punjabi",
    "ro": "Romanian",
    "ru": "Russian",
    "sr": "Serbian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "es": "Spanish",
    "es_AR": "Spanish (ARG)",
    "es_ES": "Spanish (SPA)",
    "es_MX": "Spanish (MEX)",
    "sw": "Swahili",
    "sv": "Swedish",
    "ta": "Tamil",
    "te": "Telugu",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "uz": "Uzbek",
    "vi": "Vietnamese",
    "zu": "Zulu",
}
