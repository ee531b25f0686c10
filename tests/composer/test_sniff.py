"""A file whose bytes are not what its name declares is refused before anything is uploaded."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from composer.forms.media import media_upload_check
from composer.forms.sniff import content_matches


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


REAL = {
    ".jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(64),
    ".png": b"\x89PNG\r\n\x1a\n" + bytes(32),
    ".pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    ".mp4": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(16),
    ".ogg": b"OggS\x00\x02" + bytes(40),
    ".mp3": b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(30),
    ".doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
    ".docx": docx(),
    ".txt": "Terms and conditions — read me.\n".encode(),
}


@pytest.mark.parametrize("extension", REAL)
def test_a_real_file_of_each_type_passes(extension):
    assert content_matches(extension, REAL[extension])


@pytest.mark.parametrize(
    ("extension", "content"),
    [
        (".png", b"just some text, named like a picture"),
        (".jpg", REAL[".png"]),
        (".pdf", REAL[".jpg"]),
        (".mp4", REAL[".mp3"]),
        (".docx", REAL[".doc"]),
        (".txt", REAL[".png"]),  # binary bytes are not text
    ],
)
def test_bytes_of_another_type_are_refused(extension, content):
    assert not content_matches(extension, content)


def test_a_text_file_named_png_is_refused_naming_the_file_and_the_rule():
    fake = SimpleUploadedFile("fake.png", b"hello, I am text", content_type="image/png")

    with pytest.raises(ValidationError) as refused:
        media_upload_check(fake, media="image")

    assert refused.value.messages == [
        "fake.png is not a PNG file inside (its content is another type); "
        "WhatsApp images must be JPEG or PNG"
    ]


def test_a_checked_file_can_still_be_read_from_its_start():
    photo = SimpleUploadedFile("a.png", REAL[".png"], content_type="image/png")

    assert media_upload_check(photo, media="image") == "image/png"
    assert photo.read() == REAL[".png"]
