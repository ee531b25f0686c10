"""Export contacts (all, or one list) to a CSV exactly as the export page writes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audience.exporting import contacts_csv_write
from recipients.models import Contact, ContactList


class Command(BaseCommand):
    help = "Write contacts to FILE as CSV (the export page's columns, formula-safe cells)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--list", default="", help="Only the contacts of this list")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, list: str, **options: Any) -> None:
        contacts = Contact.objects.all()
        if list:
            contact_list = ContactList.objects.filter(name=list).first()
            if contact_list is None:
                raise CommandError(f"There is no list named {list!r}.")
            contacts = Contact.objects.filter(lists=contact_list)
        with file.open("w", encoding="utf-8-sig", newline="") as out:
            rows = contacts_csv_write(contacts, out)
        self.stdout.write(f"exported {rows} contacts to {file}")
