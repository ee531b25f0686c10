"""The shared send clock: requests spaced by the rate, and a 429 pause that holds every sender.

The same tests run on both clocks: the database's (embedded) and Redis' (production).
"""

from __future__ import annotations

import os
import uuid

import pytest
import redis
from django.conf import settings as django_settings

from messaging import pacing

REDIS_URL = (
    django_settings.CELERY_BROKER_URL
    if django_settings.CELERY_BROKER_URL.startswith("redis")
    else os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
)


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["database", "redis"])
def clock(request, db):
    if request.param == "database":
        return pacing.DatabaseClock()
    if not redis_answers():
        pytest.fail(f"no Redis at {REDIS_URL}: set TEST_REDIS_URL to a Redis the tests may use")
    return pacing.RedisClock(REDIS_URL)


@pytest.fixture
def keys():
    run = uuid.uuid4().hex
    return {"job_key": f"test:{run}:job", "pause_key": f"test:{run}:pause"}


def test_requests_are_spaced_by_the_rate(clock, keys):
    waits = [clock.reserve(**keys, rate=10, messages=5) for _ in range(3)]
    # 5 messages at 10/s take half a second each: the slots start 0, 0.5 and 1.0 s from now.
    assert waits[0] == pytest.approx(0, abs=0.05)
    assert waits[1] == pytest.approx(0.5, abs=0.05)
    assert waits[2] == pytest.approx(1.0, abs=0.05)


def test_jobs_keep_separate_rates(clock, keys):
    clock.reserve(**keys, rate=1, messages=100)
    other = {**keys, "job_key": keys["job_key"] + "-other"}
    assert clock.reserve(**other, rate=1, messages=1) == pytest.approx(0, abs=0.05)


def test_unpaced_requests_wait_for_nothing_but_a_pause(clock, keys):
    assert clock.reserve(**keys, rate=0, messages=1000) == 0
    assert clock.reserve(**keys, rate=0, messages=1000) == 0
    clock.pause(pause_key=keys["pause_key"], seconds=3)
    assert clock.reserve(**keys, rate=0, messages=1) == pytest.approx(3, abs=0.1)


def test_a_pause_holds_back_every_job_of_the_sub_account(clock, keys):
    clock.pause(pause_key=keys["pause_key"], seconds=2)
    other = {**keys, "job_key": keys["job_key"] + "-other"}
    assert clock.reserve(**keys, rate=100, messages=1) == pytest.approx(2, abs=0.1)
    assert clock.reserve(**other, rate=100, messages=1) == pytest.approx(2, abs=0.1)
    assert clock.paused_for(pause_key=keys["pause_key"]) == pytest.approx(2, abs=0.1)


def test_a_shorter_pause_never_shortens_a_longer_one(clock, keys):
    clock.pause(pause_key=keys["pause_key"], seconds=5)
    clock.pause(pause_key=keys["pause_key"], seconds=1)
    assert clock.paused_for(pause_key=keys["pause_key"]) == pytest.approx(5, abs=0.1)


def test_the_clock_follows_the_settings(settings):
    settings.PACING_REDIS_URL = ""
    assert isinstance(pacing.clock(), pacing.DatabaseClock)
    settings.PACING_REDIS_URL = REDIS_URL
    assert isinstance(pacing.clock(), pacing.RedisClock)
