"""Backfill or rebuild the similarity signatures: `manage.py build_signatures [--rebuild]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Q

from huajie.petitions.models import Petition
from huajie.similarity import minhash
from huajie.similarity.models import LshBucket, PetitionSignature
from huajie.similarity.services import signatures_update


class Command(BaseCommand):
    help = "为尚无相似度签名（或签名版本过旧）的信访事项建立签名；--rebuild 全部重建。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rebuild", action="store_true", help="清空后为全部事项重建")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, rebuild: bool = False, batch_size: int = 500, **opts: Any) -> None:
        if rebuild:
            LshBucket.objects.all().delete()
            PetitionSignature.objects.all().delete()
        todo = Petition.objects.filter(
            Q(signature__isnull=True) | ~Q(signature__version=minhash.SIGNATURE_VERSION)
        ).order_by("pk")
        total = todo.count()
        done = 0
        last_pk = 0
        while True:
            batch = list(todo.filter(pk__gt=last_pk).only("pk", "title", "content")[:batch_size])
            if not batch:
                break
            done += signatures_update(petitions=batch)
            last_pk = batch[-1].pk
            self.stdout.write(f"已处理 {done}/{total} 件", ending="\r")
            self.stdout.flush()
        self.stdout.write(self.style.SUCCESS(f"相似度签名已建立：{done} 件。"))
