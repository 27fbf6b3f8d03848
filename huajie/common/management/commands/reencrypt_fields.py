"""manage.py reencrypt_fields: rewrite every encrypted column under the primary (first) key of
FIELD_ENCRYPTION_KEYS, so a retired key can then be dropped (README, "Rotating the encryption
keys"). Each table in batches of 500 rows, one transaction per batch; the plaintext never
leaves `common.crypto`. Blind indexes use BLIND_INDEX_KEY and do not change."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from huajie.common.crypto import DecryptionError, reencrypt
from huajie.common.fields import EncryptedTextField

BATCH = 500


class Command(BaseCommand):
    help = "用当前主密钥重新加密全部加密字段（Re-encrypt every encrypted field under the new key）"

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            columns = [
                str(f.column)
                for f in model._meta.concrete_fields
                if isinstance(f, EncryptedTextField)
            ]
            if not columns or model._meta.proxy or not model._meta.managed:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(str(model._meta.pk.column))
            quoted = [connection.ops.quote_name(c) for c in columns]
            last: Any = None
            rows = 0
            while True:
                with transaction.atomic(), connection.cursor() as cursor:
                    where = "" if last is None else f"WHERE {pk} > %s"
                    cursor.execute(
                        f"SELECT {pk}, {', '.join(quoted)} FROM {table} {where} "  # noqa: S608
                        f"ORDER BY {pk} LIMIT {BATCH}",
                        [] if last is None else [last],
                    )
                    batch = cursor.fetchall()
                    for key, *tokens in batch:
                        try:
                            fresh = [reencrypt(t) if t else t for t in tokens]
                        except DecryptionError as exc:
                            raise CommandError(
                                f"{model._meta.label} 第 {key} 行无法用任何已配置的密钥解密，"
                                "未继续。请把加密它的旧密钥加回 FIELD_ENCRYPTION_KEYS 后重试。"
                            ) from exc
                        sets = ", ".join(f"{c} = %s" for c in quoted)
                        cursor.execute(
                            f"UPDATE {table} SET {sets} WHERE {pk} = %s",  # noqa: S608
                            [*fresh, key],
                        )
                if not batch:
                    break
                last, rows = batch[-1][0], rows + len(batch)
            if rows:
                self.stdout.write(f"{model._meta.label}: {rows} 行")
            total += rows
        self.stdout.write(f"已用主密钥重新加密 {total} 行 Re-encrypted {total} rows.")
