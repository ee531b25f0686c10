"""Import contacts from a CSV exactly as the import page does, here and now."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audience.importing import contacts_import_execute
from recipients.importing import mapping_errors, mapping_guess
from recipients.models import ContactList
from tabular.jobs import Totals
from tabular.models import ImportJob, JobState
from tabular.reading import CsvRefused, csv_inspect
from tabular.services import import_from_path
from tabular.writing import media_path


class Command(BaseCommand):
    help = (
        "Import contacts from a CSV file, columns mapped from their headers as the page guesses "
        "them. Prints one line of counts; rejected rows go to stderr or --report."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--list", default="", help="Add every contact of the file to this list")
        parser.add_argument(
            "--update", action="store_true", help="Update stored contacts instead of skipping them"
        )
        parser.add_argument("--report", type=Path, help="Write the rejected rows CSV here")

    def handle(self, *args: Any, file: Path, list: str, update: bool, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            header = csv_inspect(file).header
        except CsvRefused as exc:
            raise CommandError(f"{file}: {exc}") from exc
        guesses = mapping_guess(header)
        mapping = {i: target for i, target in enumerate(guesses) if target}
        if errors := mapping_errors(mapping, header):
            raise CommandError(f"{file}: {' '.join(errors)} Headers: {', '.join(header)}")
        chosen: dict[str, Any] = {"update": update}
        if list.strip():
            contact_list, _ = ContactList.objects.get_or_create(name=list.strip()[:200])
            chosen["list_id"] = contact_list.pk
        job, _ = import_from_path(
            kind=ImportJob.Kind.CONTACTS,
            source=file,
            mapping={str(i): t for i, t in mapping.items()},
            options=chosen,
        )
        contacts_import_execute(job.pk)
        job.refresh_from_db()
        if job.state != JobState.DONE:
            raise CommandError(job.error or f"the import ended {job.state}")
        self._report(job, options.get("report"))
        self.stdout.write(str(Totals(job.imported, job.updated, job.skipped, job.rejected)))

    def _report(self, job: ImportJob, target: Path | None) -> None:
        if not job.report:
            return
        path = media_path(job.report)
        if target is not None:
            shutil.copyfile(path, target)
            self.stderr.write(f"rejected rows: {target}")
            return
        with path.open(encoding="utf-8-sig", newline="") as report:
            rows = csv.reader(report)
            next(rows, None)
            for line, outcome, reason, *_ in rows:
                prefix = "" if outcome == "rejected" else f"{outcome}: "
                self.stderr.write(f"line {line}: {prefix}{reason}")
