"""Drafts: save what is typed, list one's own, open one into the composer, delete it."""

from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEntry
from composer.forms import post_data
from composer.models import Draft

SAVE = reverse("composer:draft-save")
COMPOSE = reverse("composer:compose")


def list_state() -> dict:
    return {
        "kind": "list",
        "msisdn": "+65 9123 4567",
        "body": "Pick a slot",
        "button": "Book Slot",
        "sections": [
            {"title": "Mon", "rows": [{"title": "9:00", "id": "s1"}, {"title": "", "id": ""}]}
        ],
    }


def test_saving_a_draft_keeps_what_was_typed_even_if_incomplete(marketer_client, marketer):
    data = post_data({**list_state(), "draft-name": "Slots for Monday"})
    response = marketer_client.post(SAVE, data)
    draft = Draft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{COMPOSE}?draft={draft.pk}"
    assert draft.owner == marketer
    assert draft.name == "Slots for Monday"
    assert draft.kind == "list"
    assert draft.form_data["msisdn"] == "+65 9123 4567"
    assert draft.form_data["sections"][0]["rows"][0] == {
        "title": "9:00",
        "description": "",
        "id": "s1",
    }
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DRAFT_SAVE)
    assert entry.actor == marketer
    assert entry.target_id == str(draft.pk)


def test_an_unnamed_draft_is_named_after_its_kind_and_recipient(agent_client):
    agent_client.post(SAVE, post_data({"kind": "text", "msisdn": "+6591234567", "text": "Hi"}))
    assert Draft.objects.get().name == "Text to +6591234567"


def test_opening_a_draft_fills_the_composer_and_saving_again_updates_it(marketer_client):
    marketer_client.post(SAVE, post_data({**list_state(), "draft-name": "Slots"}))
    draft = Draft.objects.get()
    html = marketer_client.get(COMPOSE, {"draft": draft.pk}).content.decode()
    assert 'value="Book Slot"' in html
    assert 'value="9:00"' in html
    assert f'name="draft" value="{draft.pk}"' in html
    assert "is required" not in html  # an opened draft shows no errors yet
    changed = {**list_state(), "button": "Choose", "draft": draft.pk, "draft-name": "Slots"}
    marketer_client.post(SAVE, post_data(changed))
    draft.refresh_from_db()
    assert Draft.objects.count() == 1
    assert draft.form_data["button"] == "Choose"


def test_the_drafts_page_lists_only_ones_own_drafts(marketer_client, agent_client):
    marketer_client.post(SAVE, post_data({**list_state(), "draft-name": "Mine"}))
    agent_client.post(SAVE, post_data({**list_state(), "draft-name": "Theirs"}))
    html = marketer_client.get(reverse("composer:drafts")).content.decode()
    assert "Mine" in html
    assert "Theirs" not in html


def test_someone_elses_draft_cannot_be_opened_saved_over_or_deleted(marketer_client, agent_client):
    agent_client.post(SAVE, post_data({**list_state(), "draft-name": "Theirs"}))
    draft = Draft.objects.get()
    assert marketer_client.get(COMPOSE, {"draft": draft.pk}).status_code == 404
    overwrite = post_data({**list_state(), "draft": draft.pk, "draft-name": "Mine now"})
    assert marketer_client.post(SAVE, overwrite).status_code == 404
    delete = reverse("composer:draft-delete", args=[draft.pk])
    assert marketer_client.post(delete).status_code == 404
    draft.refresh_from_db()
    assert draft.name == "Theirs"


def test_deleting_a_draft_removes_it(marketer_client):
    marketer_client.post(SAVE, post_data({**list_state(), "draft-name": "Gone soon"}))
    draft = Draft.objects.get()
    response = marketer_client.post(reverse("composer:draft-delete", args=[draft.pk]))
    assert response.status_code == 302
    assert not Draft.objects.exists()


def test_a_bad_draft_id_is_a_404_not_a_500(marketer_client):
    assert marketer_client.get(COMPOSE, {"draft": "abc"}).status_code == 404
    assert marketer_client.get(COMPOSE, {"duplicate": "1; drop"}).status_code == 404


def test_outsiders_have_no_drafts_page(outsider_client):
    assert outsider_client.get(reverse("composer:drafts")).status_code == 403
    assert outsider_client.post(SAVE, {"kind": "text"}).status_code == 403


def test_nul_characters_are_dropped_from_a_saved_draft(marketer_client):
    # PostgreSQL cannot store them; a pasted one must not turn the save into a server error.
    data = post_data({"kind": "text", "msisdn": "+65\x009123", "text": "Hi\x00there"})
    assert marketer_client.post(SAVE, data).status_code == 302
    assert Draft.objects.get().form_data["text"] == "Hithere"
