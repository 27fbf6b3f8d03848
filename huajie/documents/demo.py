"""Demo document settings for 清河县's units (called by `manage.py seed_demo`)."""

from __future__ import annotations

from typing import Any

from huajie.orgs.models import Unit

from .models import DocumentProfile

PROFILES = {
    "QHX": ("清河县人民政府", "清政"),
    "QHX-XFJ": ("清河县信访局", "清信"),
    "QHX-ZJJ": ("清河县住房和城乡建设局", "清建"),
    "QHX-RSJ": ("清河县人力资源和社会保障局", "清人社"),
    "QHX-JW": ("中共清河县纪律检查委员会", "清纪"),
}


def seed(stdout: Any) -> None:
    for code, (organ, prefix) in PROFILES.items():
        unit = Unit.objects.filter(code=code).first()
        if unit is not None:
            DocumentProfile.objects.get_or_create(
                unit=unit,
                defaults={
                    "organ_name": organ,
                    "number_prefix": prefix,
                    "seal_text": f"{organ}（印章）",
                },
            )
