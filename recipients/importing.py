"""Contacts from a CSV: what columns can be, how a row becomes a contact, and the bulk writes.

Plugged into tabular's import machinery as a RowHandler. Each chunk of rows costs a fixed number
of queries whatever its size: one lookup of the numbers already stored (msisdn IN ...), one bulk
insert, one bulk update, and bulk inserts of tags and list members that ignore rows already there.
The first row of a number wins; later rows of the same number are skipped and reported.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from recipients.models import Contact, ContactList, ContactTag, ListMember, Tag
from recipients.numbers import number_normalise
from tabular.bulk import filter_in, rows_insert
from tabular.guess import columns_guess
from tabular.jobs import DUPLICATE, Outcome, Totals
from tabular.models import ImportJob
from tabular.reading import Row

MSISDN, NAME, LANGUAGE, TIME_ZONE, TAG, IGNORE = (
    "msisdn",
    "name",
    "language",
    "time_zone",
    "tag",
    "",
)
ATTRIBUTE = "attribute:"
TARGETS = [
    (IGNORE, "Ignore this column"),
    (MSISDN, "Phone number"),
    (NAME, "Name"),
    (LANGUAGE, "Language"),
    (TIME_ZONE, "Time zone"),
    (TAG, "Tags"),
]
# An export writes these for the record; importing the file back leaves them alone.
RECORD_COLUMNS = ("opt_in_source", "opt_in_at", "created_at")
SINGLE = frozenset({MSISDN, NAME, LANGUAGE, TIME_ZONE})
SYNONYMS = {
    MSISDN: [
        "phone", "phone number", "mobile", "mobile number", "mobile phone", "cell", "cellphone",
        "telephone", "tel", "number", "whatsapp", "whatsapp number", "contact number", "e164",
        "téléphone", "portable", "numéro", "telefono", "teléfono", "celular", "móvil",
        "telefone", "telefon", "handy", "handynummer", "rufnummer", "nomor", "no hp", "nomor hp",
        "电话", "手机", "電話", "手機", "携帯", "số điện thoại", "sđt", "телефон",
    ],
    NAME: [
        "full name", "contact", "contact name", "customer", "customer name", "nom", "nombre",
        "nome", "nama", "名前", "姓名", "名字", "tên", "имя", "vorname und nachname",
    ],
    LANGUAGE: ["lang", "locale", "langue", "idioma", "sprache", "bahasa", "lingua", "语言", "言語"],
    TIME_ZONE: ["timezone", "tz", "zone", "fuseau horaire", "zona horaria", "zeitzone"],
    TAG: ["tags", "label", "labels", "étiquette", "étiquettes", "etiqueta", "etiquetas"],
}  # fmt: skip
TAG_SPLIT = re.compile(r"[,;|]")
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*")
ATTRIBUTE_KEY = re.compile(r"[^\w]+")
NAME_MAX = Contact._meta.get_field("name").max_length or 200
LANGUAGE_MAX = Contact._meta.get_field("language").max_length or 15
TAG_MAX = Tag._meta.get_field("name").max_length or 50
VALUE_MAX = 500
BATCH = 1000
NEW_FIELDS = [
    "msisdn", "number_warning", "attributes", NAME, LANGUAGE, TIME_ZONE, "opt_in_source",
    "created_at", "updated_at",
]  # fmt: skip


def attribute_key(header: str) -> str:
    """'Loyalty Tier' -> 'loyalty_tier': the attribute a column becomes, as templates name it."""
    return ATTRIBUTE_KEY.sub("_", header.strip().lower()).strip("_")[:50] or "column"


def targets_for(header: str) -> list[tuple[str, str]]:
    """The choices for one column: the fixed targets and an attribute named after it."""
    key = attribute_key(header)
    return [*TARGETS, (ATTRIBUTE + key, f"Attribute “{key}”")]


def _otherwise(name: str) -> str:
    key = name.strip()
    if not key or key.lower() in RECORD_COLUMNS:
        return IGNORE
    return ATTRIBUTE + attribute_key(key.removeprefix(ATTRIBUTE))


def mapping_guess(header: list[str]) -> list[str]:
    """Known headers to their field; every other column to an attribute of its own name."""
    return columns_guess(header, SYNONYMS, otherwise=_otherwise, repeatable=frozenset({TAG}))


def mapping_errors(mapping: dict[int, str], header: list[str]) -> list[str]:
    """Why a column mapping cannot be imported: no phone column, a field chosen twice."""
    errors = []
    if MSISDN not in mapping.values():
        errors.append("Choose the column that holds the phone number.")
    chosen: dict[str, int] = {}
    for index in sorted(mapping):
        target = mapping[index]
        if target in SINGLE or target.startswith(ATTRIBUTE):
            if target in chosen:
                first = chosen[target]
                errors.append(
                    f"Columns {first + 1} '{header[first]}' and {index + 1} '{header[index]}' "
                    f"are both mapped to {dict(TARGETS).get(target, target)}: choose one."
                )
            chosen.setdefault(target, index)
    return errors


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@dataclass
class Parsed:
    msisdn: str
    warning: str
    fields: dict[str, str] = field(default_factory=dict)
    tags: set[str] = field(default_factory=set)
    attributes: dict[str, str] = field(default_factory=dict)


class ContactsImport:
    """The RowHandler for contacts. `update` merges into stored contacts; else they are skipped.

    Every contact of the file, new, updated or already there, joins `contact_list` when given.
    """

    def __init__(
        self,
        *,
        header: list[str],
        mapping: dict[int, str],
        update: bool,
        contact_list: ContactList | None = None,
        actor: Actor | None = None,
        source: str = "",
    ) -> None:
        self.header = header
        self.mapping = mapping
        self.update = update
        self.contact_list = contact_list
        self.actor = actor
        self.source = source
        self.seen: dict[str, int] = {}  # number -> the line it was first seen on
        self.tag_ids: dict[str, int] = {}

    # -- one row ------------------------------------------------------------------------------

    def _where(self, index: int) -> str:
        return f"column {index + 1} '{self.header[index]}'"

    def parse(self, row: Row) -> Parsed | str:
        """The row as a contact's values, or why it cannot be one (naming the column)."""
        parsed: Parsed | None = None
        fields: dict[str, str] = {}
        tags: set[str] = set()
        attributes: dict[str, str] = {}
        for index, target in self.mapping.items():
            raw = row.cells[index].strip()
            if target == MSISDN:
                number = number_normalise(raw)
                if number.error:
                    return f"{self._where(index)}: {number.error}"
                parsed = Parsed(msisdn=number.msisdn, warning=number.warning)
            elif not raw:
                continue
            elif target == TAG:
                for tag in TAG_SPLIT.split(raw):
                    if len(tag := tag.strip().lower()) > TAG_MAX:
                        return f"{self._where(index)}: the tag '{tag}' is over {TAG_MAX} characters"
                    if tag:
                        tags.add(tag)
            elif target.startswith(ATTRIBUTE):
                if len(raw) > VALUE_MAX:
                    return f"{self._where(index)}: {len(raw)} characters; at most {VALUE_MAX}"
                attributes[target.removeprefix(ATTRIBUTE)] = raw
            elif problem := self._field_problem(target, raw):
                return f"{self._where(index)}: {problem}"
            else:
                fields[target] = raw
        assert parsed is not None  # mapping_errors insists on a phone column
        parsed.fields, parsed.tags, parsed.attributes = fields, tags, attributes
        return parsed

    @staticmethod
    def _field_problem(target: str, value: str) -> str:
        if target == NAME and len(value) > NAME_MAX:
            return f"the name is {len(value)} characters; at most {NAME_MAX}"
        if target == LANGUAGE and (len(value) > LANGUAGE_MAX or not LANGUAGE_CODE.fullmatch(value)):
            return f"'{value}' is not a language code such as en, id or pt_BR"
        if target == TIME_ZONE and value not in time_zones():
            return f"'{value}' is not a time zone such as Asia/Singapore"
        return ""

    # -- a chunk ------------------------------------------------------------------------------

    def chunk(self, rows: list[Row]) -> Outcome:
        outcome = Outcome()
        wanted: dict[str, tuple[Row, Parsed]] = {}
        for row in rows:
            parsed = self.parse(row)
            if isinstance(parsed, str):
                outcome.reject(row, parsed)
            elif (first := self.seen.get(parsed.msisdn)) is not None:
                outcome.skip(
                    row, f"the number {parsed.msisdn} is on line {first} too; that one is kept"
                )
            else:
                self.seen[parsed.msisdn] = row.line
                wanted[parsed.msisdn] = (row, parsed)
        try:
            with transaction.atomic():
                self._write(wanted, outcome)
        except IntegrityError:
            # Another import stored one of these numbers since the lookup: look again, once.
            # The rolled-back attempt's counts and tag ids are forgotten first.
            outcome.imported = outcome.updated = 0
            outcome.skipped = len([r for r in outcome.reports if r[1] == DUPLICATE])
            self.tag_ids = {}
            self._write(wanted, outcome)
        return outcome

    def _write(self, wanted: dict[str, tuple[Row, Parsed]], outcome: Outcome) -> None:
        stored = {
            c.msisdn: c
            for c in filter_in(Contact.objects.all(), "msisdn", list(wanted)).only(
                "id", "msisdn", "name", "language", "time_zone", "attributes", "number_warning"
            )
        }
        new = [parsed for number, (_, parsed) in wanted.items() if number not in stored]
        now = timezone.now()
        rows_insert(
            Contact,
            NEW_FIELDS,
            [
                (p.msisdn, p.warning[:200], p.attributes, *self._fields(p), "", now, now)
                for p in new
            ],
        )
        ids = dict(
            filter_in(Contact.objects.all(), "msisdn", [p.msisdn for p in new]).values_list(
                "msisdn", "id"
            )
        )
        outcome.imported += len(new)
        tagged = {ids[p.msisdn]: p.tags for p in new}
        if self.update:
            tagged |= self._merge(stored, wanted, outcome)
        else:
            for number in stored:
                outcome.skip(wanted[number][0])
        self._tag(tagged, new_ids=set(ids.values()))
        if self.contact_list is not None:
            self._enlist(list(ids.values()), [c.pk for c in stored.values()])

    @staticmethod
    def _fields(parsed: Parsed) -> tuple[str, ...]:
        return tuple(parsed.fields.get(name, "") for name in (NAME, LANGUAGE, TIME_ZONE))

    def _enlist(self, new_ids: list[int], stored_ids: list[int]) -> None:
        """New contacts cannot be members yet: COPY them in; stored ones may be: ignore those."""
        assert self.contact_list is not None
        now = timezone.now()
        list_id = self.contact_list.pk
        fields = ["contact_list", "contact", "added_at"]
        rows_insert(ListMember, fields, [(list_id, pk, now) for pk in new_ids])
        ListMember.objects.bulk_create(
            [ListMember(contact_list_id=list_id, contact_id=pk) for pk in stored_ids],
            batch_size=BATCH,
            ignore_conflicts=True,
        )

    def _merge(
        self, stored: dict[str, Contact], wanted: dict[str, tuple[Row, Parsed]], outcome: Outcome
    ) -> dict[int, set[str]]:
        """Overwrite the mapped fields the file fills, merge attributes, add the new tags."""
        have: dict[int, set[int]] = {}
        for contact_id, tag_id in ContactTag.objects.filter(
            contact_id__in=[c.pk for c in stored.values()]
        ).values_list("contact_id", "tag_id"):
            have.setdefault(contact_id, set()).add(tag_id)
        self._tag_ids({t for number in stored for t in wanted[number][1].tags})
        changed, tagged = [], {}
        now = timezone.now()
        for number, contact in stored.items():
            row, parsed = wanted[number]
            before = (contact.name, contact.language, contact.time_zone, dict(contact.attributes))
            for name, value in parsed.fields.items():
                setattr(contact, name, value)
            contact.attributes = {**contact.attributes, **parsed.attributes}
            contact.number_warning = parsed.warning[:200]
            new_tags = {self.tag_ids[t] for t in parsed.tags} - have.get(contact.pk, set())
            after = (contact.name, contact.language, contact.time_zone, contact.attributes)
            if before != after or new_tags:
                contact.updated_at = now
                changed.append(contact)
                tagged[contact.pk] = parsed.tags
            else:
                outcome.skip(row)
        fields = ["name", "language", "time_zone", "attributes", "number_warning", "updated_at"]
        Contact.objects.bulk_update(changed, fields, batch_size=BATCH)
        outcome.updated += len(changed)
        return tagged

    def _tag_ids(self, names: set[str]) -> None:
        missing = names - self.tag_ids.keys()
        if not missing:
            return
        Tag.objects.bulk_create([Tag(name=n) for n in missing], ignore_conflicts=True)
        self.tag_ids.update(Tag.objects.filter(name__in=missing).values_list("name", "id"))

    def _tag(self, tagged: dict[int, set[str]], *, new_ids: set[int]) -> None:
        self._tag_ids({t for tags in tagged.values() for t in tags})
        links = [(pk, self.tag_ids[t]) for pk, tags in tagged.items() for t in tags]
        # New contacts have no tags yet: COPY. Stored ones may have gained one meanwhile: ignore.
        rows_insert(ContactTag, ["contact", "tag"], [link for link in links if link[0] in new_ids])
        ContactTag.objects.bulk_create(
            [ContactTag(contact_id=c, tag_id=t) for c, t in links if c not in new_ids],
            batch_size=BATCH,
            ignore_conflicts=True,
        )

    def finish(self, totals: Totals) -> None:
        """One audit entry for the whole import, however many rows it had."""
        if self.actor is None:
            return
        into = f" into the list {self.contact_list.name}" if self.contact_list else ""
        audit_record(
            action=AuditEntry.Action.IMPORT,
            summary=f"Imported contacts from {self.source or 'a CSV file'}{into}: {totals}",
            actor=self.actor,
            target=self.contact_list,
            data={**asdict(totals), "list_id": getattr(self.contact_list, "pk", None)},
        )


def contacts_import_for(job: ImportJob, *, actor: Actor | None) -> ContactsImport:
    """The handler for a contacts ImportJob, as its mapping and options say."""
    options: dict[str, Any] = job.options or {}
    contact_list = None
    if new_list := str(options.get("new_list") or "").strip():
        contact_list, _ = ContactList.objects.get_or_create(
            name=new_list[:200], defaults={"created_by": job.created_by}
        )
        ImportJob.objects.filter(id=job.pk).update(options={**options, "list_id": contact_list.pk})
    elif options.get("list_id"):
        contact_list = ContactList.objects.filter(id=options["list_id"]).first()
    return ContactsImport(
        header=job.header,
        mapping={int(k): v for k, v in job.mapping.items() if v},
        update=bool(options.get("update")),
        contact_list=contact_list,
        actor=actor,
        source=job.original_name,
    )
