#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatapps_admin.settings")
    from django.core.management import execute_from_command_line

    from chatapps_admin.startup import or_exit

    or_exit(lambda: execute_from_command_line(sys.argv))


if __name__ == "__main__":
    main()
