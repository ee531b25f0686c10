"""Media whose bytes are not the message's type is undelivered, as WhatsApp does (131053)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sandbox import services
from sandbox.files import file_store
from tests.sandbox import bodies

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(64)


def stored_url(name: str, content: bytes, content_type: str) -> str:
    stored = file_store(upload=SimpleUploadedFile(name, content, content_type=content_type))
    return f"http://127.0.0.1:8000/sandbox/files/{stored.file_name}?token={stored.token}"


def media(kind: str, url: str) -> dict:
    return {"user": {"msisdn": bodies.CUSTOMER}, "type": kind, "content": {"url": url}}


def delivered(body: dict):
    message = services.message_accept(body=body)
    return services.receipt_advance(message_id=message.pk, step="delivered")


def test_a_text_file_named_png_sent_as_an_image_is_undelivered_with_131053(window_open):
    message = delivered(media("image", stored_url("fake.png", b"hello, I am text", "image/png")))

    assert (message.state, message.error_code, message.provider_error_code) == (
        "undelivered",
        1027,
        "131053",
    )


@pytest.mark.parametrize(
    ("kind", "name", "content", "content_type"),
    [
        ("image", "photo.png", PNG, "image/png"),
        ("file", "terms.pdf", PDF, "application/pdf"),
        ("file", "notes.txt", b"Plain text terms\n", "text/plain"),
    ],
)
def test_media_of_its_declared_type_is_delivered(window_open, kind, name, content, content_type):
    assert delivered(media(kind, stored_url(name, content, content_type))).state == "delivered"


def test_a_pdf_sent_as_an_image_is_undelivered(window_open):
    assert delivered(media("image", stored_url("x.pdf", PDF, "application/pdf"))).error_code == 1027


def test_a_link_the_sandbox_does_not_store_is_taken_as_it_is(window_open):
    assert delivered(media("image", "https://cdn.example.com/a.png")).state == "delivered"
