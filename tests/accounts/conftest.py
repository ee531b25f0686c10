"""Authenticator codes for tests, computed the way an app on a phone would."""

from __future__ import annotations

from binascii import unhexlify

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"
LOGIN_CODE = "/accounts/login/code/"


def code_for(key: str, *, steps_ahead: int = 0) -> str:
    """The six digits an app holding hex `key` shows now (or that many 30-second steps on).

    A code that was accepted once is spent, so a test signing in right after enrolling uses the
    next step's code, which the one step of tolerance accepts.
    """
    return f"{totp(unhexlify(key), drift=steps_ahead):06d}"


def wrong_code(key: str) -> str:
    right = {code_for(key, steps_ahead=n) for n in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


@pytest.fixture
def enrol():
    """Give a user a confirmed authenticator device, as the enrolment page saves it."""

    def make(user) -> TOTPDevice:
        return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)

    return make


def password_step(client, user, *, next_url: str = ""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data, REMOTE_ADDR="10.9.8.7")


def code_step(client, code: str):
    return client.post(LOGIN_CODE, {"code": code}, REMOTE_ADDR="10.9.8.7")


def signed_in_with(device: TOTPDevice) -> Client:
    """A client whose session passed both steps with `device`, as login_code leaves it."""
    client = Client()
    client.force_login(device.user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
