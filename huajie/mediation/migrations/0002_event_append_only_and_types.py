"""The database refuses changes to the dispute timeline (`common.migration_ops.append_only`), and
the default dispute-type tree (admins edit it afterwards)."""

from django.db import migrations

from huajie.common.migration_ops import append_only

# (name, status matter, children); status matters cannot be judicially confirmed (Art.33).
TYPES = [
    ("婚姻家庭", False, [("婚姻关系", True), ("收养关系", True), ("赡养扶养", False),
                      ("继承", False), ("家庭其他", False)]),
    ("邻里纠纷", False, [("相邻通行", False), ("噪音排水", False), ("邻里其他", False)]),
    ("土地承包", False, []),
    ("山林权属", False, []),
    ("宅基地", False, []),
    ("劳动争议", False, [("拖欠工资", False), ("工伤", False)]),
    ("征地拆迁", False, []),
    ("医疗纠纷", False, []),
    ("物业纠纷", False, []),
    ("交通事故", False, []),
    ("损害赔偿", False, []),
    ("合同纠纷", False, []),
    ("其他纠纷", False, []),
]  # fmt: skip


def seed_types(apps, schema_editor):  # type: ignore[no-untyped-def]
    DisputeType = apps.get_model("mediation", "DisputeType")
    for order, (name, status, children) in enumerate(TYPES, 1):
        parent, _ = DisputeType.objects.get_or_create(
            parent=None, name=name, defaults={"status_matter": status, "order": order * 10}
        )
        for n, (child, child_status) in enumerate(children, 1):
            DisputeType.objects.get_or_create(
                parent=parent,
                name=child,
                defaults={"status_matter": child_status, "order": order * 10 + n},
            )


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_initial")]
    operations = [
        append_only("mediation_disputeevent"),
        migrations.RunPython(seed_types, migrations.RunPython.noop),
    ]
