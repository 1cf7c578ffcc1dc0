# A platform search on PostgreSQL looks for the newest matches among the newest entries
# first (backends.PostgreSQLBackend.ranked_ids); this index finds where that window
# starts and narrows the GIN index's matches to it. SQLite's path does not use it.

from django.db import migrations

FORWARD = "CREATE INDEX search_entry_newest ON search_entry (published_at DESC, id DESC)"
BACKWARD = "DROP INDEX search_entry_newest"


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_vector_ignores_angle_brackets")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
