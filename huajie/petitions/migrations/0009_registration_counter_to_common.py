"""Registration numbers move to the one counter service (`common.Counter`): each unit's yearly
`RegistrationCounter` row becomes the counter `petitions.registration.<unit id>`, then the old
table goes. The key format is `services.intake.registration_counter`'s, written out here because
a migration must not change when the code does."""

from django.db import migrations

KEY = "petitions.registration.{}"


def to_common(apps, schema_editor):
    old = apps.get_model("petitions", "RegistrationCounter")
    counter = apps.get_model("common", "Counter")
    counter.objects.bulk_create(
        counter(key=KEY.format(row.unit_id), year=row.year, last=row.last)
        for row in old.objects.all()
    )


def from_common(apps, schema_editor):
    old = apps.get_model("petitions", "RegistrationCounter")
    counter = apps.get_model("common", "Counter")
    prefix = KEY.format("")
    old.objects.bulk_create(
        old(unit_id=int(row.key.removeprefix(prefix)), year=row.year, last=row.last)
        for row in counter.objects.filter(key__startswith=prefix)
    )
    counter.objects.filter(key__startswith=prefix).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("common", "0001_initial"),
        ("petitions", "0008_next_due"),
    ]

    operations = [
        migrations.RunPython(to_common, from_common),
        migrations.DeleteModel(name="RegistrationCounter"),
    ]
