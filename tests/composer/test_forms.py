"""Compose forms refuse what WhatsApp refuses, with errors that name the field and the limit."""

from __future__ import annotations

import httpx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from audit.services import SYSTEM
from chatapps.client import ChatAppsClient, reset_client, set_client
from chatapps.validation import Problem
from composer.forms import post_data, state_edit
from composer.forms.media import STAND_IN_ROOT
from composer.kinds import compose_form
from composer.services import UploadRefusedError, media_upload
from tests.composer.forms_input import BUTTONS, LIST, MSISDN, bind, refused, rows

# -- Recipient ----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["+65 9123 4567", "+65-9123-4567", "0065 9123 4567"])
def test_the_recipient_is_cleaned_to_e164(db, typed):
    form = bind("text", {"msisdn": typed, "text": "Hi"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["msisdn"] == MSISDN
    assert form.payload["user"] == {"msisdn": MSISDN}
    assert "msisdn" not in form.warnings


@pytest.mark.parametrize("typed", ["91234567", "+0659123", "+65 9123 4567 8901 2345", "call me"])
def test_a_recipient_that_is_not_an_international_number_is_refused(db, typed):
    form = bind("text", {"msisdn": typed, "text": "Hi"})
    assert not form.is_valid()
    assert "is not an international number" in form.errors["msisdn"][0]


def test_a_syntactically_fine_but_unused_number_is_accepted_with_a_warning(db):
    form = bind("text", {"msisdn": "+65000000", "text": "Hi"})
    assert form.is_valid()
    assert "does not look like a number in use" in form.warnings["msisdn"][0]


def test_a_missing_recipient_is_named(db):
    form = compose_form("text", post_data({"text": "Hi"}))
    assert not form.is_valid()
    assert form.errors["msisdn"] == ["Recipient is required."]


# -- Text and media -----------------------------------------------------------------------------


def test_text_longer_than_whatsapps_limit_is_refused(db):
    assert refused("text", {"text": "x" * 4097}) == [
        "Message is 4097 characters; WhatsApp allows 4096"
    ]


def test_a_caption_longer_than_1024_is_refused(db):
    errors = refused("video", {"url": "https://a.example/v.mp4", "caption": "c" * 1025})
    assert errors == ["Caption is 1025 characters; WhatsApp allows 1024"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "ftp://files.example/a.jpg",
            "Image link must be an https:// link; 'ftp:' links are not allowed",
        ),
        (
            "javascript:alert(1)",
            "Image link must be an https:// link; 'javascript:' links are not allowed",
        ),
        (
            "www.example.com/a.jpg",
            "Image link 'www.example.com/a.jpg' is not a link: it must start with https://",
        ),
        ("https://a.example/my photo.jpg", "Image link must not contain spaces"),
    ],
)
def test_a_media_link_must_be_http(db, url, message):
    assert refused("image", {"url": url}) == [message]


def test_media_needs_a_link_or_an_upload(db):
    assert refused("document", {"url": ""}) == ["Give a link to the document or upload a file"]


def test_audio_has_no_caption_field(db):
    form = bind("audio", {"url": "https://a.example/voice.ogg", "caption": "ignored"})
    assert form.is_valid()
    assert form.payload["content"] == {"url": "https://a.example/voice.ogg"}


def test_an_upload_of_a_type_whatsapp_does_not_take_is_refused_before_uploading(db):
    gif = SimpleUploadedFile("party.gif", b"GIF89a", content_type="image/gif")
    form = bind("image", {}, files={"upload": gif})
    assert not form.is_valid()
    assert form.errors["upload"] == ["party.gif is a GIF; WhatsApp images must be JPEG or PNG"]
    assert form.pending_upload is None


def test_an_upload_over_the_size_limit_is_refused_naming_the_limit(db):
    big = SimpleUploadedFile("big.jpg", b"x" * (5 * 1024 * 1024 + 1), content_type="image/jpeg")
    form = bind("image", {}, files={"upload": big})
    assert not form.is_valid()
    assert form.errors["upload"] == ["big.jpg is 5.0 MB; WhatsApp allows 5 MB for images"]
    assert form.pending_upload is None


def test_an_accepted_upload_waits_with_the_place_its_link_goes(db):
    pdf = SimpleUploadedFile("terms.pdf", b"%PDF-1.4", content_type="application/pdf")
    form = bind("document", {"caption": "Terms"}, files={"upload": pdf})
    assert form.is_valid(), form.errors
    pending = form.pending_upload
    assert (pending.file.name, pending.content_type) == ("terms.pdf", "application/pdf")
    assert (pending.field, pending.url_field, pending.path) == ("upload", "url", ("content", "url"))
    # The body was checked with a stand-in link; the real one goes in its place.
    assert form.payload["content"] == {"url": STAND_IN_ROOT + "terms.pdf", "text": "Terms"}
    body = pending.fill(form.payload, "https://chatapps.example/files/abc.pdf?token=t")
    assert body["type"] == "file"
    assert body["content"] == {
        "url": "https://chatapps.example/files/abc.pdf?token=t",
        "text": "Terms",
    }
    assert form.payload["content"]["url"] == STAND_IN_ROOT + "terms.pdf"  # fill copies


def test_a_header_upload_waits_for_its_place_in_the_interactive_header(db):
    photo = SimpleUploadedFile(
        "hero.png", b"\x89PNG\r\n\x1a\n" + bytes(32), content_type="image/png"
    )
    typed = {"header_type": "image", "body": "Pick one", "buttons": [{"title": "Yes"}]}
    form = bind("buttons", typed, files={"header_upload": photo})
    assert form.is_valid(), form.errors
    pending = form.pending_upload
    assert pending.path == ("content", "interactive", "header", "image", "link")
    assert (pending.field, pending.content_type) == ("header_upload", "image/png")


def test_checking_a_media_form_uploads_nothing_and_audits_nothing(db):
    def no_calls(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"the form called 8x8: {request.url}")

    set_client(
        ChatAppsClient(
            base_url="https://chatapps.example",
            api_key="k",
            subaccount_id="Sub_WA",
            account_id="Acc",
            channel_id="c",
            transport=httpx.MockTransport(no_calls),
        )
    )
    try:
        photo = SimpleUploadedFile(
            "a.png", b"\x89PNG\r\n\x1a\n" + bytes(32), content_type="image/png"
        )
        assert bind("image", {}, files={"upload": photo}).is_valid()
    finally:
        reset_client()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.FILE_UPLOAD).exists()


def test_an_upload_and_a_link_together_are_refused(db):
    photo = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + bytes(32), content_type="image/png")
    form = bind("image", {"url": "https://a.example/b.png"}, files={"upload": photo})
    assert not form.is_valid()
    assert form.errors["upload"] == ["Give a link or upload a file, not both (image)"]


def test_an_8x8_upload_error_becomes_a_field_error_not_a_500(db):
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            413,
            json={"code": 7001, "message": "Request size must not exceed 100 MB", "errorId": "e"},
        )

    set_client(
        ChatAppsClient(
            base_url="https://chatapps.example",
            api_key="k",
            subaccount_id="Sub_WA",
            account_id="Acc",
            channel_id="c",
            connect_timeout=1,
            read_timeout=1,
            transport=httpx.MockTransport(refuse),
        )
    )
    try:
        photo = SimpleUploadedFile(
            "a.png", b"\x89PNG\r\n\x1a\n" + bytes(32), content_type="image/png"
        )
        form = bind("image", {}, files={"upload": photo})
        assert form.is_valid(), form.errors
        with pytest.raises(UploadRefusedError) as refusal:
            media_upload(actor=SYSTEM, upload=form.pending_upload)
        form.upload_refused(str(refusal.value))
        assert form.errors["upload"][0].startswith("8x8 did not take the upload")
        assert form.payload is None
    finally:
        reset_client()


def test_a_latitude_outside_the_globe_is_refused(db):
    errors = refused("location", {"latitude": "91", "longitude": "103.8"})
    assert errors == ["Latitude must be between -90 and 90 (got 91)"]


def test_a_location_is_sent_with_numeric_coordinates(db):
    form = bind("location", {"latitude": "1.2834", "longitude": "103.8607", "name": "Marina"})
    assert form.is_valid()
    assert form.payload["content"]["location"] == {
        "latitude": 1.2834,
        "longitude": 103.8607,
        "name": "Marina",
    }


# -- SMS fallback -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("My Shop Sender", "SMS sender ID is 14 characters; an alphanumeric sender ID allows 11"),
        (
            "<senderId>",
            "An alphanumeric SMS sender ID may only use ASCII letters, digits and spaces",
        ),
        ("+65912345678901234", "SMS sender ID is 18 characters; 8x8 allows 16"),
    ],
)
def test_the_sms_sender_id_follows_the_carriers_rules(db, source, message):
    typed = {"text": "Hi", "fallback_text": "Hi by SMS", "sms_source": source}
    assert refused("text", typed) == [message]


def test_a_sender_id_without_fallback_text_is_refused(db):
    assert refused("text", {"text": "Hi", "sms_source": "Shop"}) == [
        "A sender ID only applies with an SMS fallback text"
    ]


def test_forcing_gsm7_with_characters_it_cannot_carry_is_refused(db):
    typed = {"text": "Hi", "fallback_text": "Thanks 😀", "sms_encoding": "GSM7"}
    assert refused("text", typed) == ["GSM-7 cannot carry 😀; choose Auto or UCS-2, or remove them"]


# -- Problems from the final check land on the field they concern --------------------------------


def test_a_validation_problem_inside_a_nested_row_is_put_on_that_row(db):
    sections = [{"title": "A", "rows": rows(1, "a")}, {"title": "B", "rows": rows(2, "b")}]
    form = bind("list", {**LIST, "sections": sections})
    assert form.is_valid()
    problem = Problem("$.content.interactive.action.sections[1].rows[1].title", "too odd", 1000)
    form.attach_problem(problem)
    second_section = form.formsets["sections"].forms[1]
    assert second_section.nested.forms[1].errors["title"] == ["too odd"]
    assert not form.is_valid()


def test_a_problem_at_an_unknown_path_becomes_a_non_field_error(db):
    form = bind("text", {"text": "Hi"})
    assert form.is_valid()
    form.attach_problem(Problem("$.scheduled", "scheduled is odd", 1011))
    assert form.non_field_errors() == ["scheduled is odd"]


def test_a_template_parameter_problem_lands_on_its_parameter_field(order_update):
    form = bind("template", {"template": "en_GB:order_update", "body_1": "A", "body_2": "B"})
    assert form.is_valid()
    form.attach_problem(
        Problem("$.content.template.components[0].parameters[1].text", "bad text", 3041)
    )
    assert form.errors["body_2"] == ["bad text"]


# -- Adding and removing rows -------------------------------------------------------------------


def test_rows_are_added_up_to_whatsapps_limit_and_the_last_one_stays(db):
    state = {"buttons": [{"title": "A"}]}
    for _ in range(5):
        state = state_edit("buttons", state, "add:buttons")
    assert len(state["buttons"]) == 3
    state = state_edit("buttons", state, "remove:buttons-0")
    assert len(state["buttons"]) == 2
    state = state_edit("buttons", {"buttons": [{"title": "A"}]}, "remove:buttons-0")
    assert state["buttons"] == [{}]


def test_nested_rows_count_across_sections(db):
    state = {"sections": [{"rows": [{} for _ in range(9)]}]}
    state = state_edit("list", state, "add:sections")
    assert len(state["sections"]) == 2
    assert state_edit("list", state, "add:sections-0-rows") == state  # 10 rows already
    state = state_edit("list", state, "remove:sections-0-rows-3")
    assert len(state["sections"][0]["rows"]) == 8


@pytest.mark.parametrize(
    "action", ["", "add:nothing", "remove:buttons-9", "drop:table", "add:sections-4-rows"]
)
def test_unknown_or_impossible_row_actions_change_nothing(db, action):
    state = {"buttons": [{"title": "A"}], "sections": [{"rows": [{}]}]}
    assert state_edit("list", state, action) == state


def test_what_was_typed_survives_as_state_even_when_invalid(db):
    form = bind("buttons", {**BUTTONS, "body": "", "buttons": [{"title": "t" * 30, "id": "x"}]})
    assert not form.is_valid()
    state = form.raw_state()
    assert state["buttons"] == [{"title": "t" * 30, "id": "x"}]
    assert state["msisdn"] == MSISDN
    assert "window_override" not in state


def test_an_upload_refusal_is_shown_on_the_upload_field(db):
    photo = SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0" + bytes(32), content_type="image/jpeg")
    form = bind("image", {}, files={"upload": photo})
    assert form.is_valid(), form.errors
    form.upload_refused("8x8 did not take the upload: too big")
    assert form.errors["upload"] == ["8x8 did not take the upload: too big"]
    assert form.pending_upload is None
