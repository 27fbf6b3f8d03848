"""Petitions on the shared machinery.

- The time-limit rules move to `timelimits.TimeLimitRule` (admins' edits are copied).
- Clocks store whether their rule is a window (`rule_window`): the receiving unit's objection
  window and the petitioner's review windows lapse, they are never a staff deadline, so
  `Petition.next_due` is recomputed without them.
- Timeline events record their source; the status columns widen to 20 characters (SQLite rebuilds
  the table, so the append-only trigger is installed again).
"""

from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery

import huajie.common.timeline
from huajie.common.migration_ops import append_only

WINDOW_RULES = [
    "petition.objection_not_competent",
    "petition.review_request",
    "petition.rereview_request",
]


def copy_rules(apps, schema_editor):
    old = apps.get_model("petitions", "TimeLimitRule")
    new = apps.get_model("timelimits", "TimeLimitRule")
    for row in old.objects.all():
        new.objects.update_or_create(
            code=row.code,
            defaults={
                "name": row.name,
                "amount": row.days,
                "kind": row.kind,
                "source": row.source,
                "start_event": row.start_event,
                "roll_forward": row.roll_forward,
                "max_extension_days": row.max_extension_days,
            },
        )


def mark_windows(apps, schema_editor):
    Clock = apps.get_model("petitions", "PetitionClock")
    Petition = apps.get_model("petitions", "Petition")
    Clock.objects.filter(rule_code__in=WINDOW_RULES).update(rule_window=True)
    nearest = (
        Clock.objects.filter(
            petition=OuterRef("pk"), stopped_on__isnull=True, due__isnull=False, rule_window=False
        )
        .values("petition")
        .annotate(m=Min("due"))
        .values("m")
    )
    Petition.objects.filter(next_due__isnull=False).update(next_due=Subquery(nearest))


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0009_registration_counter_to_common"),
        ("timelimits", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_rules, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="TimeLimitRule",
        ),
        migrations.AddField(
            model_name="petitionclock",
            name="rule_window",
            field=models.BooleanField(default=False, verbose_name="期间（不计超期）"),
        ),
        migrations.RunPython(mark_windows, migrations.RunPython.noop),
        migrations.AddField(
            model_name="petitionevent",
            name="source",
            field=models.CharField(
                choices=[
                    ("web", "网页"),
                    ("api", "接口"),
                    ("import", "导入"),
                    ("job", "定时任务"),
                    ("portal", "网上信访"),
                    ("system", "系统"),
                ],
                default=huajie.common.timeline.current_source,
                max_length=10,
                verbose_name="来源",
            ),
        ),
        migrations.AlterField(
            model_name="petitionevent",
            name="from_status",
            field=models.CharField(blank=True, max_length=20, verbose_name="原状态"),
        ),
        migrations.AlterField(
            model_name="petitionevent",
            name="to_status",
            field=models.CharField(blank=True, max_length=20, verbose_name="新状态"),
        ),
        append_only("petitions_petitionevent"),
    ]
