# Shared by the search migrations: SQL that runs on PostgreSQL only (a no-op on SQLite).
# The leading underscore keeps Django's migration loader from taking this for a migration.

from django.db import migrations


def postgresql_only(forward, backward):
    """A RunPython operation executing these SQL statements in order, on PostgreSQL."""

    def run(statements):
        def execute(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return execute

    return migrations.RunPython(run(forward), run(backward))
