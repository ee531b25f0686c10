"""One send clock shared by every worker on every machine: the rate of a job, and 429 pauses.

The clock is a GCRA ("generic cell rate") schedule: each request of n messages reserves the
next free n / rate seconds and waits until its slot starts, so requests leave at most `rate`
messages per second apart, whichever worker sends them. A 429 moves the sub-account's pause
forward to its Retry-After; every later reservation starts after it, so one 429 holds back every
worker, not only the chunk that got it.

Redis holds the clock in production (a Lua script reads Redis' own TIME, so machines' clocks
need not agree); the database holds it embedded (one row per key, changed by one UPDATE).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import redis
from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from messaging.models import PacingClock

# KEYS[1]: the job's next free time; KEYS[2]: the sub-account's pause. ARGV: seconds per message
# (0 = unpaced), messages, key lifetime. Returns the seconds to wait, as text (Lua numbers are
# truncated to integers when returned).
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local start = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'))
local per = tonumber(ARGV[1])
if per > 0 then
  start = math.max(start, tonumber(redis.call('GET', KEYS[1]) or '0'))
  redis.call('SET', KEYS[1], tostring(start + per * tonumber(ARGV[2])), 'EX', ARGV[3])
end
return tostring(start - now)
"""
_PAUSE = """
local t = redis.call('TIME')
local until_ = tonumber(t[1]) + tonumber(t[2]) / 1000000 + tonumber(ARGV[1])
if until_ > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], tostring(until_), 'EX', math.ceil(tonumber(ARGV[1])) + 60)
end
return tostring(until_)
"""
KEY_LIFETIME = 3600  # seconds a job's clock outlives its last send


class Clock(Protocol):
    def reserve(self, *, job_key: str, pause_key: str, rate: float, messages: int) -> float: ...

    def pause(self, *, pause_key: str, seconds: float) -> None: ...

    def paused_for(self, *, pause_key: str) -> float: ...


@dataclass
class RedisClock:
    url: str

    def __post_init__(self) -> None:
        self.client = redis.Redis.from_url(self.url)
        self._reserve = self.client.register_script(_RESERVE)
        self._pause = self.client.register_script(_PAUSE)

    def reserve(self, *, job_key: str, pause_key: str, rate: float, messages: int) -> float:
        per = 1.0 / rate if rate > 0 else 0.0
        wait = self._reserve(keys=[job_key, pause_key], args=[per, messages, KEY_LIFETIME])
        return max(0.0, float(wait))

    def pause(self, *, pause_key: str, seconds: float) -> None:
        self._pause(keys=[pause_key], args=[seconds])

    def paused_for(self, *, pause_key: str) -> float:
        until = float(self.client.get(pause_key) or 0)
        seconds, micros = self.client.time()
        return max(0.0, until - (seconds + micros / 1_000_000))


class DatabaseClock:
    """The same schedule in the database: each change is one UPDATE inside a transaction, so the
    row lock (PostgreSQL) or the write lock (SQLite) orders workers one after another."""

    def reserve(self, *, job_key: str, pause_key: str, rate: float, messages: int) -> float:
        now = time.time()
        with transaction.atomic():
            PacingClock.objects.get_or_create(key=pause_key)
            paused_until = (
                PacingClock.objects.filter(key=pause_key)
                .values_list("paused_until", flat=True)
                .get()
            )
            start = max(now, paused_until)
            if rate > 0:
                clock, _ = PacingClock.objects.select_for_update().get_or_create(key=job_key)
                start = max(start, clock.next_free)
                clock.next_free = start + messages / rate
                clock.save(update_fields=["next_free"])
        return max(0.0, start - now)

    def pause(self, *, pause_key: str, seconds: float) -> None:
        until = time.time() + seconds
        with transaction.atomic():
            PacingClock.objects.get_or_create(key=pause_key)
            PacingClock.objects.filter(key=pause_key).update(
                paused_until=Greatest(F("paused_until"), Value(until))
            )

    def paused_for(self, *, pause_key: str) -> float:
        until = (
            PacingClock.objects.filter(key=pause_key).values_list("paused_until", flat=True).first()
        )
        return max(0.0, (until or 0.0) - time.time())


@lru_cache(maxsize=4)
def _clock(url: str) -> Clock:
    return RedisClock(url) if url else DatabaseClock()


def clock() -> Clock:
    return _clock(settings.PACING_REDIS_URL)


def job_key(job_id: int) -> str:
    return f"chatapps:pacing:job:{job_id}"


def pause_key() -> str:
    """429s are per sub-account: one pause for everything sent through it."""
    return f"chatapps:pacing:pause:{settings.CHATAPPS_SUBACCOUNT_ID}"


# Requests are spaced for a rate this much below the one asked: the time a request takes to
# arrive varies, and a late one must not land in the same second as the next on-time one.
ARRIVAL_MARGIN = 0.985


def send_slot_wait(*, job_id: int, rate: float, messages: int) -> float:
    """Block until `messages` may leave for job `job_id` at `rate` per second (0: unpaced),
    after any 429 pause of the sub-account. Returns when (epoch seconds) the pause was last
    seen clear: the request leaves after that instant.

    The pause is read again after the wait: another worker's 429 during the sleep moved it.
    """
    rate = rate * ARRIVAL_MARGIN
    # Each instant is taken before the read it stands for: a pause set before it is seen.
    clear_at = time.time()
    wait = clock().reserve(
        job_key=job_key(job_id), pause_key=pause_key(), rate=rate, messages=messages
    )
    if wait <= 0:
        return clear_at
    time.sleep(wait)
    while True:
        clear_at = time.time()
        paused = clock().paused_for(pause_key=pause_key())
        if paused <= 0:
            return clear_at
        time.sleep(paused)


def sends_pause(seconds: float) -> None:
    """A 429 said Retry-After `seconds`: no worker sends to this sub-account before it passes."""
    clock().pause(pause_key=pause_key(), seconds=max(0.0, seconds))
