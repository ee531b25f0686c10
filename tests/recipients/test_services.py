"""Contacts, opt-outs and opt-ins in the ledger, the audit trail, and stop and start keywords."""

from __future__ import annotations

import pytest

from audit.models import AuditEntry
from audit.services import Actor
from recipients.models import Contact, OptEvent
from recipients.services import (
    contact_touch,
    keyword_apply,
    keyword_fold,
    opt_in,
    opt_out,
    receipt_opt_out,
)
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

MSISDN = "+6591234567"


def test_a_contact_is_created_once_and_a_name_fills_in_only_a_missing_one():
    first = contact_touch(msisdn=MSISDN)
    assert first.name == ""
    assert contact_touch(msisdn=MSISDN, name="Jane Tan").name == "Jane Tan"
    assert contact_touch(msisdn=MSISDN, name="Someone Else").name == "Jane Tan"
    assert Contact.objects.count() == 1


def test_an_existing_contact_is_matched():
    known = ContactFactory(msisdn=MSISDN, name="Jane")
    assert contact_touch(msisdn=MSISDN, name="J").pk == known.pk


def test_a_person_recording_an_opt_out_is_in_the_ledger_and_the_audit_trail(admin):
    event = opt_out(msisdn=MSISDN, reason="asked by phone", source="manual", actor=Actor.of(admin))
    assert (event.actor, event.actor_username, event.source) == (admin, "alice-admin", "manual")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RECIPIENT_OPT)
    assert entry.summary == "Recorded that +6591234567 opted out (marketing)"
    assert (entry.target_type, entry.target_id) == ("OptEvent", str(event.pk))
    assert entry.data["reason"] == "asked by phone"
    opt_in(msisdn=MSISDN, reason="asked again", source="manual", actor=Actor.of(admin))
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RECIPIENT_OPT).count() == 2


def test_automatic_changes_keep_their_source_and_umid_and_are_audited_as_the_system():
    event = keyword_apply(msisdn=MSISDN, text="STOP", umid="in-1")
    assert (event.kind, event.scope, event.source, event.umid) == (
        "opt_out",
        "marketing",
        "keyword",
        "in-1",
    )
    assert event.actor is None
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RECIPIENT_OPT)
    assert (entry.actor_id, entry.actor_username) == (None, "")
    assert entry.summary == "+6591234567 opted out (marketing): replied with a keyword"
    assert entry.data["umid"] == "in-1"


@pytest.mark.parametrize("text", ["STOP", "stop!", " Stop ", "ARRÊT", "arret", "Stopp.", "parar"])
def test_stop_keywords_ignore_case_punctuation_spaces_and_accents(text):
    event = keyword_apply(msisdn=MSISDN, text=text, umid="in-1")
    assert event is not None
    assert (event.kind, event.scope, event.reason) == ("opt_out", "marketing", text.strip())


@pytest.mark.parametrize(
    "text",
    [
        "Unsubscribe",
        "baja",
        "Cancelar.",
        "stoppen",
        "Abmelden!",
        "disiscrivi",
        "Désabonner",
        "desinscrire",
        "berhenti",
        "退订",
        "quit",
    ],
)
def test_the_default_stop_keywords_cover_several_languages(text):
    event = keyword_apply(msisdn=MSISDN, text=text, umid="in-1")
    assert event is not None
    assert event.kind == "opt_out"


@pytest.mark.parametrize("text", ["START", "commencer", "Iniciar!", "alta", "Anmelden", "订阅"])
def test_the_default_start_keywords_cover_several_languages(text):
    keyword_apply(msisdn=MSISDN, text="STOP", umid="in-0")
    event = keyword_apply(msisdn=MSISDN, text=text, umid="in-1")
    assert event is not None
    assert (event.kind, event.scope) == ("opt_in", "all")


@pytest.mark.parametrize("text", ["stop by tomorrow", "Please stop", "STOPPED", "", "  !! "])
def test_a_sentence_is_not_a_keyword(text):
    assert keyword_apply(msisdn=MSISDN, text=text, umid="in-1") is None
    assert not OptEvent.objects.exists()


def test_stop_all_opts_out_of_everything_and_start_opts_back_in():
    assert keyword_apply(msisdn=MSISDN, text="stop  all!", umid="in-1").scope == "all"
    event = keyword_apply(msisdn=MSISDN, text="Start", umid="in-2")
    assert (event.kind, event.scope) == ("opt_in", "all")
    assert keyword_apply(msisdn=MSISDN, text="iniciar", umid="in-3").kind == "opt_in"


def test_keywords_come_from_settings(settings):
    settings.OPT_OUT_KEYWORDS = ["HALT"]
    settings.OPT_IN_KEYWORDS = ["RESUME"]
    assert keyword_apply(msisdn=MSISDN, text="stop", umid="in-1") is None
    assert keyword_apply(msisdn=MSISDN, text="halt", umid="in-2").kind == "opt_out"
    assert keyword_apply(msisdn=MSISDN, text="Resume.", umid="in-3").kind == "opt_in"


def test_folding_keeps_words_apart():
    assert keyword_fold("  Arrêt, s'il vous plaît ") == "ARRET S IL VOUS PLAIT"


def test_a_receipt_opt_out_is_recorded_once_per_message():
    assert receipt_opt_out(msisdn=MSISDN, umid="out-1") is not None
    assert receipt_opt_out(msisdn=MSISDN, umid="out-1") is None
    assert receipt_opt_out(msisdn=MSISDN, umid="out-2") is not None
    assert OptEvent.objects.filter(source="receipt").count() == 2
