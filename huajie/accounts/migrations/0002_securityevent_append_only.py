"""Make the database itself refuse changes to the security audit trail
(`huajie.common.migration_ops.append_only`: triggers on SQLite and PostgreSQL)."""

from django.db import migrations

from huajie.common.migration_ops import append_only


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [append_only("accounts_securityevent")]
