"""Create the first administrator when there is none, printing a generated password once."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db.models import Q

from access.roles import ADMIN, roles_sync


class Command(BaseCommand):
    help = "Create a first Admin account if no administrator exists (safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--password-file",
            default="",
            help="Write the password here (owner-only) for `announce` to show once the server is "
            "up, instead of printing it now where the start-up log would scroll it away.",
        )

    def handle(self, *args: Any, username: str, password_file: str, **options: Any) -> None:
        roles_sync()
        has_admin = User.objects.filter(
            Q(is_superuser=True) | Q(groups__name=ADMIN), is_active=True
        ).exists()
        if has_admin:
            self.stdout.write("An administrator already exists; nothing to do.")
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=username, password=password, is_staff=True, is_superuser=True
        )
        user.groups.add(Group.objects.get(name=ADMIN))
        if password_file:
            path = Path(password_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(f"{username}\n{password}\n")
            self.stdout.write("Created the first administrator; the password is shown at start-up.")
            return
        self.stdout.write(
            self.style.SUCCESS("Created the first administrator. Note the password now:")
        )
        self.stdout.write(f"    username: {username}\n    password: {password}")
        self.stdout.write("It is not stored anywhere else and will not be shown again.")
