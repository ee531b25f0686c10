"""Rules for a single-send body: the envelope (user, type, ids, timing, channels) and `content`."""

from __future__ import annotations

import re

import phonenumbers

from chatapps.validation import codes
from chatapps.validation.fields import (
    JsonObject,
    Problem,
    Report,
    check_array,
    check_choice,
    check_coordinates,
    check_integer,
    check_object,
    check_text,
    check_url,
    find_option,
    is_date_time,
    json_type,
    shown,
)
from chatapps.validation.interactive import check_interactive
from chatapps.validation.template import check_template

MESSAGE_TYPES = ("text", "image", "audio", "video", "file", "location", "interactive", "template")
# 8x8's schema also lists these, but they only render on RCS. This dashboard sends WhatsApp, so
# they are reported (as 8x8's "invalid content type") instead of being accepted and never shown.
RCS_ONLY_TYPES = ("carousel", "richCard")
MEDIA_TYPES = ("image", "audio", "video", "file")
# 8x8 compares these three exactly ("sms" is rejected with 3022), unlike the message type.
CHANNELS = ("SMS", "WhatsApp", "Facebook", "RCS", "Viber", "Line", "WeChat", "Zalo", "Instagram")
SUCCESS_STATUSES = ("Accepted", "Sent", "Delivered", "Read")
SMS_ENCODINGS = ("AUTO", "GSM7", "UCS2")

# E.164 syntax only: 8x8's own examples ("+65000000") are not real numbers but must pass.
E164 = re.compile(r"\+[1-9][0-9]{0,14}")
NATIONAL_NUMBER = re.compile(r"[0-9]{2,17}")
COUNTRY = re.compile(r"[A-Za-z]{2}")
# WhatsApp's business-scoped user id: "US.13491208655302741918".
BSUID = re.compile(r"[A-Z]{2}\.[A-Za-z0-9]{1,128}")

TEXT_LIMIT = 4096  # WhatsApp's limit for a text message
CAPTION_LIMIT = 1024  # WhatsApp's limit for a media caption
SCHEMA_TEXT_LIMIT = 35000  # 8x8's limit for content.text and content.fallbackText
CLIENT_MESSAGE_ID_LIMIT = 50
SMS_SOURCE_LIMIT = 16


def validate_message(body: object) -> list[Problem]:
    """Every problem of a single-send body; an empty list means 8x8 and WhatsApp should take it."""
    report = Report()
    check_message(report, "$", body)
    return report.problems


def check_message(report: Report, path: str, body: object) -> None:
    message = check_object(report, path, body, what="message body", code=codes.INVALID_PARAMETER)
    if message is None:
        return
    _check_user(report, f"{path}.user", message.get("user"))
    check_text(
        report,
        f"{path}.clientMessageId",
        message.get("clientMessageId"),
        what="clientMessageId",
        code=codes.INVALID_PARAMETER,
        limit=CLIENT_MESSAGE_ID_LIMIT,
        too_long_code=codes.TOO_LONG_CLIENT_MESSAGE_ID,
        authority="8x8",
    )
    kind = _check_type(report, f"{path}.type", message.get("type"))
    content = check_object(
        report, f"{path}.content", message.get("content"), what="content", code=codes.MISSED_CONTENT
    )
    if content is not None:
        _check_content(report, f"{path}.content", content, kind)
    _check_envelope(report, path, message)


def _check_user(report: Report, path: str, value: object) -> None:
    user = check_object(report, path, value, what="user", code=codes.MISSED_MSISDN)
    if user is None:
        return
    msisdn, channel_user_id = user.get("msisdn"), user.get("channelUserId")
    if msisdn is None and channel_user_id is None:
        report.add(path, "user needs an msisdn or a channelUserId", codes.MISSED_MSISDN)
    country = _check_country(report, f"{path}.country", user.get("country"))
    if msisdn is not None:
        _check_msisdn(report, f"{path}.msisdn", msisdn, country)
    if channel_user_id is not None and not (
        isinstance(channel_user_id, str) and BSUID.fullmatch(channel_user_id)
    ):
        message = (
            f"channelUserId {shown(channel_user_id)} is not a WhatsApp BSUID "
            "(upper-case country code, a dot, then up to 128 letters or digits)"
        )
        report.add(f"{path}.channelUserId", message, codes.INVALID_PARAMETER)


def _check_country(report: Report, path: str, value: object) -> str | None:
    """The country, upper-cased, when it is a two-letter code (8x8's own example says "sg")."""
    if value is None:
        return None
    if isinstance(value, str) and COUNTRY.fullmatch(value):
        return value.upper()
    message = f"country {shown(value)} must be a two-letter ISO country code like SG"
    report.add(path, message, codes.INVALID_COUNTRY_CODE)
    return None


def _check_msisdn(report: Report, path: str, value: object, country: str | None) -> None:
    """E.164 ("+6591234567"); a national number only when user.country says where it is."""
    if not isinstance(value, str):
        message = f"msisdn must be a string (got {json_type(value)})"
        report.add(path, message, codes.INVALID_MSISDN)
        return
    if E164.fullmatch(value):
        return
    if country is not None and not value.startswith("+"):
        if _is_possible_national_number(value, country):
            return
        message = (
            f"msisdn {shown(value)} is neither an E.164 number (+ then up to 15 digits) "
            f"nor a possible national number in {country}"
        )
    else:
        hint = "; set user.country to send a national number" if value.isdigit() else ""
        message = f"msisdn {shown(value)} is not an E.164 number (+ then up to 15 digits){hint}"
    report.add(path, message, codes.INVALID_MSISDN)


def _is_possible_national_number(number: str, region: str) -> bool:
    if not NATIONAL_NUMBER.fullmatch(number):
        return False
    # 8x8 documents country codes phonenumbers does not know (its example is "uk"): leave
    # those numbers for 8x8 to judge rather than reject a send that may work.
    if region not in phonenumbers.SUPPORTED_REGIONS:
        return True
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(parsed)


def _check_type(report: Report, path: str, value: object) -> str | None:
    """The canonical message type; 8x8 reads it in any case ("Image" in its own examples)."""
    rcs_type = find_option(value, RCS_ONLY_TYPES, case_sensitive=False)
    if rcs_type is not None:
        message = f"type '{rcs_type}' is RCS-only; WhatsApp cannot show it"
        report.add(path, message, codes.INVALID_CONTENT_TYPE)
        return None
    return check_choice(
        report, path, value, what="type", options=MESSAGE_TYPES, code=codes.INVALID_CONTENT_TYPE
    )


def _check_content(report: Report, path: str, content: JsonObject, kind: str | None) -> None:
    direct_send = _check_direct_send(report, f"{path}.whatsApp", content.get("whatsApp"), kind)
    if kind == "text":
        check_text(
            report,
            f"{path}.text",
            content.get("text"),
            what="text",
            code=codes.MISSED_TEXT,
            required=True,
            limit=TEXT_LIMIT,
            too_long_code=codes.TOO_LONG_TEXT,
        )
    elif kind in MEDIA_TYPES:
        _check_media(report, path, content, kind)
    else:
        # Text is ignored by the other types, but 8x8's schema still caps it.
        check_text(
            report,
            f"{path}.text",
            content.get("text"),
            what="text",
            code=codes.INVALID_PARAMETER,
            limit=SCHEMA_TEXT_LIMIT,
            too_long_code=codes.TOO_LONG_TEXT,
            authority="8x8",
        )
    if kind == "location":
        location = check_object(
            report,
            f"{path}.location",
            content.get("location"),
            what="location",
            code=codes.INVALID_LOCATION,
        )
        if location is not None:
            check_coordinates(report, f"{path}.location", location, code=codes.INVALID_LOCATION)
    elif kind == "interactive":
        check_interactive(
            report, f"{path}.interactive", content.get("interactive"), direct_send=direct_send
        )
    elif kind == "template":
        check_template(report, f"{path}.template", content.get("template"))
    _check_sms_fallback(report, path, content)


def _check_media(report: Report, path: str, content: JsonObject, kind: str) -> None:
    check_url(
        report,
        f"{path}.url",
        content.get("url"),
        what=f"{kind} url",
        code=codes.INVALID_MEDIA_URL,
        required=True,
        missing_code=codes.MISSED_MEDIA_URL,
    )
    if kind == "audio":
        if content.get("text") is not None:
            message = "audio messages carry no caption; leave out content.text"
            report.add(f"{path}.text", message, codes.INVALID_PARAMETER)
        return
    check_text(
        report,
        f"{path}.text",
        content.get("text"),
        what="caption (content.text)",
        code=codes.INVALID_PARAMETER,
        limit=CAPTION_LIMIT,
        too_long_code=codes.TOO_LONG_TEXT,
    )


def _check_direct_send(report: Report, path: str, value: object, kind: str | None) -> bool:
    """Check WhatsApp Direct Send (a utility message without a template); True when asked for."""
    settings = check_object(
        report, path, value, what="whatsApp", code=codes.INVALID_PARAMETER, required=False
    )
    if settings is None:
        return False
    direct_send = check_object(
        report,
        f"{path}.directSend",
        settings.get("directSend"),
        what="directSend",
        code=codes.INVALID_PARAMETER,
        required=False,
    )
    if direct_send is None:
        return False
    check_choice(
        report,
        f"{path}.directSend.category",
        direct_send.get("category"),
        what="directSend category",
        options=("utility",),
        code=codes.INVALID_PARAMETER,
        case_sensitive=True,
    )
    check_integer(
        report,
        f"{path}.directSend.ttlSeconds",
        direct_send.get("ttlSeconds"),
        what="directSend ttlSeconds",
        least=30,
        most=43200,
        code=codes.INVALID_PARAMETER,
    )
    if kind not in (None, "text", "interactive"):
        message = f"Direct Send only carries text and interactive messages (got {kind})"
        report.add(f"{path}.directSend", message, codes.INVALID_PARAMETER)
    return True


def _check_sms_fallback(report: Report, path: str, content: JsonObject) -> None:
    check_text(
        report,
        f"{path}.fallbackText",
        content.get("fallbackText"),
        what="fallbackText",
        code=codes.INVALID_PARAMETER,
        limit=SCHEMA_TEXT_LIMIT,
        too_long_code=codes.TOO_LONG_FALLBACK_TEXT,
        authority="8x8",
    )
    sms = check_object(
        report,
        f"{path}.sms",
        content.get("sms"),
        what="sms",
        code=codes.INVALID_PARAMETER,
        required=False,
    )
    if sms is None:
        return
    check_choice(
        report,
        f"{path}.sms.encoding",
        sms.get("encoding"),
        what="sms encoding",
        options=SMS_ENCODINGS,
        code=codes.INVALID_ENCODING,
        required=False,
        case_sensitive=True,
    )
    check_text(
        report,
        f"{path}.sms.source",
        sms.get("source"),
        what="sms source",
        code=codes.INVALID_PARAMETER,
        limit=SMS_SOURCE_LIMIT,
        too_long_code=codes.TOO_LONG_SMS_SOURCE,
        authority="8x8",
    )


def _check_envelope(report: Report, path: str, message: JsonObject) -> None:
    """Scheduling, delivery-receipt URL, channel fallback and reply context."""
    for key, code in (("scheduled", codes.INVALID_SCHEDULE_TIME), ("expiry", codes.INVALID_EXPIRY)):
        value = message.get(key)
        if value is not None and not (isinstance(value, str) and is_date_time(value)):
            message_text = f"{key} {shown(value)} is not an ISO 8601 date-time"
            report.add(f"{path}.{key}", message_text, code)
    check_url(
        report,
        f"{path}.dlrCallbackUrl",
        message.get("dlrCallbackUrl"),
        what="dlrCallbackUrl",
        code=codes.INVALID_DR_CALLBACK_URL,
    )
    _check_channels(report, f"{path}.channels", message.get("channels"))
    context = check_object(
        report,
        f"{path}.context",
        message.get("context"),
        what="context",
        code=codes.INVALID_PARAMETER,
        required=False,
    )
    if context is not None:
        check_text(
            report,
            f"{path}.context.umid",
            context.get("umid"),
            what="context umid",
            code=codes.INVALID_PARAMETER,
            required=True,
        )


def _check_channels(report: Report, path: str, value: object) -> None:
    """The per-message channel fallback order, e.g. WhatsApp then SMS after 900 s."""
    channels = check_array(
        report,
        path,
        value,
        what="channels",
        noun="channel",
        code=codes.INVALID_FALLBACK_CHANNEL,
        required=False,
    )
    for index, item in enumerate(channels or []):
        item_path = f"{path}[{index}]"
        channel = check_object(
            report, item_path, item, what="channel override", code=codes.INVALID_FALLBACK_CHANNEL
        )
        if channel is None:
            continue
        check_choice(
            report,
            f"{item_path}.channel",
            channel.get("channel"),
            what="channel",
            options=CHANNELS,
            code=codes.INVALID_FALLBACK_CHANNEL,
            case_sensitive=True,
        )
        check_integer(
            report,
            f"{item_path}.fallbackAfter",
            channel.get("fallbackAfter"),
            what="fallbackAfter (seconds)",
            least=10,
            most=86400,
            code=codes.INVALID_FALLBACK_DELAY,
        )
        check_choice(
            report,
            f"{item_path}.successStatus",
            channel.get("successStatus"),
            what="successStatus",
            options=SUCCESS_STATUSES,
            code=codes.INVALID_FALLBACK_STATUS,
            required=False,
            case_sensitive=True,
        )
