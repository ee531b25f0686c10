"""Building a campaign: saving what the builder's form holds, and the audience uploaded for it.

An uploaded CSV is read with tabular's reader (encoding, separator, caps): one column is the
number, the others become each row's values, which the builder maps to template parameters
(8x8's batch example: a different document link for each recipient). Rows are stored as
written; the pre-send check normalises and de-duplicates them, so it can say what it left out.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from campaigns.models import Campaign, CampaignRecipient
from catalog.parameters import template_parameters_list
from recipients.importing import MSISDN, SYNONYMS
from tabular.bulk import rows_insert
from tabular.guess import columns_guess, header_key
from tabular.reading import CsvRefused, csv_inspect, rows_read

VALUE_LIMIT = 2000  # characters kept of one uploaded cell: a link or a name, not a document
SEND_TO_MANY_ROWS = 5000
# Columns that, by their header, hold the link of a template's media header.
MEDIA_COLUMNS = ("document", "documenturl", "url", "link", "media", "image", "video", "file")


@dataclass(frozen=True)
class Upload:
    """An audience read from a file or pasted text: the other columns and the rows."""

    columns: list[str]
    rows: list[tuple[int, str, dict[str, str]]]  # (line, number as written, values)


def number_column(header: list[str], chosen: str = "") -> int:
    """Which column holds the numbers: the one named `chosen`, else the first whose header
    says phone/mobile/msisdn…, else the first."""
    if chosen:
        keys = [header_key(name) for name in header]
        if header_key(chosen) not in keys:
            raise CsvRefused(
                f"Number column: the file has no column '{chosen}' "
                f"(its columns: {', '.join(header)})."
            )
        return keys.index(header_key(chosen))
    guesses = columns_guess(header, {MSISDN: SYNONYMS[MSISDN], "msisdn_": ["msisdn"]})
    for index, guess in enumerate(guesses):
        if guess in (MSISDN, "msisdn_"):
            return index
    return 0


def upload_read(file: IO[bytes], *, column: str = "", limit: int | None = None) -> Upload:
    """The rows of an uploaded CSV (CsvRefused names what is wrong with the file)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "audience.csv"
        with path.open("wb") as out:
            for chunk in iter(lambda: file.read(1024 * 1024), b""):
                out.write(chunk)
        found = csv_inspect(path)
        at = number_column(found.header, column)
        names = [(i, name or f"column {i + 1}") for i, name in enumerate(found.header) if i != at]
        rows = []
        for row in rows_read(path, encoding=found.encoding, delimiter=found.delimiter, limit=limit):
            cells = row.cells
            number = cells[at].strip() if at < len(cells) else ""
            values = {name: cells[i].strip()[:VALUE_LIMIT] for i, name in names if i < len(cells)}
            rows.append((row.line, number, values))
    if not rows:
        raise CsvRefused("The file has a header but no rows of numbers.")
    return Upload(columns=[name for _, name in names], rows=rows)


def paste_read(text: str, *, limit: int = SEND_TO_MANY_ROWS) -> Upload:
    """Numbers pasted one per line (blank lines skipped)."""
    rows: list[tuple[int, str, dict[str, str]]] = [
        (line, number.strip(), {})
        for line, number in enumerate(text.splitlines(), start=1)
        if number.strip()
    ]
    if not rows:
        raise CsvRefused("Numbers: paste at least one number, one per line.")
    if len(rows) > limit:
        raise CsvRefused(f"Numbers: {len(rows)} lines pasted; at most {limit} are taken here.")
    return Upload(columns=[], rows=rows)


def columns_guess_map(campaign: Campaign, columns: list[str]) -> dict[str, str]:
    """Each template parameter a column names ("body_1", "body {{1}}", "header document
    link"...) mapped to it; a file with one extra column and a template with one parameter
    pair them. The person can change the mapping in the builder."""
    if campaign.template is None or not columns:
        return {}
    parameters = template_parameters_list(campaign.template)
    by_key = {header_key(c): c for c in columns}
    mapped = {}
    for parameter in parameters:
        for name in (parameter.key, parameter.label):
            if header_key(name) in by_key:
                mapped[parameter.key] = by_key[header_key(name)]
                break
    media = next((p for p in parameters if p.media and p.key not in mapped), None)
    link = next((c for c in columns if header_key(c) in MEDIA_COLUMNS), "")
    if media is not None and link and link not in mapped.values():
        mapped[media.key] = link
    if not mapped and len(columns) == 1 and len(parameters) == 1:
        mapped[parameters[0].key] = columns[0]
    return mapped


def recipients_replace(*, campaign: Campaign, upload: Upload) -> int:
    """The campaign's uploaded audience becomes `upload` (the previous one is dropped)."""
    CampaignRecipient.objects.filter(campaign=campaign).delete()
    rows_insert(
        CampaignRecipient,
        ("campaign", "line", "msisdn", "values"),
        [(campaign.pk, line, number[:40], values) for line, number, values in upload.rows],
    )
    campaign.upload_columns = upload.columns
    campaign.column_map = {
        key: column
        for key, column in (campaign.column_map or {}).items()
        if column in upload.columns
    } or columns_guess_map(campaign, upload.columns)
    campaign.save(update_fields=["upload_columns", "column_map", "updated_at"])
    return len(upload.rows)


@transaction.atomic
def campaign_save(
    *,
    actor: Actor,
    campaign: Campaign | None,
    fields: dict[str, Any],
    upload: Upload | None = None,
) -> Campaign:
    """Create or update a draft campaign with the form's cleaned fields (and a new upload)."""
    created = campaign is None
    campaign = campaign or Campaign(created_by=actor.user)
    if not campaign.is_draft:
        raise ValueError("A launched campaign is not edited.")
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.save()
    count = recipients_replace(campaign=campaign, upload=upload) if upload is not None else None
    audit_record(
        action=AuditEntry.Action.CAMPAIGN_SAVE,
        summary=f"{'Created' if created else 'Saved'} the campaign “{campaign.name}”",
        actor=actor,
        target=campaign,
        data={"uploaded": count} if count is not None else {},
    )
    return campaign
