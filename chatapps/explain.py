"""8x8's error codes in plain words: what went wrong and what to do about it.

Two registries share the number space. API error codes come back in the JSON body of a refused
request (`{"code": 3038, ...}`); delivery-receipt error codes arrive later in a webhook's
`status.errorCode`, often with Meta's code in `whatsapp.providerErrorCode`. The numbers 1000-1012
mean different things in each, so callers that know where a code came from say so with `context`.
Sources: 8x8's "API Error codes" and "Messaging Apps Delivery Receipt Error Codes" pages.
"""

from __future__ import annotations

from typing import Literal

Context = Literal["api", "receipt"]

SYNC = "Sync templates on the Templates page and pick an APPROVED one."
FIX_REQUEST = "Correct the field in the composer and send again."
CONTACT_8X8 = "Try again later; if it persists, contact 8x8 support quoting the errorId."

# code -> (cause, fix)
API_ERRORS: dict[int, tuple[str, str]] = {
    429: ("8x8's rate limit was hit.", "Wait the number of seconds 8x8 asked for, then retry."),
    1000: ("A request parameter is invalid.", FIX_REQUEST),
    1001: (
        "The sub-account id does not belong to the account the API key is for.",
        "Check CHATAPPS_SUBACCOUNT_ID: it must be a Chat Apps (not SMS) sub-account.",
    ),
    1002: (
        "The phone number is not a valid E.164 international number.",
        "Write it as + then the country code and number, e.g. +6591234567.",
    ),
    1003: ("The SMS encoding is invalid.", "Use AUTO, GSM7 or UCS2."),
    1004: ("The text is invalid.", FIX_REQUEST),
    1005: ("The SMS sender id (source) is invalid.", "Use up to 11 letters/digits or a number."),
    1006: ("The expiry time is invalid.", "Give a future date-time in ISO 8601 format."),
    1007: ("The SMS template is invalid.", FIX_REQUEST),
    1008: ("An id in the request is invalid.", FIX_REQUEST),
    1009: ("The country code is invalid.", "Use a two-letter ISO country code such as SG."),
    1010: ("A parameter is out of its allowed range.", FIX_REQUEST),
    1011: ("The schedule time is invalid.", "Give a future date-time in ISO 8601 format."),
    1012: (
        "This server's IP address is not allowed.",
        "Add it to the IP allow-list in connect.8x8.com.",
    ),
    1100: ("The batch is larger than 8x8 allows.", "Split the batch into smaller requests."),
    1200: (
        "8x8 did not accept the API key.",
        "Check CHATAPPS_API_KEY: copy a valid key from connect.8x8.com (API keys page).",
    ),
    1201: (
        "Access is forbidden; usually the account lives in another 8x8 region.",
        "Set CHATAPPS_BASE_URL to your account's regional host (the message names the region).",
    ),
    1300: ("The object was not found or has expired.", "Check the id; old messages are not kept."),
    1400: ("The same request was resent too soon.", "Wait before resending."),
    2000: ("8x8 had an internal error.", CONTACT_8X8),
    2001: ("8x8 has not implemented this function.", "Do not use this feature with 8x8."),
    2002: ("The API version is not supported.", "Update this application."),
    2003: ("The product is not enabled for this account.", "Ask 8x8 to enable Chat Apps."),
    3001: ("The user (recipient) is missing.", "Give a phone number."),
    3002: ("The phone number (msisdn) is missing.", "Give a phone number."),
    3003: ("The phone number is invalid.", "Write it in E.164 format, e.g. +6591234567."),
    3004: ("The message content is missing.", FIX_REQUEST),
    3005: ("The message text is missing.", "Type a message."),
    3006: ("The text is too long.", "WhatsApp allows 4096 characters (1024 for captions)."),
    3007: ("The media URL is missing.", "Upload a file or give a public https URL."),
    3008: ("The media URL is invalid.", "Give a public http(s) URL that 8x8 can download."),
    3009: ("The clientMessageId is longer than 50 characters.", "Use a shorter id."),
    3010: (
        "The content type is invalid.",
        "Use text, image, audio, video, file, location, interactive or template.",
    ),
    3011: ("The SMS sender id is longer than 16 characters.", "Shorten the SMS source."),
    3012: ("The batch has no messages.", "Add at least one recipient."),
    3013: ("The batch has too many messages.", "Split it into smaller batches."),
    3014: ("The clientBatchId is longer than 100 characters.", "Use a shorter id."),
    3015: ("The user id is missing.", "Give a phone number or channel user id."),
    3016: ("The WeChat user id is missing.", FIX_REQUEST),
    3017: ("The SMS fallback text is too long.", "Shorten the fallback text."),
    3018: ("The country code is invalid.", "Use a two-letter ISO country code."),
    3019: ("The Facebook user id is missing.", FIX_REQUEST),
    3020: ("The delivery-receipt callback URL is invalid.", "Give a valid https URL."),
    3021: ("The location is empty or invalid.", "Give a latitude and longitude."),
    3022: (
        "The fallback channel is invalid.",
        "Use the exact channel names, e.g. 'SMS' and 'WhatsApp' (case matters).",
    ),
    3023: ("The fallback delay is out of range.", "Use 10 to 86400 seconds."),
    3024: ("The fallback success status is invalid.", "Use Accepted, Sent, Delivered or Read."),
    3025: (
        "The 'Delivered' fallback status is not supported here.",
        "Pick another success status.",
    ),
    3026: ("The 'Read' fallback status is not supported here.", "Pick another success status."),
    3027: ("The sub-account has no such fallback channel.", "Ask 8x8 to add the channel."),
    3028: ("The Zalo user id is missing.", FIX_REQUEST),
    3029: ("The umid is missing.", FIX_REQUEST),
    3030: ("The template is empty.", "Choose a template."),
    3031: ("The template name is too long.", "Template names are at most 512 characters."),
    3032: (
        "The template name is invalid (or a template sample is missing).",
        "Use lowercase letters, digits and underscores; give examples for media headers.",
    ),
    3033: (
        "Too many template parameters were given.",
        "Give exactly one value per {{n}} placeholder.",
    ),
    3034: (
        "This combination of template components is invalid.",
        "Check header, body and buttons.",
    ),
    3035: (
        "The sub-account has no channel that supports templates.",
        "Ask 8x8 to link a WhatsApp channel.",
    ),
    3036: ("The template language is empty.", "Choose the template's language."),
    3037: (
        "The template language is invalid.",
        "Use codes like en or en_US (underscore, not hyphen).",
    ),
    3038: ("No template has this name and language.", SYNC),
    3039: ("A template component type is invalid.", "Use header, body or button."),
    3040: ("The template parameters are empty.", "Fill in every {{n}} placeholder."),
    3041: ("A template parameter is invalid.", "Check each placeholder value."),
    3042: (
        "A template parameter has the wrong type.",
        "Use text for body values, a URL for media headers.",
    ),
    3043: ("A template text parameter is too long.", "Shorten the value."),
    3044: ("The template's location parameter is empty.", "Give a latitude and longitude."),
    3045: ("A parameter was given where the template allows none.", "Remove it."),
    3046: ("A template parameter URL is invalid.", "Give a public https URL."),
    3047: ("The WhatsApp user id is missing.", "Give a phone number."),
    3048: ("A chat group id cannot be combined with a user id.", FIX_REQUEST),
    3049: (
        "A button parameter is invalid.",
        "Check the button's value (URL suffix, payload or code).",
    ),
    3050: ("The Kakao id is missing.", FIX_REQUEST),
    3051: ("The fallback channel id is invalid.", "Check the channels list."),
    3052: ("A template button subType is invalid.", "Use QuickReply, Url, CopyCode or Flow."),
    3053: ("A button index is invalid.", "Indexes run from 0 in the template's button order."),
    3060: (
        "A template with this name is still being deleted.",
        "Names can be reused 30 days after deletion; pick another name.",
    ),
    4018: ("The id is invalid.", FIX_REQUEST),
    7001: ("The upload is larger than 100 MB.", "Upload a smaller file."),
}

RETRY_LATER = "Usually temporary: send again later."
CHECK_NUMBER = "Check the number is right and has WhatsApp."
TEMPLATE_FIX = "Fix the template or its parameters, then send again."

DELIVERY_ERRORS: dict[int, tuple[str, str]] = {
    1: ("The recipient is not registered on WhatsApp.", CHECK_NUMBER),
    2: ("The content type is not supported by this channel.", "Send another message type."),
    3: ("A required parameter was missing.", TEMPLATE_FIX),
    9: ("The recipient's app is too old for business messages.", "Ask them to update WhatsApp."),
    11: ("Too many messages to this recipient in a short time.", "Slow down and retry later."),
    14: ("8x8 had an internal error.", RETRY_LATER),
    15: ("The destination is invalid or blocked in Connect.", CHECK_NUMBER),
    18: ("Invalid or missing parameters.", TEMPLATE_FIX),
    23: ("The channel connection failed.", RETRY_LATER),
    25: (
        "The network or the user refused the message.",
        "Do not resend without the user's consent.",
    ),
    29: ("A parameter value is invalid.", TEMPLATE_FIX),
    36: ("The message expired before it could be delivered.", "Resend if still relevant."),
    41: ("The channel rejected the message.", "Check the content against WhatsApp policy."),
    42: ("The 8x8 account has no credit left.", "Top up the wallet in connect.8x8.com."),
    43: ("An anti-spam filter stopped the message.", "Review the content and sending volume."),
    46: ("The recipient's phone could not be reached.", RETRY_LATER),
    57: ("An unknown error occurred.", RETRY_LATER),
    61: ("The conversation session expired before delivery.", "Send an approved template instead."),
    1000: ("WhatsApp could not authenticate the business app.", "Contact 8x8 support."),
    1001: ("The WhatsApp method is not allowed for this account.", "Contact 8x8 support."),
    1002: ("WhatsApp's app rate limit was reached.", RETRY_LATER),
    1003: ("A WhatsApp permission is missing or was removed.", "Contact 8x8 support."),
    1004: ("The business phone number was deleted.", "Contact 8x8 support."),
    1005: ("WhatsApp found an invalid parameter.", TEMPLATE_FIX),
    1006: ("The WhatsApp access token expired.", "Contact 8x8 support."),
    1007: (
        "The account is temporarily blocked for policy violations.",
        "Review WhatsApp policy notices.",
    ),
    1008: ("The WhatsApp Business Account rate limit was reached.", RETRY_LATER),
    1009: ("The message throughput limit was reached.", "Send more slowly."),
    1010: (
        "The number is part of a WhatsApp experiment.",
        "Nothing to fix; try another recipient.",
    ),
    1011: (
        "The business account is restricted in the recipient's country.",
        "Do not message there.",
    ),
    1012: ("WhatsApp failed with an unknown error.", RETRY_LATER),
    1013: ("WhatsApp denied access.", "Contact 8x8 support."),
    1014: ("A required parameter is missing.", TEMPLATE_FIX),
    1015: ("A parameter value is not valid (e.g. a media URL WhatsApp cannot use).", TEMPLATE_FIX),
    1016: ("WhatsApp is temporarily down.", RETRY_LATER),
    1017: ("The recipient is the sending number itself.", "Send to another number."),
    1018: (
        "WhatsApp could not deliver the message (e.g. the user has not accepted the latest terms).",
        "Try again later or reach the user another way.",
    ),
    1019: ("The business account is locked.", "Contact 8x8 support."),
    1020: ("The business display name is not approved yet.", "Wait for display-name approval."),
    1021: ("The business number's certificate is wrong.", "Contact 8x8 support."),
    1022: (
        "The customer-service window is closed: the customer has not written in the last 24 hours.",
        "Send an approved template instead of a free-form message.",
    ),
    1023: (
        "WhatsApp's spam rate limit was hit.",
        "Send fewer messages, and only to opted-in users.",
    ),
    1024: (
        "Meta chose not to deliver this marketing message (per-user limits).",
        "Do not retry soon; try later or use a utility template.",
    ),
    1025: ("WhatsApp does not support this message type.", "Send another message type."),
    1026: ("WhatsApp could not download the media.", "Use a public https URL or upload the file."),
    1027: ("The media upload to WhatsApp failed.", "Check the file type and size, then retry."),
    1028: ("Too many messages to this recipient.", "Wait before sending to them again."),
    1029: ("The business account is in maintenance mode.", RETRY_LATER),
    1030: (
        "The number of template parameters does not match the template.",
        "Give exactly one value per {{n}} placeholder.",
    ),
    1031: ("The template does not exist (in this language).", SYNC),
    1032: ("The template text with its values is too long.", "Shorten the parameter values."),
    1033: ("The template violates WhatsApp policy.", "Edit the template and resubmit it."),
    1034: ("A template parameter has the wrong format.", TEMPLATE_FIX),
    1035: (
        "The template is paused for low quality.",
        "Use another template until it is reactivated.",
    ),
    1036: ("The template is disabled.", "Use another template."),
    1037: ("The WhatsApp Flow is blocked.", "Fix the Flow in WhatsApp Manager."),
    1038: ("The WhatsApp Flow is throttled.", RETRY_LATER),
    1039: ("Deregistration of the number was incomplete.", "Contact 8x8 support."),
    1040: ("The WhatsApp server is temporarily unavailable.", RETRY_LATER),
    1041: ("Two-step verification PIN mismatch.", "Contact 8x8 support."),
    1042: ("The business number must be re-verified.", "Contact 8x8 support."),
    1043: ("Too many two-step PIN guesses.", "Contact 8x8 support."),
    1044: ("Two-step PIN guessed too fast.", "Contact 8x8 support."),
    1045: ("The business phone number is not registered.", "Contact 8x8 support."),
    1046: ("Registration must wait.", RETRY_LATER),
    1047: ("The register/deregister limit was exceeded.", "Contact 8x8 support."),
    1048: ("WhatsApp reported a generic user error.", "Check the message and retry."),
    1049: ("Too many synchronisation requests.", RETRY_LATER),
    1050: ("The synchronisation window expired.", "Contact 8x8 support."),
    1051: (
        "The recipient opted out of marketing messages from this business.",
        "Do not send them marketing templates; utility messages may still be allowed.",
    ),
    1054: (
        "Sending to a business-scoped user id (BSUID) is not supported for this account.",
        "Send to the phone number instead.",
    ),
}

# Meta's own error codes (whatsapp.providerErrorCode) and the 8x8 delivery code each maps to.
META_TO_DELIVERY: dict[str, int] = {
    "0": 1000,
    "3": 1001,
    "4": 1002,
    "10": 1003,
    "33": 1004,
    "100": 1005,
    "190": 1006,
    "368": 1007,
    "80007": 1008,
    "130429": 1009,
    "130472": 1010,
    "130497": 1011,
    "131000": 1012,
    "131005": 1013,
    "131008": 1014,
    "131009": 1015,
    "131016": 1016,
    "131021": 1017,
    "131026": 1018,
    "131031": 1019,
    "131037": 1020,
    "131045": 1021,
    "131047": 1022,
    "131048": 1023,
    "131049": 1024,
    "131050": 1051,
    "131051": 1025,
    "131052": 1026,
    "131053": 1027,
    "131056": 1028,
    "131057": 1029,
    "132000": 1030,
    "132001": 1031,
    "132005": 1032,
    "132007": 1033,
    "132012": 1034,
    "132015": 1035,
    "132016": 1036,
    "132068": 1037,
    "132069": 1038,
    "133000": 1039,
    "133004": 1040,
    "133005": 1041,
    "133006": 1042,
    "133008": 1043,
    "133009": 1044,
    "133010": 1045,
    "133015": 1046,
    "133016": 1047,
    "135000": 1048,
    "2593107": 1049,
    "2593108": 1050,
}


def explain_error(
    code: int | None, provider_code: str | None = None, *, context: Context | None = None
) -> str:
    """One or two sentences: the cause, then the fix.

    `context` says which registry `code` is from; without it a Meta provider code, or a code
    the API table lacks, means a delivery receipt.
    """
    provider = (provider_code or "").strip()
    if context is None:
        in_receipt = bool(provider) or (code is not None and code not in API_ERRORS)
        context = "receipt" if in_receipt else "api"
    table = API_ERRORS if context == "api" else DELIVERY_ERRORS
    entry = table.get(code) if code is not None else None
    if entry is None and provider in META_TO_DELIVERY:
        entry = DELIVERY_ERRORS[META_TO_DELIVERY[provider]]
    provider_note = f" (WhatsApp error {provider})" if provider else ""
    if entry is None:
        if code is None and not provider:
            return "8x8 gave no error code. Check the message in 8x8's logs at connect.8x8.com."
        label = f"Error {code}" if code is not None else "An error"
        return (
            f"{label}{provider_note} is not in 8x8's published code tables. "
            "Look the message up in 8x8's logs at connect.8x8.com."
        )
    cause, fix = entry
    label = f"Error {code}{provider_note}: " if code is not None else f"WhatsApp error {provider}: "
    return f"{label}{cause} {fix}"
