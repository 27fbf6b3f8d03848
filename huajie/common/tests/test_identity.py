"""ID numbers (GB 11643-1999) and phone numbers as clerks type them and as screens show them."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from huajie.common.errors import ApplicationError
from huajie.common.identity import (
    Gender,
    birth_date_and_gender,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
)

BAD_CHECK = "身份证号码校验位不正确，请核对各位数字（尤其是最后一位）后重新输入。"
BAD_PHONE = "联系电话格式不正确：手机号码为11位数字，固定电话需带区号（例如 0731-88601234）。"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check(first17: str) -> str:
    """Append the ISO 7064 MOD 11-2 check character, computed independently of the code."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def wrong_check(first17: str) -> str:
    right = with_check(first17)[-1]
    return first17 + ("0" if right != "0" else "1")


def test_the_canonical_sample_is_valid():
    assert with_check("11010519491231002") == "11010519491231002X"
    assert normalize_id_number("11010519491231002X") == "11010519491231002X"


@pytest.mark.parametrize(
    "typed",
    [
        "11010519491231002x",
        " 11010519491231002X\t",
        "110105 19491231 002X",
        "110105-19491231-002X",
        "１１０１０５１９４９１２３１００２Ｘ",
    ],
)
def test_accepts_the_ways_people_type_a_valid_number(typed):
    assert normalize_id_number(typed) == "11010519491231002X"


@pytest.mark.parametrize(
    "first17",
    [
        "42010219900101123",  # 武汉江岸区
        "42010219600101123",  # code dates from 1983; the holder was born before (stdnum refuses)
        "81000019991220001",  # Hong Kong resident permit
        "46000020000229004",  # leap day
    ],
)
def test_accepts_real_format_numbers(first17):
    number = with_check(first17)
    assert normalize_id_number(number) == number


def assert_refused(value: str | None, message: str) -> None:
    with pytest.raises(ApplicationError) as caught:
        normalize_id_number(value)
    assert caught.value.message == message
    assert caught.value.code == "invalid_id_number"
    assert caught.value.field == "id_number"


@pytest.mark.parametrize("value", ["1101051949123100", "11010519491231002X1", "110105491231002"])
def test_refuses_a_wrong_length(value):
    assert_refused(value, "身份证号码应为18位，请核对后重新输入。")


@pytest.mark.parametrize("value", [None, "", "   "])
def test_refuses_a_missing_number(value):
    assert_refused(value, "请填写身份证号码。")


@pytest.mark.parametrize(
    "value", ["1101051949123100Y2", "11010519491231002Y", "A10105194912310020"]
)
def test_refuses_letters_other_than_a_final_x(value):
    assert_refused(value, "身份证号码前17位应为数字，最后一位应为数字或字母X，请核对后重新输入。")


@pytest.mark.parametrize("first17", ["11010519491231002", "42010219900101123"])
def test_refuses_a_wrong_check_character(first17):
    assert_refused(wrong_check(first17), BAD_CHECK)


def test_refuses_a_transposition_of_two_digits():
    assert_refused("11010519491213002X", BAD_CHECK)


@pytest.mark.parametrize(
    "first17",
    ["42010219900230123", "42010219901301123", "42010219900100123", "42010218991231123"],
)
def test_refuses_an_impossible_birth_date_even_with_a_matching_check(first17):
    assert_refused(
        with_check(first17),
        "身份证号码中的出生日期（第7至14位）不是有效日期，请核对后重新输入。",
    )


@time_machine.travel(datetime.datetime(2024, 6, 1, 10, tzinfo=datetime.UTC))
def test_refuses_a_birth_date_after_today():
    assert normalize_id_number(with_check("42010220240601123"))
    assert_refused(
        with_check("42010220240602123"),
        "身份证号码中的出生日期（第7至14位）晚于今天，请核对后重新输入。",
    )


@pytest.mark.parametrize("first17", ["99010519491231002", "00010519491231002"])
def test_refuses_an_unknown_province(first17):
    assert_refused(
        with_check(first17), "身份证号码前两位（省级行政区代码）不正确，请核对后重新输入。"
    )


def test_birth_date_and_gender():
    assert birth_date_and_gender("11010519491231002X") == (
        datetime.date(1949, 12, 31),
        Gender.FEMALE,
    )
    assert birth_date_and_gender(with_check("42010219900101123")) == (
        datetime.date(1990, 1, 1),
        Gender.MALE,
    )


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086-19912345678", "19912345678"),
        ("８６１３８１２３４５６７８", "13812345678"),
        ("0731-88601234", "0731-88601234"),
        ("073188601234", "0731-88601234"),
        ("(0731)88601234", "0731-88601234"),
        ("（0731）8860 1234", "0731-88601234"),
        ("0951-5012345", "0951-5012345"),
        ("010-62345678", "010-62345678"),
        ("021 5888 1234", "021-58881234"),
        ("0731-88601234转8001", "0731-88601234-8001"),
        ("0731-88601234-8001", "0731-88601234-8001"),
        ("0731-88601234 ext. 12", "0731-88601234-12"),
    ],
)
def test_normalize_phone_accepts_mobiles_and_landlines(typed, normalised):
    assert normalize_phone(typed) == normalised


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "请填写联系电话。"),
        ("1381234567", "手机号码应为11位数字，请核对后重新输入。"),
        ("138123456789", "手机号码应为11位数字，请核对后重新输入。"),
        ("88601234", "固定电话请加上区号，例如 0731-88601234。"),
        ("12812345678", BAD_PHONE),
        ("010-6234567", BAD_PHONE),
        ("0731-08601234", BAD_PHONE),
        ("phone me", BAD_PHONE),
    ],
)
def test_normalize_phone_refuses_with_a_hint(typed, message):
    with pytest.raises(ApplicationError) as caught:
        normalize_phone(typed)
    assert (caught.value.message, caught.value.code, caught.value.field) == (
        message,
        "invalid_phone",
        "phone",
    )


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("420102199001011234", "4201**********1234"),
        ("11010519491231002x", "1101**********002X"),
        (" 420102199001011234 ", "4201**********1234"),
        ("420102900101123", "4201*******1123"),
        ("12345678", "********"),
        ("4201021990010112345", "*******************"),
        ("123", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("0731-88601234", "0731-****1234"),
        ("010-62345678", "010-****5678"),
        ("0951-5012345", "0951-***2345"),
        ("0731-88601234-8001", "0731-****1234-****"),
        ("5012345", "*******"),
        ("12345678901", "***********"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked
