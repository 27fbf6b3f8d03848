# Copies the petitions app's notices (petitions.Notification) into notices.Notice: the same
# recipient, text, times and read state, the petition as the generic target, and the case page as
# the link (`/petitions/<id>/`, the case page's address when this migration was written). One
# INSERT … SELECT, the same SQL on SQLite and PostgreSQL, so a large table copies in seconds.
# petitions 0009 then drops the old table. Reversing copies them back.

from django.db import migrations


def _petition_type_id(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ct, _ = ContentType.objects.using(schema_editor.connection.alias).get_or_create(
        app_label="petitions", model="petition"
    )
    return int(ct.pk)


def copy_forward(apps, schema_editor):
    Old = apps.get_model("petitions", "Notification")
    if not Old.objects.using(schema_editor.connection.alias).exists():
        return
    ct = _petition_type_id(apps, schema_editor)
    schema_editor.execute(
        f"""
        INSERT INTO notices_notice (recipient_id, target_type_id, target_id, message, body, items,
            url, dedupe_key, created_at, read_at, ack_required, ack_due_at, acknowledged_at)
        SELECT n.user_id,
               CASE WHEN n.petition_id IS NULL THEN NULL ELSE {ct} END,
               n.petition_id, n.message, '', '[]',
               CASE WHEN n.petition_id IS NULL THEN '' ELSE '/petitions/' || n.petition_id || '/' END,
               '', n.created_at, n.read_at, FALSE, NULL, NULL
        FROM petitions_notification n
        ORDER BY n.id
        """
    )


def copy_back(apps, schema_editor):
    ct = _petition_type_id(apps, schema_editor)
    moved = f"""
        FROM notices_notice m
        WHERE (m.target_type_id = {ct} AND m.target_id IN (SELECT id FROM petitions_petition))
           OR m.target_type_id IS NULL
    """
    schema_editor.execute(
        "INSERT INTO petitions_notification (user_id, petition_id, message, created_at, read_at) "
        f"SELECT m.recipient_id, m.target_id, m.message, m.created_at, m.read_at {moved} "
        "ORDER BY m.id"
    )
    schema_editor.execute(f"DELETE FROM notices_notice WHERE id IN (SELECT m.id {moved})")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notices", "0001_initial"),
        ("petitions", "0008_next_due"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_back)]
