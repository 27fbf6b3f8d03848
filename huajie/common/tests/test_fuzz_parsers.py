"""Hypothesis over the parsers a user's typing reaches: ID numbers, phone numbers, dates in every
accepted format, the masks, and uploads that lie about their type. Each either answers or
refuses with a sentence (an `ApplicationError` or a validation error in Chinese); nothing else
escapes. The example counts are in docs/reliability.md."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rest_framework import serializers
from stdnum.cn import ric

from huajie.common.api_fields import date_field
from huajie.common.errors import ApplicationError
from huajie.common.forms import LenientDateField
from huajie.common.identity import (
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
)
from huajie.common.uploads import check_upload

CJK = re.compile(r"[\u4e00-\u9fff]")
SCALE = int(os.environ.get("HUAJIE_FUZZ_SCALE", "1"))  # a longer one-off run: HUAJIE_FUZZ_SCALE=10
FUZZ = settings(
    max_examples=400 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Text a form field may receive: anything, with a bias towards digits, X, separators and
# full-width forms, where the parsers' edges are.
DIGITISH = st.text(
    alphabet=st.sampled_from("0123456789xX -/.()年月日０１２３４５６７８９－＋+\t\u3000\u200b"),
    max_size=30,
)
ANY_TEXT = st.one_of(st.text(max_size=40), DIGITISH)


def is_sentence(message: str) -> bool:
    return bool(CJK.search(message)) and message.rstrip().endswith(("。", "）", "!", "！"))


def refusal_is_a_sentence(exc: ApplicationError) -> None:
    assert is_sentence(exc.message), exc.message
    assert exc.code and exc.field


# ---- ID numbers --------------------------------------------------------------------------------


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(["11", "31", "42", "44", "51", "65"]))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)))
    body = f"{province}0102{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return body + ric.calc_check_digit(body + "?")  # it reads all but the last character


@FUZZ
@given(ANY_TEXT)
@example("11010519491231002x")  # a lower-case check letter
@example("110105194912310021")  # a wrong check digit
@example("110105199902300021")  # 30 February
@example("１１０１０５１９４９１２３１００２Ｘ")  # full width
def test_id_number_answers_or_refuses_with_a_sentence(text: str) -> None:
    try:
        number = normalize_id_number(text)
    except ApplicationError as exc:
        refusal_is_a_sentence(exc)
        return
    # stdnum's own is_valid raises KeyError on a region code missing from its table: the oracle is
    # the check digit and the birth date, which is what the project validates.
    assert len(number) == 18 and ric.calc_check_digit(number) == number[-1]
    ric.get_birth_date(number)


@FUZZ
@given(valid_ids(), st.sampled_from(["plain", "spaced", "dashed", "lower", "wide"]))
def test_every_way_of_writing_a_valid_id_number_is_accepted(number: str, style: str) -> None:
    written = {
        "plain": number,
        "spaced": f"{number[:6]} {number[6:14]} {number[14:]}",
        "dashed": f"{number[:6]}-{number[6:14]}-{number[14:]}",
        "lower": number.lower(),
        "wide": number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")),
    }[style]
    assert normalize_id_number(written) == number
    masked = mask_id_number(number)
    assert masked[:4] == number[:4] and masked[-4:] == number[-4:] and "*" * 10 in masked


# ---- phone numbers -----------------------------------------------------------------------------


@FUZZ
@given(ANY_TEXT)
@example("138 1234 5678")
@example("+86 138-1234-5678")
@example("0731-8860123")  # a 3-digit area code needs an 8-digit number
@example("88601234")  # no area code
def test_phone_answers_or_refuses_with_a_sentence(text: str) -> None:
    try:
        phone = normalize_phone(text)
    except ApplicationError as exc:
        refusal_is_a_sentence(exc)
        return
    assert re.fullmatch(r"1\d{10}|0\d{2,3}-\d{7,8}(-\d+)?", phone), phone


@FUZZ
@given(st.text(max_size=40))
def test_masks_never_fail_and_never_show_a_whole_number(text: str) -> None:
    mask_id_number(text), mask_phone(text)
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 11:
        assert digits not in mask_phone(text) and digits not in mask_id_number(text)


# ---- dates -------------------------------------------------------------------------------------

FORM_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]
API_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def unpadded(day: date, fmt: str) -> str:
    return (
        fmt.replace("%Y", str(day.year)).replace("%m", str(day.month)).replace("%d", str(day.day))
    )


@FUZZ
@given(DAYS, st.sampled_from(FORM_FORMATS), st.booleans(), st.booleans())
def test_every_accepted_form_date_format_reads_back(
    day: date, fmt: str, pad: bool, wide: bool
) -> None:
    text = day.strftime(fmt) if pad or fmt == "%Y%m%d" else unpadded(day, fmt)
    if wide:
        text = text.translate(str.maketrans("0123456789-/.", "０１２３４５６７８９－／．"))
    assert LenientDateField().clean(text) == day


@FUZZ
@given(ANY_TEXT)
@example("2026-02-30")
@example("0001-01-05")
@example("99999-01-01")
def test_a_form_date_answers_or_refuses_in_chinese(text: str) -> None:
    from django.core.exceptions import ValidationError

    try:
        LenientDateField(required=False).clean(text)
    except ValidationError as exc:
        assert all(CJK.search(m) for m in exc.messages), exc.messages


class _DateBody(serializers.Serializer):
    on = date_field("办理日期")


@FUZZ
@given(st.one_of(DAYS, st.dates()))
@example(date(1999, 12, 31))
@example(date(1, 1, 5))
@example(date(9999, 12, 31))
def test_api_dates_in_both_formats_and_the_range(day: date) -> None:
    in_range = date(2000, 1, 1) <= day <= date(2099, 12, 31)
    for fmt in API_FORMATS:
        body = _DateBody(data={"on": f"{day.year:04d}" + day.strftime(fmt)[len(str(day.year)) :]})
        assert body.is_valid() == in_range, (day, fmt, body.errors)
        if in_range:
            assert body.validated_data["on"] == day
        else:
            assert all(CJK.search(str(m)) for m in body.errors["on"]), body.errors


@FUZZ
@given(st.one_of(ANY_TEXT, st.integers(), st.floats(allow_nan=True), st.none()))
def test_an_api_date_of_any_type_answers_or_refuses_in_chinese(value: object) -> None:
    body = _DateBody(data={"on": value})
    if not body.is_valid():
        assert all(CJK.search(str(m)) for m in body.errors["on"]), body.errors


# ---- uploads that lie about their type ---------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.7\n" + b"0" * 40
LIARS = [
    ("照片.jpg", b"MZ\x90\x00" + b"\x00" * 60, None),  # a Windows program
    ("材料.pdf", b"<html><script>alert(1)</script></html>", None),
    ("录音.mp3", b"#!/bin/sh\nrm -rf /\n", None),
    ("台账.xlsx", "标题,内容\n拖欠工资,工地拖欠\n".encode("gbk"), None),  # a CSV renamed
    ("台账.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60, None),  # legacy OLE2
    ("scan.pdf", PNG, "png"),  # a photo named .pdf is kept as what it is
    ("photo.png", PDF, "pdf"),
]


@pytest.mark.parametrize(("name", "content", "kind"), LIARS)
def test_an_upload_is_judged_by_its_content(name: str, content: bytes, kind: str | None) -> None:
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    if kind is None:
        with pytest.raises(ApplicationError) as refused:
            check_upload(upload)
        refusal_is_a_sentence(refused.value)
    else:
        assert check_upload(upload).extension == kind


def _zip(members: dict[str, bytes]) -> bytes:
    import zipfile

    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return out.getvalue()


MACRO = _zip(
    {
        "[Content_Types].xml": b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "xl/workbook.xml": b"<workbook/>",
        "xl/vbaProject.bin": b"\x00" * 10,
    }
)


@FUZZ
@given(
    st.one_of(
        st.binary(min_size=1, max_size=300),
        st.sampled_from([PNG, PDF, MACRO]).flatmap(
            lambda good: st.integers(1, len(good)).map(lambda n: good[:n])  # truncated
        ),
        st.binary(max_size=200).map(lambda tail: b"PK\x03\x04" + tail),  # a broken zip
    ),
    st.sampled_from(["a.jpg", "b.pdf", "c.xlsx", "d.docx", "e", "../../etc/passwd", "x" * 300]),
)
def test_any_bytes_under_any_name_answer_or_refuse_with_a_sentence(
    content: bytes, name: str
) -> None:
    upload = SimpleUploadedFile(name, content)
    try:
        info = check_upload(upload)
    except ApplicationError as exc:
        refusal_is_a_sentence(exc)
        return
    assert info.extension in {"jpg", "png", "gif", "tif", "webp", "pdf", "mp3", "aac", "wav",
                              "amr", "awb", "m4a", "3gp", "docx", "xlsx"}  # fmt: skip
    assert upload.tell() == 0


def test_a_macro_workbook_is_refused() -> None:
    with pytest.raises(ApplicationError) as refused:
        check_upload(SimpleUploadedFile("宏.xlsx", MACRO))
    refusal_is_a_sentence(refused.value)


def test_dates_after_2099_are_refused_by_the_api() -> None:
    body = _DateBody(data={"on": (date(2099, 12, 31) + timedelta(days=1)).isoformat()})
    assert not body.is_valid()
