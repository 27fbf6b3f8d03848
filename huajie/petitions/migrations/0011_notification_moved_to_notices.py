# Notices now live in huajie.notices; notices 0002 has copied this table's rows there.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0002_copy_petition_notifications"),
        ("petitions", "0010_shared_machinery"),
    ]

    operations = [migrations.DeleteModel(name="Notification")]
