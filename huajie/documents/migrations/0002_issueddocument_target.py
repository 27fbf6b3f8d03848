"""An issued document belongs to any record (a content type and an id), not only to a petition.
Step 1 of 3: the new columns, nullable until the rows are converted; the petition nullable so
the conversion can be reversed."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="issueddocument",
            name="target_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="记录类型",
            ),
        ),
        migrations.AddField(
            model_name="issueddocument",
            name="target_id",
            field=models.PositiveBigIntegerField(null=True, verbose_name="记录编号"),
        ),
        migrations.AlterField(
            model_name="issueddocument",
            name="petition",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="petitions.petition",
                verbose_name="信访事项",
            ),
        ),
    ]
