"""DRF's authtoken app is gone (accounts.ApiToken replaces it; clients obtain a new token). Its
table is dropped where an earlier install created it: left behind, its foreign key to the user
table would refuse the deletion of any user who once had a DRF token."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            [
                "DROP TABLE IF EXISTS authtoken_token",
                "DELETE FROM django_migrations WHERE app = 'authtoken'",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
