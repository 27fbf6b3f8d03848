"""Photos and recordings on hazards and on-scene log entries: checked by content with the shared
upload check, a damaged or disguised file refused with nothing saved, size and count limits,
thumbnails, and served only to those who see the record."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from huajie.common.errors import ApplicationError
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user

from ..models import Attachment, Hazard, Inspection, KeyPlace
from ..services import attachments
from ..services import hazards as hz
from ..services import incidents as svc
from .factories import make_world, report_incident

pytestmark = pytest.mark.django_db


def photo(name: str = "现场.jpg", size: tuple[int, int] = (800, 600)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def test_a_hazard_photo_from_the_inspection_form_is_stored_with_a_thumbnail_for_its_readers():
    w = make_world()
    place = KeyPlace.objects.create(unit=w.emergency_unit, name="石门寺", checklist="安全出口畅通")
    client = Client()
    client.force_login(w.commander)
    url = reverse("emergency:inspect", args=[place.pk])
    deadline = (timezone.localdate() + timedelta(days=5)).isoformat()
    form = {"item0": "fail", "h-description": "后门堆放杂物", "h-level": "general",
            "h-deadline": deadline, "h-responsible": w.commander.pk}  # fmt: skip
    disguised = SimpleUploadedFile("门.jpg", b"%PDF-1.7\n" + b"0" * 100)
    resp = client.post(url, {**form, "h-files": [disguised]}, follow=True)
    assert "不是允许的类型（照片" in resp.content.decode()
    assert not Hazard.objects.exists() and not Inspection.objects.exists()  # nothing saved
    resp = client.post(url, {**form, "h-files": [photo()]})
    assert resp.status_code == 302
    item = Attachment.objects.get()
    assert (item.hazard, item.kind, item.mime, item.caption) == (
        Hazard.objects.get(), "image", "image/jpeg", "隐患照片",
    )  # fmt: skip
    with Image.open(item.thumbnail.open("rb")) as thumb:
        assert max(thumb.size) <= 320
    page = client.get(reverse("emergency:hazard", args=[item.hazard_id])).content.decode()
    file_url = reverse("emergency:hazard_file", args=[item.hazard_id, item.pk])
    assert f'src="{file_url}?size=thumb"' in page
    got = client.get(file_url)
    assert got.status_code == 200 and got["Content-Type"] == "image/jpeg"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert client.get(file_url + "?size=thumb")["Content-Type"] == "image/jpeg"
    stranger = Client()
    stranger.force_login(make_user(make_unit("清河县水利局", parent=w.c.county), RoleCode.LEADER))
    assert stranger.get(file_url).status_code == 404
    assert Client().get(file_url).status_code == 302  # to sign in


def test_a_broken_image_too_many_or_too_large_files_are_refused_whole(monkeypatch):
    w = make_world()
    place = KeyPlace.objects.create(unit=w.emergency_unit, name="石门寺", checklist="灭火器")
    broken = SimpleUploadedFile("坏.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    data = hz.HazardInput(item="灭火器", description="压力不足", level="general",
                          deadline=timezone.localdate() + timedelta(days=3),
                          responsible=w.commander, photos=(broken,))  # fmt: skip
    with pytest.raises(ApplicationError, match="无法打开，可能已损坏"):
        hz.hazard_create(place=place, data=data, acting_user=w.commander)
    too_many = tuple(photo(f"{i}.jpg", (20, 20)) for i in range(attachments.MAX_FILES + 1))
    with pytest.raises(ApplicationError, match="每次最多上传9个文件"):
        hz.hazard_create(place=place, acting_user=w.commander,
                         data=hz.HazardInput(**{**data.__dict__, "photos": too_many}))  # fmt: skip
    monkeypatch.setattr(attachments, "MAX_BYTES", 1000)
    with pytest.raises(ApplicationError, match="超过 0.1 MB 上限"):
        big = hz.HazardInput(**{**data.__dict__, "photos": (photo(),)})
        hz.hazard_create(place=place, data=big, acting_user=w.commander)
    assert not Hazard.objects.exists() and not Attachment.objects.exists()


def test_rectification_photos_are_kept_with_their_caption():
    w = make_world()
    place = KeyPlace.objects.create(unit=w.emergency_unit, name="石门寺", checklist="灭火器")
    hazard = hz.hazard_create(place=place, acting_user=w.commander, data=hz.HazardInput(
        item="灭火器", description="压力不足", level="general", responsible=w.commander,
        deadline=timezone.localdate() + timedelta(days=3)))  # fmt: skip
    hz.hazard_rectify(hazard=hazard, note="已更换", acting_user=w.commander, photos=[photo()])
    assert list(Attachment.objects.filter(hazard=hazard).values_list("caption", flat=True)) == [
        "整改后照片"
    ]


def test_an_on_scene_entry_carries_photos_and_a_recording_shown_to_the_incidents_readers():
    w = make_world()
    incident = report_incident(w)
    svc.incident_activate(incident=incident, grade=4, acting_user=w.commander)
    client = Client()
    client.force_login(w.fire_member)
    recording = SimpleUploadedFile("录音.amr", b"#!AMR\n" + b"\x3c" * 400)
    resp = client.post(reverse("emergency:incident_act", args=[incident.pk, "log"]), {
        "log-kind": "scene", "log-text": "偏殿明火已扑灭", "log-files": [photo(), recording],
    })  # fmt: skip
    assert resp.status_code == 302
    event = incident.events.get(kind="scene")
    assert sorted(Attachment.objects.filter(event=event).values_list("kind", flat=True)) == [
        "audio",
        "image",
    ]
    page = client.get(reverse("emergency:incident", args=[incident.pk])).content.decode()
    audio = Attachment.objects.get(event=event, kind="audio")
    audio_url = reverse("emergency:incident_file", args=[incident.pk, audio.pk])
    assert f'src="{audio_url}"' in page and "?size=thumb" in page
    got = client.get(audio_url)
    assert got.status_code == 200 and got["Content-Type"] == "audio/amr"
    outsider = Client()
    outsider.force_login(make_user(make_unit("清河县水利局", parent=w.c.county), RoleCode.LEADER))
    assert outsider.get(audio_url).status_code == 404
    with pytest.raises(ApplicationError, match="不是允许的类型"):
        svc.log_add(incident=incident, kind="scene", text="说明", acting_user=w.commander,
                    files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")])  # fmt: skip
    assert incident.events.filter(kind="scene").count() == 1  # the refused entry is not kept


def test_the_hazard_page_offers_the_registry_actions_each_to_whom_its_rule_allows():
    w = make_world()
    place = KeyPlace.objects.create(unit=w.emergency_unit, name="石门寺", checklist="灭火器")
    rectifier = make_user(w.emergency_unit, RoleCode.DUTY_OFFICER)
    hazard = hz.hazard_create(place=place, acting_user=w.commander, data=hz.HazardInput(
        item="灭火器", description="压力不足", level="general", responsible=rectifier,
        deadline=timezone.localdate() + timedelta(days=3)))  # fmt: skip
    page = reverse("emergency:hazard", args=[hazard.pk])
    client = Client()
    client.force_login(rectifier)
    html = client.get(page).content.decode()
    assert 'data-testid="hazard-rectify"' in html and "hazard-recheck_pass" not in html
    act = reverse("emergency:hazard_act", args=[hazard.pk, "rectify"])
    assert client.post(act, {"rectify-version": hazard.version}).status_code == 400  # no note
    resp = client.post(act, {"rectify-version": hazard.version, "rectify-note": "已更换",
                             "rectify-photos": [photo()]})  # fmt: skip
    assert resp.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == "rectified" and Attachment.objects.filter(hazard=hazard).count() == 1
    html = client.get(page).content.decode()
    assert "hazard-recheck_pass" not in html and "整改人以外的人员" in html
    checker = Client()
    checker.force_login(w.commander)
    assert 'data-testid="hazard-recheck_pass"' in checker.get(page).content.decode()
    done = reverse("emergency:hazard_act", args=[hazard.pk, "recheck_pass"])
    checker.post(done, {"recheck_pass-version": hazard.version, "recheck_pass-note": "复查合格"})
    hazard.refresh_from_db()
    assert hazard.status == "closed" and hazard.rechecked_by == w.commander
