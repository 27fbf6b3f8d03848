from django.db import migrations

ROLES = [
    ("clerk", "登记人员"),
    ("handler", "承办人"),
    ("leader", "领导"),
    ("mediator", "人民调解员"),
    ("duty_officer", "值班员"),
    ("commander", "应急指挥"),
    ("admin", "管理员"),
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for code, name in ROLES:
        Role.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
