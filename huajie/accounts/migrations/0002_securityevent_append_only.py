"""Make the database itself refuse changes to the security audit trail.

SQLite: a trigger aborts every UPDATE. (No DELETE trigger: Django's test flush empties tables
with DELETE on SQLite.) PostgreSQL: a trigger aborts every UPDATE and DELETE (the test flush uses
TRUNCATE, which row triggers do not see). Other databases rely on the model and queryset guards.

On SQLite, a later migration that alters this table rebuilds it and drops the trigger: such a
migration must run FORWARD_SQL["sqlite"] again.
"""

from django.db import migrations

FORWARD_SQL = {
    "sqlite": [
        """
        CREATE TRIGGER accounts_securityevent_no_update
        BEFORE UPDATE ON accounts_securityevent
        BEGIN SELECT RAISE(ABORT, 'accounts_securityevent is append-only'); END;
        """,
    ],
    "postgresql": [
        """
        CREATE OR REPLACE FUNCTION accounts_securityevent_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'accounts_securityevent is append-only';
        END;
        $$ LANGUAGE plpgsql;
        """,
        """
        CREATE TRIGGER accounts_securityevent_append_only
        BEFORE UPDATE OR DELETE ON accounts_securityevent
        FOR EACH ROW EXECUTE FUNCTION accounts_securityevent_append_only();
        """,
    ],
}

REVERSE_SQL = {
    "sqlite": ["DROP TRIGGER IF EXISTS accounts_securityevent_no_update;"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS accounts_securityevent_append_only ON accounts_securityevent;",
        "DROP FUNCTION IF EXISTS accounts_securityevent_append_only();",
    ],
}


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(_run(FORWARD_SQL), _run(REVERSE_SQL))]
