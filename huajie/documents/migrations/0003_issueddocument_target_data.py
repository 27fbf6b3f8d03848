"""Step 2 of 3: each issued document's petition becomes its target, and each unit's yearly
document counters move to the one counter service (`common.Counter`, scope
`documents.<unit id>.<kind>` — `numbering.document_counter`'s format, written out here because a
migration must not change when the code does)."""

from django.db import migrations
from django.db.models import F

KEY = "documents.{}.{}"


def forwards(apps, schema_editor):
    issued = apps.get_model("documents", "IssuedDocument")
    if issued.objects.exists():
        content_type = apps.get_model("contenttypes", "ContentType")
        petition, _ = content_type.objects.get_or_create(app_label="petitions", model="petition")
        issued.objects.update(target_type=petition, target_id=F("petition_id"))
    old = apps.get_model("documents", "DocumentCounter")
    counter = apps.get_model("common", "Counter")
    counter.objects.bulk_create(
        counter(key=KEY.format(row.unit_id, row.kind), year=row.year, last=row.last)
        for row in old.objects.all()
    )


def backwards(apps, schema_editor):
    issued = apps.get_model("documents", "IssuedDocument")
    issued.objects.filter(
        target_type__app_label="petitions", target_type__model="petition"
    ).update(petition_id=F("target_id"))
    old = apps.get_model("documents", "DocumentCounter")
    counter = apps.get_model("common", "Counter")
    rows = list(counter.objects.filter(key__startswith="documents."))
    old.objects.bulk_create(
        old(
            unit_id=int(row.key.split(".")[1]),
            kind=row.key.split(".", 2)[2],
            year=row.year,
            last=row.last,
        )
        for row in rows
    )
    counter.objects.filter(pk__in=[row.pk for row in rows]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("common", "0001_initial"),
        ("documents", "0002_issueddocument_target"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
