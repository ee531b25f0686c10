"""Turn off a user's two-factor login from the server, for when their phone is lost."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from accounts.two_factor import has_device, user_two_factor_remove
from audit.services import SYSTEM


class Command(BaseCommand):
    help = "Remove a user's authenticator so they sign in with their password alone (audited)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        if not has_device(user):
            self.stdout.write(f"{username} has no two-factor login; nothing to do.")
            return
        user_two_factor_remove(actor=SYSTEM, user=user)
        self.stdout.write(
            self.style.SUCCESS(f"Turned off two-factor login for {username}: password alone now.")
        )
