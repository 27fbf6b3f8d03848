"""The database refuses changes to the incident and hazard timelines
(`common.migration_ops.append_only`)."""

from django.db import migrations

from huajie.common.migration_ops import append_only


class Migration(migrations.Migration):
    dependencies = [("emergency", "0001_initial")]

    operations = [
        append_only("emergency_incidentevent"),
        append_only("emergency_hazardevent"),
    ]
