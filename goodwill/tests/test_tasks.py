from __future__ import annotations

from django.db import connection

from goodwill.tasks import refresh_query_statistics


def test_query_statistics_are_refreshed_on_sqlite_only(db: None) -> None:
    expected = "analysed" if connection.vendor == "sqlite" else "not needed"
    assert refresh_query_statistics.call() == expected
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone()[0] == 1
