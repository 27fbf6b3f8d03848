"""`manage.py build_signatures` backfills cases registered before the similarity app."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from huajie.petitions.tests.factories import make_county, register
from huajie.similarity import minhash
from huajie.similarity.models import LshBucket, PetitionSignature

from .factories import OIL_SMOKE, WAGES, signed

pytestmark = pytest.mark.django_db


def test_backfill_signs_only_what_is_missing_and_rebuild_signs_everything():
    c = make_county()
    signed(c, *OIL_SMOKE)
    older = register(c, title=WAGES[0], content=WAGES[1])
    PetitionSignature.objects.filter(pk=older.pk).delete()  # as if registered before the app
    LshBucket.objects.filter(petition=older).delete()
    out = StringIO()
    call_command("build_signatures", batch_size=1, stdout=out)
    assert "相似度签名已建立：1 件" in out.getvalue()
    assert PetitionSignature.objects.count() == 2
    assert LshBucket.objects.count() == 2 * minhash.BANDS
    out = StringIO()
    call_command("build_signatures", rebuild=True, stdout=out)
    assert "相似度签名已建立：2 件" in out.getvalue()
    assert LshBucket.objects.count() == 2 * minhash.BANDS
