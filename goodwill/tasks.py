"""Housekeeping tasks that belong to no single app."""

from __future__ import annotations

from django.db import connection
from django.tasks import task

from jobs.registry import retrying


@task()
@retrying(max_attempts=1, timeout_s=1800)
def refresh_query_statistics() -> str:
    """Keep SQLite's query planner informed as the desk grows.

    SQLite never gathers table statistics by itself; without them it can pick a poor
    index for the inbox once there are many tickets. PostgreSQL's autovacuum does this.
    """
    if connection.vendor != "sqlite":
        return "not needed"
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return "analysed"
