from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from huajie.common.text import search_tokens
from huajie.petitions.models import Petition


class Command(BaseCommand):
    help = "Recompute the jieba search words of every petition (after a dictionary change)."

    def handle(self, *args: Any, **options: Any) -> None:
        done = 0
        rows = Petition.objects.values_list("pk", "title", "content").order_by("pk")
        batch: list[Petition] = []
        for pk, title, content in rows.iterator(chunk_size=2000):
            batch.append(Petition(pk=pk, search_tokens=search_tokens(title, content)))
            if len(batch) == 2000:
                done += self._flush(batch)
        done += self._flush(batch)
        self.stdout.write(f"已重建 {done} 件信访事项的检索词。")

    @staticmethod
    def _flush(batch: list[Petition]) -> int:
        with transaction.atomic():
            Petition.objects.bulk_update(batch, ["search_tokens"])
        n = len(batch)
        batch.clear()
        return n
