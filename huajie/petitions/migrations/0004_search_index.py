"""A word index over `search_tokens` (jieba words, space-separated).

PostgreSQL: a GIN index over to_tsvector('simple', search_tokens) — the `simple` configuration
keeps every word as is. Built while the table is empty in a new install; on a large existing table
expect minutes (see ../shared/FACTS.md) and consider building it CONCURRENTLY by hand first.
SQLite: an external-content FTS5 table kept in step by triggers. A later migration that rebuilds
petitions_petition on SQLite must re-create these triggers.
"""

from django.db import migrations

FORWARD = {
    "postgresql": [
        "CREATE INDEX IF NOT EXISTS petition_search_gin ON petitions_petition "
        "USING gin (to_tsvector('simple'::regconfig, search_tokens))",
    ],
    "sqlite": [
        "CREATE VIRTUAL TABLE IF NOT EXISTS petitions_search USING fts5("
        "search_tokens, content='petitions_petition', content_rowid='id')",
        """CREATE TRIGGER IF NOT EXISTS petitions_search_ai AFTER INSERT ON petitions_petition
        BEGIN INSERT INTO petitions_search(rowid, search_tokens)
        VALUES (new.id, new.search_tokens); END""",
        """CREATE TRIGGER IF NOT EXISTS petitions_search_ad AFTER DELETE ON petitions_petition
        BEGIN INSERT INTO petitions_search(petitions_search, rowid, search_tokens)
        VALUES ('delete', old.id, old.search_tokens); END""",
        """CREATE TRIGGER IF NOT EXISTS petitions_search_au
        AFTER UPDATE OF search_tokens ON petitions_petition
        BEGIN INSERT INTO petitions_search(petitions_search, rowid, search_tokens)
        VALUES ('delete', old.id, old.search_tokens);
        INSERT INTO petitions_search(rowid, search_tokens) VALUES (new.id, new.search_tokens);
        END""",
        "INSERT INTO petitions_search(petitions_search) VALUES ('rebuild')",
    ],
}
REVERSE = {
    "postgresql": ["DROP INDEX IF EXISTS petition_search_gin"],
    "sqlite": [
        "DROP TRIGGER IF EXISTS petitions_search_ai",
        "DROP TRIGGER IF EXISTS petitions_search_ad",
        "DROP TRIGGER IF EXISTS petitions_search_au",
        "DROP TABLE IF EXISTS petitions_search",
    ],
}


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("petitions", "0003_search_tokens")]
    operations = [migrations.RunPython(_run(FORWARD), _run(REVERSE))]
