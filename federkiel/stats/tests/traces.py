"""Searching the whole database for what a visitor sent, for the privacy tests."""

from django.db import connection


def assert_stored_nowhere(traces: tuple[str, ...]) -> None:
    """No row of any table holds any of `traces`."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = str(cursor.fetchall())
            assert not any(trace in rows for trace in traces), table
