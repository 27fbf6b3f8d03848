"""The database refuses changes to the petition timeline (`common.migration_ops.append_only`),
and the default time-limit rules."""

from django.db import migrations

from huajie.common.migration_ops import append_only

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
        append_only("petitions_petitionevent"),
        migrations.RunPython(seed_rules, migrations.RunPython.noop),
    ]
