"""Changing what we know of a number: contacts, opt-outs and opt-ins, and stop keywords."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.conf import settings

from audit.models import AuditEntry
from audit.services import SYSTEM, Actor, audit_record
from recipients.models import Contact, OptEvent
from recipients.numbers import number_normalise
from recipients.selectors import opt_states_many

Kind = OptEvent.Kind
Scope = OptEvent.Scope
Source = OptEvent.Source


def contact_touch(*, msisdn: str, name: str = "") -> Contact:
    """The contact for `msisdn`, created on first contact; a name fills in one not known yet.

    `msisdn` is stored exactly as the message that brought it holds it (E.164 already), so
    history, inbox and contacts find each other by the same text; an unusual number is kept with
    the warning numbers.py gives it.
    """
    contact, created = Contact.objects.get_or_create(
        msisdn=msisdn,
        defaults={"name": name[:200], "number_warning": number_normalise(msisdn).warning[:200]},
    )
    if not created and name and not contact.name:
        contact.name = name[:200]
        contact.save(update_fields=["name", "updated_at"])
    return contact


def _record(
    *,
    kind: str,
    msisdn: str,
    scope: str,
    reason: str,
    source: str,
    actor: Actor | None,
    umid: str,
) -> OptEvent:
    """Append one event to the ledger and to the audit trail: a person's with their name, an
    automatic one (a keyword, a receipt) as the system's, with its umid."""
    actor = actor or SYSTEM
    user = actor.user
    username = user.get_username() if user is not None else actor.username
    event = OptEvent.objects.create(
        msisdn=msisdn,
        kind=kind,
        scope=scope,
        reason=reason[:500],
        source=source,
        actor=user,
        actor_username=username[:150],
        umid=umid[:64],
    )
    verb = "opted out" if kind == Kind.OPT_OUT else "opted in"
    scope_shown = event.get_scope_display().lower()
    summary = (
        f"Recorded that {msisdn} {verb} ({scope_shown})"
        if user is not None
        else f"{msisdn} {verb} ({scope_shown}): {event.get_source_display().lower()}"
    )
    audit_record(
        action=AuditEntry.Action.RECIPIENT_OPT,
        summary=summary,
        actor=actor,
        target=event,
        data={"kind": kind, "scope": scope, "reason": reason[:500], "source": source, "umid": umid},
    )
    return event


def opt_out(
    *,
    msisdn: str,
    reason: str,
    source: str,
    actor: Actor | None = None,
    umid: str = "",
    scope: str = Scope.MARKETING,
) -> OptEvent:
    """Record that `msisdn` opted out of `scope`; sends it stops are refused from now on."""
    return _record(
        kind=Kind.OPT_OUT,
        msisdn=msisdn,
        scope=scope,
        reason=reason,
        source=source,
        actor=actor,
        umid=umid,
    )


def opt_in(
    *,
    msisdn: str,
    reason: str,
    source: str,
    actor: Actor | None = None,
    umid: str = "",
    scope: str = Scope.ALL,
) -> OptEvent:
    """Record that `msisdn` opted back in to `scope` ("all" ends every opt-out)."""
    return _record(
        kind=Kind.OPT_IN,
        msisdn=msisdn,
        scope=scope,
        reason=reason,
        source=source,
        actor=actor,
        umid=umid,
    )


def opt_out_bulk(
    *, msisdns: Iterable[str], reason: str, source: str, actor: Actor, scope: str = Scope.MARKETING
) -> int:
    """Append an opt-out for each number not already out of `scope`, in one INSERT.

    For a bulk action's chunk: the ledger gets one row per number as if each were recorded by
    hand, but the caller audits once for the whole action (a million audit rows would say less).
    Returns how many numbers were opted out now.
    """
    wanted = set(msisdns)
    states = opt_states_many(wanted)
    user = actor.user
    username = (user.get_username() if user is not None else actor.username)[:150]
    events = [
        OptEvent(
            msisdn=msisdn,
            kind=Kind.OPT_OUT,
            scope=scope,
            reason=reason[:500],
            source=source,
            actor=user,
            actor_username=username,
        )
        for msisdn in sorted(wanted)
        if Scope.ALL not in states.get(msisdn, {}) and scope not in states.get(msisdn, {})
    ]
    OptEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)


def keyword_fold(text: str) -> str:
    """Text as keywords are compared: accents folded, upper case, punctuation and spaces collapsed.

    "Arrêt !" and " stop." become "ARRET" and "STOP"; "stop by tomorrow" stays three words, so a
    sentence that merely starts with a keyword is never one.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.sub(r"[\W_]+", " ", bare.upper())
    return " ".join(words.split())


def keyword_apply(*, msisdn: str, text: str, umid: str) -> OptEvent | None:
    """Opt `msisdn` out or in when an inbound text is exactly a stop or start keyword.

    Stop keywords (OPT_OUT_KEYWORDS) opt out of marketing; those also in OPT_OUT_ALL_KEYWORDS
    ("STOP ALL") of everything. Start keywords (OPT_IN_KEYWORDS) opt back in to everything.
    """
    said = keyword_fold(text)
    if not said:
        return None
    reason = text.strip()[:100]
    if said in {keyword_fold(k) for k in settings.OPT_OUT_KEYWORDS}:
        every = said in {keyword_fold(k) for k in settings.OPT_OUT_ALL_KEYWORDS}
        return opt_out(
            msisdn=msisdn,
            reason=reason,
            source=Source.KEYWORD,
            umid=umid,
            scope=Scope.ALL if every else Scope.MARKETING,
        )
    if said in {keyword_fold(k) for k in settings.OPT_IN_KEYWORDS}:
        return opt_in(msisdn=msisdn, reason=reason, source=Source.KEYWORD, umid=umid)
    return None


def receipt_opt_out(*, msisdn: str, umid: str, error_message: str = "") -> OptEvent | None:
    """WhatsApp refused a message because the number opted out of marketing (Meta 131050).

    A receipt can be reported more than once: the same message's umid is recorded only once.
    """
    if OptEvent.objects.filter(msisdn=msisdn, source=Source.RECEIPT, umid=umid).exists():
        return None
    return opt_out(
        msisdn=msisdn,
        reason=error_message or "WhatsApp: the recipient opted out of marketing messages",
        source=Source.RECEIPT,
        umid=umid,
    )
