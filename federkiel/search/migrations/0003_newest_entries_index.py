# A platform search on PostgreSQL looks for the newest matches among the newest entries
# first (backends.PostgreSQLBackend.ranked_ids); this index finds where that window
# starts and narrows the GIN index's matches to it. SQLite's path does not use it.

from django.db import migrations

from federkiel.search.migrations._postgresql import postgresql_only

FORWARD = "CREATE INDEX search_entry_newest ON search_entry (published_at DESC, id DESC)"
BACKWARD = "DROP INDEX search_entry_newest"


class Migration(migrations.Migration):
    dependencies = [("search", "0002_vector_ignores_angle_brackets")]

    operations = [postgresql_only([FORWARD], [BACKWARD])]
