"""What 8x8 and WhatsApp refuse in a single-send body: addressee, type, content and envelope."""

from __future__ import annotations

import re
from typing import Any

import phonenumbers

from sandbox.checks import problems as codes
from sandbox.checks.interactive import interactive_problems
from sandbox.checks.problems import Checker, Problem, date_time, kind_of, quoted, spelled
from sandbox.checks.template import template_problems
from sandbox.checks.vocabulary import (
    CHANNELS,
    MEDIA_TYPES,
    RCS_TYPES,
    SMS_ENCODINGS,
    SUCCESS_STATUSES,
    WHATSAPP_TYPES,
)

# E.164 is "+", a country code that does not start with 0, at most 15 digits in all. Only the
# syntax is held: 8x8's examples ("+65000000") are not allocated numbers yet must be accepted.
E164 = re.compile(r"\+[1-9][0-9]{0,14}")
NATIONAL = re.compile(r"[0-9]{2,17}")
COUNTRY = re.compile(r"[A-Za-z]{2}")
# WhatsApp's business-scoped user id: upper-case country, a dot, up to 128 letters or digits.
BSUID = re.compile(r"[A-Z]{2}\.[A-Za-z0-9]{1,128}")

WHATSAPP_TEXT_LIMIT = 4096
WHATSAPP_CAPTION_LIMIT = 1024
SCHEMA_TEXT_LIMIT = 35000  # 8x8's maxLength of content.text and content.fallbackText
CLIENT_MESSAGE_ID_LIMIT = 50
SMS_SOURCE_LIMIT = 16
DIRECT_SEND_TTL = (30, 43200)
FALLBACK_AFTER = (10, 86400)


def message_problems(body: object) -> list[Problem]:
    """Every reason 8x8 would refuse this single-send body; empty when it would be accepted."""
    checker = Checker()
    check_message(checker, "$", body)
    return checker.problems


# Where a shared content is checked once, to be replayed at each message's own path.
_SHARED = "\x00content"
SharedChecks = dict[tuple[int, str | None], tuple[object, list[Problem]]]


def check_message(
    checker: Checker, path: str, body: object, *, shared: SharedChecks | None = None
) -> None:
    """Check one message at `path` (a batch item is checked at "$.messages[n]").

    `shared`, one dict for all the messages of a batch, checks a content object they have in
    common (the batch's defaults) once per message type; each message gets its problems at its
    own path. The content's problems depend on nothing else of the message.
    """
    message = checker.mapping(path, body, "message body", codes.INVALID_PARAMETER)
    if message is None:
        return
    _addressee(checker, f"{path}.user", message.get("user"))
    checker.string(
        f"{path}.clientMessageId",
        message.get("clientMessageId"),
        "clientMessageId",
        codes.INVALID_PARAMETER,
        longest=CLIENT_MESSAGE_ID_LIMIT,
        too_long=codes.TOO_LONG_CLIENT_MESSAGE_ID,
        whose="8x8",
    )
    kind = _message_type(checker, f"{path}.type", message.get("type"))
    content = checker.mapping(
        f"{path}.content", message.get("content"), "content", codes.MISSED_CONTENT
    )
    if content is not None and shared is None:
        _content(checker, f"{path}.content", content, kind)
    elif content is not None and shared is not None:
        known = shared.get((id(content), kind))
        if known is None or known[0] is not content:
            alone = Checker()
            _content(alone, _SHARED, content, kind)
            known = shared[(id(content), kind)] = (content, alone.problems)
        for problem in known[1]:
            checker.refuse(
                problem.path.replace(_SHARED, f"{path}.content", 1),
                problem.message.replace(_SHARED, f"{path}.content"),
                problem.code,
            )
    _timing_and_routing(checker, path, message)


def _addressee(checker: Checker, path: str, value: object) -> None:
    user = checker.mapping(path, value, "user", codes.MISSED_MSISDN)
    if user is None:
        return
    msisdn, bsuid = user.get("msisdn"), user.get("channelUserId")
    if msisdn is None and bsuid is None:
        checker.refuse(path, "user has neither an msisdn nor a channelUserId", codes.MISSED_MSISDN)
    country = user.get("country")
    region = None
    if country is not None:
        if isinstance(country, str) and COUNTRY.fullmatch(country):
            region = country.upper()  # 8x8's own examples write "sg"
        else:
            message = f"country {quoted(country)} is not a two-letter ISO code (e.g. SG)"
            checker.refuse(f"{path}.country", message, codes.INVALID_COUNTRY_CODE)
    if msisdn is not None:
        _msisdn(checker, f"{path}.msisdn", msisdn, region)
    if bsuid is not None and not (isinstance(bsuid, str) and BSUID.fullmatch(bsuid)):
        message = (
            f"channelUserId {quoted(bsuid)} is not a WhatsApp BSUID: two upper-case letters, "
            "a dot and up to 128 letters or digits"
        )
        checker.refuse(f"{path}.channelUserId", message, codes.INVALID_PARAMETER)


def _msisdn(checker: Checker, path: str, value: object, region: str | None) -> None:
    """E.164, or a national number when user.country says which country it belongs to."""
    if not isinstance(value, str):
        checker.refuse(path, f"msisdn must be a string, not {kind_of(value)}", codes.INVALID_MSISDN)
        return
    if E164.fullmatch(value):
        return
    if region is None or value.startswith("+"):
        hint = " (a national number needs user.country)" if value.isdigit() else ""
        message = f"msisdn {quoted(value)} is not an E.164 number: + and up to 15 digits{hint}"
    elif _national(value, region):
        return
    else:
        message = f"msisdn {quoted(value)} is neither E.164 nor a possible number in {region}"
    checker.refuse(path, message, codes.INVALID_MSISDN)


def _national(number: str, region: str) -> bool:
    if not NATIONAL.fullmatch(number):
        return False
    # A country phonenumbers has no data for (8x8's docs write "uk") is left for 8x8 to route.
    if region not in phonenumbers.SUPPORTED_REGIONS:
        return True
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False


def _message_type(checker: Checker, path: str, value: object) -> str | None:
    rcs = spelled(value, RCS_TYPES)
    if rcs is not None:
        # In 8x8's schema, but only RCS renders it: to a WhatsApp number it is the wrong type.
        checker.refuse(path, f"type {rcs!r} is for RCS only", codes.INVALID_CONTENT_TYPE)
        return None
    return checker.one_of(path, value, "type", WHATSAPP_TYPES, codes.INVALID_CONTENT_TYPE)


def _content(checker: Checker, path: str, content: dict[str, Any], kind: str | None) -> None:
    direct = _direct_send(checker, f"{path}.whatsApp", content.get("whatsApp"), kind)
    text = content.get("text")
    if kind == "text":
        checker.string(
            f"{path}.text",
            text,
            "text",
            codes.MISSED_TEXT,
            needed=True,
            longest=WHATSAPP_TEXT_LIMIT,
            too_long=codes.TOO_LONG_TEXT,
        )
    elif kind in MEDIA_TYPES:
        checker.link(
            f"{path}.url",
            content.get("url"),
            f"{kind} url",
            codes.INVALID_MEDIA_URL,
            needed=True,
            missing=codes.MISSED_MEDIA_URL,
        )
        if kind == "audio" and text is not None:
            message = "WhatsApp shows no caption on audio: content.text must be left out"
            checker.refuse(f"{path}.text", message, codes.INVALID_PARAMETER)
        elif kind != "audio":
            checker.string(
                f"{path}.text",
                text,
                "caption",
                codes.INVALID_PARAMETER,
                longest=WHATSAPP_CAPTION_LIMIT,
                too_long=codes.TOO_LONG_TEXT,
            )
    else:
        # Other types ignore content.text, but 8x8's schema still limits it.
        checker.string(
            f"{path}.text",
            text,
            "text",
            codes.INVALID_PARAMETER,
            longest=SCHEMA_TEXT_LIMIT,
            too_long=codes.TOO_LONG_TEXT,
            whose="8x8",
        )
    if kind == "location":
        place = checker.mapping(
            f"{path}.location", content.get("location"), "location", codes.INVALID_LOCATION
        )
        if place is not None:
            checker.place(f"{path}.location", place, codes.INVALID_LOCATION)
    elif kind == "interactive":
        interactive_problems(
            checker, f"{path}.interactive", content.get("interactive"), direct_send=direct
        )
    elif kind == "template":
        template_problems(checker, f"{path}.template", content.get("template"))
    _sms(checker, path, content)


def _direct_send(checker: Checker, path: str, value: object, kind: str | None) -> bool:
    """WhatsApp Direct Send: a utility message without a template. True when it is asked for."""
    whatsapp = checker.mapping(path, value, "whatsApp", codes.INVALID_PARAMETER, needed=False)
    if whatsapp is None:
        return False
    direct = checker.mapping(
        f"{path}.directSend",
        whatsapp.get("directSend"),
        "directSend",
        codes.INVALID_PARAMETER,
        needed=False,
    )
    if direct is None:
        return False
    checker.one_of(
        f"{path}.directSend.category",
        direct.get("category"),
        "directSend category",
        ("utility",),
        codes.INVALID_PARAMETER,
        exact=True,
    )
    checker.whole(
        f"{path}.directSend.ttlSeconds",
        direct.get("ttlSeconds"),
        "directSend ttlSeconds",
        *DIRECT_SEND_TTL,
        codes.INVALID_PARAMETER,
    )
    if kind not in (None, "text", "interactive"):
        message = f"Direct Send carries text or interactive messages, not {kind}"
        checker.refuse(f"{path}.directSend", message, codes.INVALID_PARAMETER)
    return True


def _sms(checker: Checker, path: str, content: dict[str, Any]) -> None:
    """The SMS fallback: its text, encoding and sender id."""
    checker.string(
        f"{path}.fallbackText",
        content.get("fallbackText"),
        "fallbackText",
        codes.INVALID_PARAMETER,
        longest=SCHEMA_TEXT_LIMIT,
        too_long=codes.TOO_LONG_FALLBACK_TEXT,
        whose="8x8",
    )
    sms = checker.mapping(
        f"{path}.sms", content.get("sms"), "sms", codes.INVALID_PARAMETER, needed=False
    )
    if sms is None:
        return
    checker.one_of(
        f"{path}.sms.encoding",
        sms.get("encoding"),
        "sms encoding",
        SMS_ENCODINGS,
        codes.INVALID_ENCODING,
        needed=False,
        exact=True,
    )
    checker.string(
        f"{path}.sms.source",
        sms.get("source"),
        "sms source",
        codes.INVALID_PARAMETER,
        longest=SMS_SOURCE_LIMIT,
        too_long=codes.TOO_LONG_SMS_SOURCE,
        whose="8x8",
    )


def _timing_and_routing(checker: Checker, path: str, message: dict[str, Any]) -> None:
    """scheduled, expiry, dlrCallbackUrl, the channel fallback order and the reply context."""
    for key, code in (("scheduled", codes.INVALID_SCHEDULE_TIME), ("expiry", codes.INVALID_EXPIRY)):
        value = message.get(key)
        if value is not None and not date_time(value):
            checker.refuse(f"{path}.{key}", f"{key} {quoted(value)} is not a date-time", code)
    checker.link(
        f"{path}.dlrCallbackUrl",
        message.get("dlrCallbackUrl"),
        "dlrCallbackUrl",
        codes.INVALID_DR_CALLBACK_URL,
    )
    channels = checker.items(
        f"{path}.channels",
        message.get("channels"),
        "channels",
        codes.INVALID_FALLBACK_CHANNEL,
        needed=False,
    )
    for index, item in enumerate(channels or []):
        step_path = f"{path}.channels[{index}]"
        step = checker.mapping(step_path, item, "channel step", codes.INVALID_FALLBACK_CHANNEL)
        if step is None:
            continue
        checker.one_of(
            f"{step_path}.channel",
            step.get("channel"),
            "channel",
            CHANNELS,
            codes.INVALID_FALLBACK_CHANNEL,
            exact=True,
        )
        checker.whole(
            f"{step_path}.fallbackAfter",
            step.get("fallbackAfter"),
            "fallbackAfter",
            *FALLBACK_AFTER,
            codes.INVALID_FALLBACK_DELAY,
        )
        checker.one_of(
            f"{step_path}.successStatus",
            step.get("successStatus"),
            "successStatus",
            SUCCESS_STATUSES,
            codes.INVALID_FALLBACK_STATUS,
            needed=False,
            exact=True,
        )
    context = checker.mapping(
        f"{path}.context", message.get("context"), "context", codes.INVALID_PARAMETER, needed=False
    )
    if context is not None:
        checker.string(
            f"{path}.context.umid",
            context.get("umid"),
            "context umid",
            codes.INVALID_PARAMETER,
            needed=True,
        )
