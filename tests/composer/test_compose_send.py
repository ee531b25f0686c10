"""Sending what was composed: the window is checked first, then the file is uploaded, then queued.

8x8 is answered by a recording httpx.MockTransport, so each test can count what reached it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import httpx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import Actor
from chatapps.client import ChatAppsClient, reset_client, set_client
from composer import services
from composer.forms import post_data
from composer.kinds import compose_form
from messaging.models import InboundMessage, OutboundMessage
from messaging.sending import WindowClosedError

SEND = reverse("composer:send")
MSISDN = "+6591234567"
UPLOADED = "https://chatapps.example/files/shirt.jpg?token=tok"

Answer = Callable[[httpx.Request], httpx.Response]


def stored(request: httpx.Request) -> httpx.Response:
    return httpx.Response(201, json={"fileName": "shirt.jpg", "token": "tok"})


@pytest.fixture
def calls() -> Iterator[Callable[[Answer], list[httpx.Request]]]:
    """Install a fake 8x8 answering with `answer`; the list of requests it received."""

    def install(answer: Answer) -> list[httpx.Request]:
        seen: list[httpx.Request] = []

        def record(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return answer(request)

        set_client(
            ChatAppsClient(
                base_url="https://chatapps.example",
                api_key="k",
                subaccount_id="Shop_WA",
                account_id="Shop",
                channel_id="c",
                transport=httpx.MockTransport(record),
            )
        )
        return seen

    yield install
    reset_client()


def customer_wrote(*, hours_ago: float) -> None:
    InboundMessage.objects.create(
        umid=f"in-{hours_ago}",
        msisdn=MSISDN,
        type="Text",
        content={"text": "hi"},
        received_at=timezone.now() - timedelta(hours=hours_ago),
    )


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("shirt.jpg", b"\xff\xd8\xff", content_type="image/jpeg")


def send_image(client, **typed: str):
    data = post_data({"kind": "image", "msisdn": MSISDN, "caption": "New in", **typed})
    return client.post(SEND, {**data, "upload": photo()})


def uploads() -> int:
    return AuditEntry.objects.filter(action=AuditEntry.Action.FILE_UPLOAD).count()


def test_a_media_send_to_a_closed_window_uploads_nothing(agent_client, calls):
    seen = calls(stored)
    customer_wrote(hours_ago=30)  # the 24-hour window closed six hours ago
    response = send_image(agent_client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not sent: the customer-service window is not known to be open." in html
    assert "shirt.jpg was not uploaded, as nothing was sent: attach it again to send." in html
    assert seen == []
    assert uploads() == 0
    assert OutboundMessage.objects.count() == 0


def test_a_media_send_to_a_number_that_never_wrote_uploads_nothing(agent, calls):
    seen = calls(stored)
    form = compose_form("image", post_data({"msisdn": MSISDN}), {"upload": photo()})
    assert form.is_valid(), form.errors
    assert form.payload is not None
    with pytest.raises(WindowClosedError):
        services.message_compose_send(
            actor=Actor.of(agent),
            kind=form.kind,
            msisdn=MSISDN,
            payload=form.payload,
            upload=form.pending_upload,
            window_override=False,
        )
    assert seen == []
    assert uploads() == 0


def test_with_the_window_open_the_file_is_uploaded_once_then_queued(agent_client, agent, calls):
    seen = calls(stored)
    customer_wrote(hours_ago=1)
    response = send_image(agent_client)
    assert response.status_code == 302
    assert [request.url.path for request in seen] == ["/api/v1/subaccounts/Shop_WA/files"]
    message = OutboundMessage.objects.get()
    assert message.payload["content"] == {"url": UPLOADED, "text": "New in"}
    assert AuditEntry.objects.filter(action=AuditEntry.Action.FILE_UPLOAD, actor=agent).exists()


def test_an_overridden_window_uploads_and_sends(agent_client, calls):
    seen = calls(stored)
    response = send_image(agent_client, window_override="on")
    assert response.status_code == 302
    assert len(seen) == 1
    assert OutboundMessage.objects.get().window_override


def test_an_8x8_upload_refusal_is_a_field_error_not_a_500(agent_client, calls):
    calls(
        lambda request: httpx.Response(
            413, json={"code": 7001, "message": "Request size must not exceed 100 MB"}
        )
    )
    customer_wrote(hours_ago=1)
    response = send_image(agent_client)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_upload_error"' in html
    assert "8x8 did not take the upload" in html
    assert OutboundMessage.objects.count() == 0
    assert uploads() == 0


def test_a_body_refused_after_the_upload_keeps_the_uploaded_link(agent_client, calls):
    # 8x8 names the stored file by a link that is not http(s): the body is refused after upload.
    location = "ftp://files.example/shirt.jpg"
    seen = calls(lambda request: httpx.Response(201, json={"data": {"url": location}}))
    customer_wrote(hours_ago=1)
    response = send_image(agent_client)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{location}"' in html  # in the link field: the next send does not upload
    assert "is not an http(s) URL" in html
    assert len(seen) == 1
    assert uploads() == 1
    assert OutboundMessage.objects.count() == 0
