"""Step 3 of 3: the target is required, one document per target, kind and subject; the petition
column and the old counter table go; the kind is any registered code (checked by the service)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0003_issueddocument_target_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="issueddocument",
            name="issueddoc_once_per_subject",
        ),
        migrations.RemoveField(
            model_name="issueddocument",
            name="petition",
        ),
        migrations.AlterField(
            model_name="issueddocument",
            name="target_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="记录类型",
            ),
        ),
        migrations.AlterField(
            model_name="issueddocument",
            name="target_id",
            field=models.PositiveBigIntegerField(verbose_name="记录编号"),
        ),
        migrations.AlterField(
            model_name="issueddocument",
            name="kind",
            field=models.CharField(max_length=40, verbose_name="文书"),
        ),
        migrations.AlterField(
            model_name="issueddocument",
            name="issued_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="出具人",
            ),
        ),
        migrations.AlterField(
            model_name="issueddocument",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="出具时间"),
        ),
        migrations.AddConstraint(
            model_name="issueddocument",
            constraint=models.UniqueConstraint(
                fields=("target_type", "target_id", "kind", "subject_id"),
                name="issueddoc_once_per_subject",
            ),
        ),
        migrations.DeleteModel(
            name="DocumentCounter",
        ),
    ]
