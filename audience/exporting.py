"""Contacts out as CSV: everyone, one list or one segment, in the columns an import reads back.

Rows are read in keyset pages by id (never OFFSET) with one extra query per page for their tags,
so a million contacts stream through in constant memory. Every cell is formula-safe.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from audience.rules import Rules, contacts_matching
from audit.models import AuditEntry
from audit.services import Actor, audit_record
from recipients.importing import RECORD_COLUMNS
from recipients.models import Contact, ContactList, ContactTag, ListMember, Segment
from tabular.models import ExportJob, JobState
from tabular.writing import EXPORTS, SafeWriter, media_file

PAGE = 2000
COLUMNS = ["phone", "name", "language", "time_zone", "tags"]


class ExportScopeError(ValueError):
    """A list or segment to export that does not exist (any more)."""


def export_contacts(params: dict[str, Any]) -> tuple[QuerySet[Contact], str]:
    """The contacts an export's params name, and a phrase saying which ("the list VIP")."""
    if list_id := params.get("list_id"):
        contact_list = ContactList.objects.filter(id=list_id).first()
        if contact_list is None:
            raise ExportScopeError("The list to export no longer exists.")
        members = ListMember.objects.filter(contact=OuterRef("pk"), contact_list=contact_list)
        return Contact.objects.filter(Exists(members)), f"the list {contact_list.name}"
    if segment_id := params.get("segment_id"):
        segment = Segment.objects.filter(id=segment_id).first()
        if segment is None:
            raise ExportScopeError("The segment to export no longer exists.")
        return contacts_matching(Rules.from_dict(segment.rules)), f"the segment {segment.name}"
    return Contact.objects.all(), "all contacts"


def _attribute_keys(contacts: QuerySet[Contact]) -> list[str]:
    keys: set[str] = set()
    for attributes in contacts.order_by().values_list("attributes", flat=True).iterator(5000):
        if isinstance(attributes, dict):
            keys.update(attributes)
    return sorted(keys)


def _header(key: str) -> str:
    # An attribute called "name" must not read back as the contact's name.
    return f"attribute:{key}" if key in (*COLUMNS, *RECORD_COLUMNS) else key


def contacts_csv_write(
    contacts: QuerySet[Contact], file: IO[str], *, progress: Callable[[int], None] | None = None
) -> int:
    """Write the contacts to `file` as CSV (header first); return how many rows were written."""
    keys = _attribute_keys(contacts)
    writer = SafeWriter(file)
    writer.writerow([*COLUMNS, *(_header(k) for k in keys), *RECORD_COLUMNS])
    fields = ("id", "msisdn", "name", "language", "time_zone", "attributes")
    page = contacts.order_by("id").only(*fields, "opt_in_source", "opt_in_at", "created_at")
    last, written = 0, 0
    while batch := list(page.filter(id__gt=last)[:PAGE]):
        tags: dict[int, list[str]] = {}
        for contact_id, name in (
            ContactTag.objects.filter(contact_id__in=[c.pk for c in batch])
            .order_by("tag__name")
            .values_list("contact_id", "tag__name")
        ):
            tags.setdefault(contact_id, []).append(name)
        for c in batch:
            attributes = c.attributes if isinstance(c.attributes, dict) else {}
            writer.writerow(
                [c.msisdn, c.name, c.language, c.time_zone, ", ".join(tags.get(c.pk, []))]
                + [attributes.get(k, "") for k in keys]
                + [c.opt_in_source, _when(c.opt_in_at), _when(c.created_at)]
            )
        written += len(batch)
        last = batch[-1].pk
        if progress is not None:
            progress(written)
    return written


def _when(value: Any) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def contacts_export_run(job: ExportJob) -> None:
    """Write the job's CSV under MEDIA_ROOT/exports/ and mark it done, with one audit entry."""
    contacts, scope = export_contacts(job.params or {})
    relative, path = media_file(EXPORTS)

    def progress(rows: int) -> None:
        ExportJob.objects.filter(id=job.pk).update(rows_done=rows)

    with Path(path).open("w", encoding="utf-8-sig", newline="") as file:
        rows = contacts_csv_write(contacts, file, progress=progress)
    ExportJob.objects.filter(id=job.pk).update(
        state=JobState.DONE, file=relative, rows_done=rows, finished_at=timezone.now()
    )
    if job.created_by is not None:
        audit_record(
            action=AuditEntry.Action.EXPORT,
            summary=f"Exported {rows} contacts: {scope}",
            actor=Actor.of(job.created_by),
            target=job,
            data={"rows": rows, **(job.params or {})},
        )
