"""The database refuses changes to the duty timeline (`common.migration_ops.append_only`)."""

from django.db import migrations

from huajie.common.migration_ops import append_only


class Migration(migrations.Migration):
    dependencies = [("duty", "0001_initial")]

    operations = [append_only("duty_dutyevent")]
