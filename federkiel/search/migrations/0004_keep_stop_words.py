# PostgreSQL's 'german' and 'english' configurations drop stop words, from the vector and
# from the query, so the phrase "das Wetter" found every "Wetter" while SQLite (which
# keeps every word) found the phrase only. Our own configurations stem the same way but
# keep stop words, so a phrase matches its words in a row on both databases. The
# generated column is rebuilt with them (a table rewrite). SQLite needs nothing.

from django.db import migrations

from federkiel.search.migrations._postgresql import postgresql_only

LANGUAGES = ("german", "english")


def _vector(german: str, english: str) -> str:
    config = f"CASE language WHEN 'de' THEN '{german}'::regconfig ELSE '{english}'::regconfig END"
    return (
        "ALTER TABLE search_entry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        f"setweight(to_tsvector({config}, translate(title, '<>', '  ')), 'A') || "
        f"setweight(to_tsvector({config}, translate(body, '<>', '  ')), 'B')) STORED"
    )


DROP_VECTOR = "ALTER TABLE search_entry DROP COLUMN search_vector"
INDEX = "CREATE INDEX search_entry_vector ON search_entry USING GIN (search_vector)"
# A Snowball dictionary without a StopWords file keeps every word.
CONFIGURATIONS = [
    statement
    for language in LANGUAGES
    for statement in (
        f"CREATE TEXT SEARCH DICTIONARY federkiel_{language}_stem"
        f" (TEMPLATE = snowball, Language = {language})",
        f"CREATE TEXT SEARCH CONFIGURATION federkiel_{language} (COPY = {language})",
        f"ALTER TEXT SEARCH CONFIGURATION federkiel_{language}"
        f" ALTER MAPPING REPLACE {language}_stem WITH federkiel_{language}_stem",
    )
]
FORWARD = [
    *CONFIGURATIONS,
    DROP_VECTOR,
    _vector("federkiel_german", "federkiel_english"),
    INDEX,
]
BACKWARD = [
    DROP_VECTOR,
    _vector("german", "english"),
    INDEX,
    *(f"DROP TEXT SEARCH CONFIGURATION federkiel_{language}" for language in LANGUAGES),
    *(f"DROP TEXT SEARCH DICTIONARY federkiel_{language}_stem" for language in LANGUAGES),
]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_newest_entries_index")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
