"""The database refuses changes to the petition timeline, and the default time-limit rules.

SQLite: a trigger aborts every UPDATE (no DELETE trigger: Django's test flush empties tables with
DELETE on SQLite). PostgreSQL: a trigger aborts UPDATE and DELETE (the flush uses TRUNCATE, which
row triggers do not see). On SQLite a later migration that rebuilds this table must re-create the
trigger.
"""

from django.db import migrations

TABLE = "petitions_petitionevent"
FORWARD_SQL = {
    "sqlite": [
        f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END;""",
    ],
    "postgresql": [
        f"""CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{TABLE} is append-only'; END; $$ LANGUAGE plpgsql;""",
        f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();""",
    ],
}
REVERSE_SQL = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {TABLE}_no_update;"],
    "postgresql": [
        f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};",
        f"DROP FUNCTION IF EXISTS {TABLE}_append_only();",
    ],
}

RULE_NAMES = {
    "petition.register_route": "登记转送交办",
    "petition.acceptance_notice": "书面告知受理",
    "petition.objection_not_competent": "提出异议（非本机关职权）",
    "petition.handling": "办理",
    "petition.review_request": "申请复查",
    "petition.review_answer": "复查答复",
    "petition.rereview_request": "申请复核",
    "petition.rereview_answer": "复核答复",
}


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def seed_rules(apps, schema_editor):
    from huajie.deadlines import DEFAULT_RULES

    TimeLimitRule = apps.get_model("petitions", "TimeLimitRule")
    for code, rule in DEFAULT_RULES.items():
        TimeLimitRule.objects.get_or_create(
            code=code,
            defaults={
                "name": RULE_NAMES.get(code, code),
                "days": rule.days,
                "kind": rule.kind.value,
                "source": rule.source,
                "start_event": rule.start_event,
                "roll_forward": rule.roll_forward_if_rest_day,
                "max_extension_days": rule.max_extension_days,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]
    operations = [
        migrations.RunPython(_run(FORWARD_SQL), _run(REVERSE_SQL)),
        migrations.RunPython(seed_rules, migrations.RunPython.noop),
    ]
