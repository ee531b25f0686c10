"""Optional two-factor login with an authenticator app (TOTP, through django-otp); audited."""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from audit.models import AuditEntry
from audit.services import Actor, audit_record

DEVICE_NAME = "Authenticator app"
# Marks a session signed in without the code its user needs (see accounts.middleware).
NEEDS_CODE = "accounts_needs_code"


class TwoFactorError(Exception):
    """Refused: a wrong code (or one too soon after a wrong one), or a device already there."""


def device_of(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def users_with_device() -> set[int]:
    """Ids of the users who sign in with a code."""
    return set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))


def enrolment_key() -> str:
    """A fresh secret (hex), kept by the page until the first code confirms it."""
    return random_hex(20)


def secret_for_humans(key: str) -> str:
    """The secret as authenticator apps take it by hand: base32, in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def setup_qr_svg(*, user: User, key: str) -> SafeString:
    """The otpauth:// setup link as an inline SVG QR code, drawn here so no secret leaves us."""
    uri = TOTPDevice(user=user, key=key).config_url
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    # Markup the qrcode library drew from our own link, not anything a user typed.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308


def two_factor_enrol(
    *, actor: Actor, key: str, code: str, keep_session: str | None = None
) -> TOTPDevice:
    """Save the authenticator once a first code proves the app holds `key`.

    The actor's other sessions end (all but `keep_session`): they were signed in without a code.
    """
    user: User = actor.user
    if has_device(user):
        raise TwoFactorError("Two-factor login is already on; remove it first to start again.")
    totp = TOTP(unhexlify(key))
    if not totp.verify(int(code), tolerance=1):
        _refused(actor=actor, during="enrolment")
        raise TwoFactorError("That code does not match; check the app's clock and try again.")
    with transaction.atomic():
        # The code just used is spent: the same one cannot sign in a moment later.
        device = TOTPDevice.objects.create(
            user=user, name=DEVICE_NAME, key=key, confirmed=True, drift=totp.drift, last_t=totp.t()
        )
        ended = _other_sessions_end(user=user, keep=keep_session)
        audit_record(
            action=AuditEntry.Action.TWO_FACTOR,
            summary=f"{user.username!r} turned on two-factor login",
            actor=actor,
            target=user,
            data={"sessions_ended": ended},
        )
    return device


def two_factor_remove(*, actor: Actor, code: str) -> None:
    """Remove the actor's authenticator; a current code proves it is them holding the phone."""
    user: User = actor.user
    device = device_of(user)
    if device is None:
        return
    if not device.verify_token(code):
        _refused(actor=actor, during="removal")
        raise TwoFactorError("That code does not match, so two-factor login stays on.")
    summary = f"{user.username!r} turned off two-factor login"
    _delete_devices(actor=actor, user=user, summary=summary)


def user_two_factor_remove(*, actor: Actor, user: User) -> None:
    """An admin turns off another user's two-factor login (a lost phone); audited."""
    _delete_devices(
        actor=actor, user=user, summary=f"Turned off two-factor login for {user.username!r}"
    )


def login_code_check(*, user: User, code: str) -> TOTPDevice | None:
    """The device that accepts `code` at the login's second step, or None.

    The caller reports a None as a failed login, so it counts towards the lockout like a wrong
    password does.
    """
    device = device_of(user)
    if device is not None and device.verify_token(code):
        return device
    return None


def _other_sessions_end(*, user: User, keep: str | None) -> int:
    # Sessions are stored in the database (Django's default engine); a self-hosted install has
    # few, and this runs once per enrolment.
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep):
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def _delete_devices(*, actor: Actor, user: User, summary: str) -> None:
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    if removed:
        audit_record(action=AuditEntry.Action.TWO_FACTOR, summary=summary, actor=actor, target=user)


def _refused(*, actor: Actor, during: str) -> None:
    audit_record(
        action=AuditEntry.Action.TWO_FACTOR,
        summary=f"Wrong two-factor code during {during} for {actor.user.username!r}",
        actor=actor,
        target=actor.user,
        data={"refused": during},
    )
