"""`make run` shows the first admin's password last, in a box, once the server answers."""

from __future__ import annotations

import stat
from io import StringIO

import pytest
from django.core.management import call_command

from chatapps_admin.management.commands.announce import Command


@pytest.mark.django_db
def test_ensure_admin_leaves_the_password_for_the_announcement_in_an_owner_only_file(tmp_path):
    password_file = tmp_path / "first-admin.txt"
    out = StringIO()

    call_command("ensure_admin", password_file=str(password_file), stdout=out)

    username, password = password_file.read_text().split()
    assert username == "admin" and len(password) >= 16
    assert password not in out.getvalue()  # not printed where the log would scroll it away
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600


def test_the_box_shows_the_address_and_password_once_then_forgets_it(tmp_path):
    password_file = tmp_path / "first-admin.txt"
    password_file.write_text("admin\ns3cret-Pass\n")

    box = Command()._box("http://127.0.0.1:8000/", True, password_file)

    lines = box.strip().splitlines()
    assert lines[0].startswith("┌") and lines[-1].startswith("└")
    assert "ChatApps Admin is running at http://127.0.0.1:8000/" in box
    assert "Sign in as admin with the password s3cret-Pass" in box
    assert len({len(line) for line in lines}) == 1  # a straight box
    assert not password_file.exists()
    assert "password" not in Command()._box("http://127.0.0.1:8000/", True, password_file)


def test_a_server_that_never_answered_is_said_plainly(tmp_path):
    box = Command()._box("http://127.0.0.1:8000/", False, tmp_path / "none.txt")

    assert "did not answer at http://127.0.0.1:8000/" in box
