# PostgreSQL's text search parser reads "<Möwe>" in plain text as an HTML tag and drops
# the word. Entries hold plain text (a comment may say "<Möwe>" literally), so the
# generated column now sees angle brackets as spaces. SQLite stems in Python and needs
# nothing.

from django.db import migrations

from federkiel.search.migrations._postgresql import postgresql_only

PG_CONFIG = "CASE language WHEN 'de' THEN 'german'::regconfig ELSE 'english'::regconfig END"


def _vector(title: str, body: str) -> str:
    return (
        "ALTER TABLE search_entry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        f"setweight(to_tsvector({PG_CONFIG}, {title}), 'A') || "
        f"setweight(to_tsvector({PG_CONFIG}, {body}), 'B')) STORED"
    )


FORWARD = [
    "ALTER TABLE search_entry DROP COLUMN search_vector",
    _vector("translate(title, '<>', '  ')", "translate(body, '<>', '  ')"),
    "CREATE INDEX search_entry_vector ON search_entry USING GIN (search_vector)",
]
BACKWARD = [
    "ALTER TABLE search_entry DROP COLUMN search_vector",
    _vector("title", "body"),
    "CREATE INDEX search_entry_vector ON search_entry USING GIN (search_vector)",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
