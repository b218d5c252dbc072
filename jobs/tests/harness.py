"""Entry points the process tests run in child processes, against the scratch database.

    python -m jobs.tests.harness setup            create the tables (and jobs_probe)
    python -m jobs.tests.harness enqueue JSON     enqueue [[task name, [args]], ...]
    python -m jobs.tests.harness worker [...]     `manage.py worker`, plus a 1 s periodic job

The worker is the real command; only the schedule gains the fast probe job.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta


def setup_tables() -> None:
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # Creating the tables straight from the models takes a fraction of the time
    # the full migration history does, and gives the same schema.
    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    key = "serial" if connection.vendor == "postgresql" else "integer"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE jobs_probe (id {key} PRIMARY KEY, key varchar(100) NOT NULL,"
            " pid integer NOT NULL)"
        )


def enqueue(calls: str) -> None:
    from jobs.tests import probe_tasks

    for name, args in json.loads(calls):
        print(getattr(probe_tasks, name).enqueue(*args).id)


def worker(args: list[str]) -> None:
    from django.core.management import execute_from_command_line

    from jobs import registry

    registry.PERIODIC.append(
        registry.Periodic(
            "jobs.tests.probe_tasks.tick",
            every=timedelta(seconds=1),
            name="probe-tick",
            allow_overlap=True,
        )
    )
    execute_from_command_line(["manage.py", "worker", *args])


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    import django

    django.setup()
    command, *rest = sys.argv[1:]
    if command == "setup":
        setup_tables()
    elif command == "enqueue":
        enqueue(rest[0])
    elif command == "worker":
        worker(rest)
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main()
