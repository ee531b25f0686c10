"""A long thread: the newest page first, an "Older messages" link to each page before it (every
message on exactly one page, in order, even when several share an instant), and drawn rows kept
but redrawn as soon as anything they show changes."""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timedelta
from html import unescape
from urllib.parse import unquote

import pytest
from django.utils import timezone

from inbox.rows import ROWS, Kept
from inbox.thread import THREAD_SIZE
from messaging.models import Conversation, InboundMessage, MessageStatus, OutboundMessage
from messaging.retention import retention_run
from tests.factories import InboundMessageFactory, OutboundMessageFactory

pytestmark = pytest.mark.django_db

CUSTOMER = "+6591234567"
ROW = re.compile(r'data-(umid|message)="([^"]+)"')
UMIDS = itertools.count(1)
OLDER = re.compile(r'href="\?before=([^"]+)">Older messages<')


@pytest.fixture(autouse=True)
def no_kept_rows():
    ROWS.clear()
    yield
    ROWS.clear()


def conversation() -> Conversation:
    return Conversation.objects.create(msisdn=CUSTOMER, last_activity_at=timezone.now())


def customer_says(text: str, at: datetime) -> str:
    return InboundMessageFactory(
        msisdn=CUSTOMER, content={"text": text}, received_at=at, umid=f"in-{next(UMIDS)}"
    ).umid


def we_answer(text: str, at: datetime, **fields) -> str:
    message = OutboundMessageFactory(
        msisdn=CUSTOMER,
        payload={"user": {"msisdn": CUSTOMER}, "type": "text", "content": {"text": text}},
        **fields,
    )
    OutboundMessage.objects.filter(pk=message.pk).update(created_at=at)  # auto_now_add set now
    return str(message.pk)


def alternating(count: int, start: datetime) -> list[str]:
    """`count` messages a minute apart from `start`, customer and answer in turn, oldest first."""
    keys = []
    for n in range(count):
        at = start + timedelta(minutes=n)
        keys.append(customer_says(f"q{n}", at) if n % 2 == 0 else we_answer(f"a{n}", at))
    return keys


def rows_of(page: str) -> list[str]:
    return [key for _, key in ROW.findall(page)]


def older_link(page: str) -> str | None:
    found = OLDER.search(page)
    return unquote(unescape(found.group(1))) if found else None


def every_page(client, convo: Conversation) -> list[str]:
    """Each page's HTML, newest first, following the "Older messages" links to the end."""
    pages, query = [], {}
    for _ in range(10):  # more pages than any test makes: links that never end fail the test
        page = client.get(f"/inbox/{convo.pk}/", query).content.decode()
        pages.append(page)
        link = older_link(page)
        if link is None:
            return pages
        query = {"before": link}
    raise AssertionError("the older links do not end")


def test_a_long_thread_shows_its_newest_page_and_each_older_one_in_turn(agent_client):
    convo = conversation()
    keys = alternating(2 * THREAD_SIZE + 7, timezone.now() - timedelta(days=1))

    pages = every_page(agent_client, convo)

    assert [len(rows_of(p)) for p in pages] == [THREAD_SIZE, THREAD_SIZE, 7]
    assert rows_of(pages[0]) == keys[-THREAD_SIZE:]  # the newest, oldest first as a chat reads
    shown = [key for page in reversed(pages) for key in rows_of(page)]
    assert shown == keys  # every message once, in order, across the pages
    # Only the newest page polls; the older ones link back to it instead.
    assert 'hx-trigger="every 3s"' in pages[0]
    assert "Newest messages" not in pages[0]
    for page in pages[1:]:
        assert 'hx-trigger="every 3s"' not in page
        assert f'href="/inbox/{convo.pk}/">Newest messages<' in page


def test_messages_sharing_an_instant_at_a_page_boundary_are_neither_skipped_nor_repeated(
    agent_client,
):
    convo = conversation()
    start = timezone.now() - timedelta(days=1)
    keys = alternating(THREAD_SIZE - 3, start + timedelta(hours=1))
    # Six messages at one instant, both ways, straddle the first page's end.
    same = start + timedelta(minutes=30)
    tied = [customer_says(f"t{n}", same) for n in range(3)] + [
        we_answer(f"u{n}", same) for n in range(3)
    ]
    earlier = alternating(4, start)

    pages = every_page(agent_client, convo)

    shown = [key for page in reversed(pages) for key in rows_of(page)]
    assert len(pages) == 2
    assert sorted(shown) == sorted(earlier + tied + keys)
    assert len(shown) == len(set(shown))
    assert shown[: len(earlier)] == earlier
    assert shown[-len(keys) :] == keys


def test_an_older_link_carrying_only_a_time_shows_what_came_before_it(agent_client):
    convo = conversation()
    start = timezone.now() - timedelta(days=1)
    keys = alternating(6, start)

    page = agent_client.get(
        f"/inbox/{convo.pk}/", {"before": (start + timedelta(minutes=3)).isoformat()}
    ).content.decode()

    assert rows_of(page) == keys[:3]


def test_a_kept_row_is_redrawn_when_its_ticks_change(agent_client):
    convo = conversation()
    pk = we_answer("on its way", timezone.now() - timedelta(minutes=5), status="sent")
    first = agent_client.get(f"/inbox/{convo.pk}/")
    assert 'aria-label="Sent"' in first.content.decode()

    again = agent_client.get(f"/inbox/{convo.pk}/")
    assert "inbox/_message.html" not in [t.name for t in again.templates]  # kept, not redrawn
    assert 'aria-label="Sent"' in again.content.decode()

    OutboundMessage.objects.filter(pk=pk).update(status=MessageStatus.READ)
    page = agent_client.get(f"/inbox/{convo.pk}/").content.decode()
    assert 'aria-label="Read"' in page
    assert 'aria-label="Sent"' not in page


def test_a_kept_row_is_redrawn_once_retention_clears_it(agent_client, settings):
    settings.RETENTION_DAYS = 365
    convo = conversation()
    long_ago = timezone.now() - timedelta(days=400)
    customer_says("secret words", long_ago)
    assert "secret words" in agent_client.get(f"/inbox/{convo.pk}/").content.decode()

    retention_run()

    page = agent_client.get(f"/inbox/{convo.pk}/").content.decode()
    assert "secret words" not in page
    assert "Content cleared after 400 days" in page
    assert InboundMessage.objects.get().content == {}


def test_an_answers_bubble_shows_when_it_was_sent(agent_client, settings):
    settings.TIME_ZONE = "UTC"
    convo = conversation()
    sent = (timezone.now() - timedelta(hours=3)).replace(minute=7)
    we_answer("hello", sent)

    page = agent_client.get(f"/inbox/{convo.pk}/").content.decode()

    assert f'<span class="wa-time">{sent:%H}:07</span>' in page


def test_the_poll_redraws_the_thread_alone(agent_client):
    convo = conversation()
    keys = alternating(3, timezone.now() - timedelta(minutes=10))

    response = agent_client.get(f"/inbox/{convo.pk}/", {"part": "thread"}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="thread"')
    assert rows_of(page) == keys
    assert "reply-heading" not in page


def test_kept_rows_drop_the_least_recently_used_past_their_size():
    kept = Kept(size=2)
    kept.put("a", "A")
    kept.put("b", "B")
    assert kept.get("a") == "A"  # now the most recently used
    kept.put("c", "C")
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == ("A", None, "C")
    assert len(kept) == 2
