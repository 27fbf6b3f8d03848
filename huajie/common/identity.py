"""Chinese resident ID numbers and phone numbers: validation, normalisation, masking.

ID numbers follow GB 11643-1999 《公民身份号码》: 6-digit address code (GB/T 2260), 8-digit birth
date, 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character
(0-9 or X). Phone numbers are mainland mobiles (11 digits, 1[3-9]…) or landlines with an area code
(010 and 02X have 3 digits and 8-digit local numbers; others have 4 digits and 7-8-digit numbers).

Error messages never repeat the number: they may end up in logs.
"""

from __future__ import annotations

import datetime
import enum
import re
import unicodedata

from django.utils import timezone
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumValidationError

from .errors import ApplicationError

# GB/T 2260 province-level codes, plus 71 Taiwan, 81 Hong Kong, 82 Macao and 83 (Taiwan residents'
# residence permits, 《港澳台居民居住证申领发放办法》 2018).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)

MOBILE_RE = re.compile(r"(?:\+86|0086|86)?(1[3-9]\d{9})")
LANDLINE_RE = re.compile(
    r"\(?(?P<area>010|02\d|0[3-9]\d{2})\)?-?(?P<local>[2-9]\d{6,7})"
    r"(?:(?:-|转|分机|ext\.?|x|#)(?P<ext>\d{1,6}))?"
)


class Gender(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"


def normalize_id_number(value: str | None) -> str:
    """Validate an 18-character resident ID number (GB 11643-1999); return it compact, upper-case.

    Full-width digits, spaces and dashes are accepted ("420102 19900101 123x").

    Checked in the order that points the user at the wrong digits: length, characters, birth date
    (not in the future, not before 1900), province code, then the check character. Deliberately
    not `stdnum.cn.ric.validate`: it also rejects a county code created after the holder's birth
    year, yet codes are assigned when the number is issued, so it refuses real numbers (a person
    born in 1960 in 武汉江岸区 holds 420102…, a code that dates from 1983).
    """
    number = ric.compact(re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", value or "")))
    if not number:
        raise _id_error("请填写身份证号码。")
    if len(number) != 18:
        raise _id_error("身份证号码应为18位，请核对后重新输入。")
    if not number[:17].isascii() or not number[:17].isdigit() or number[17] not in "0123456789X":
        raise _id_error("身份证号码前17位应为数字，最后一位应为数字或字母X，请核对后重新输入。")
    _check_birth_date(number)
    if number[:2] not in PROVINCE_CODES:
        raise _id_error("身份证号码前两位（省级行政区代码）不正确，请核对后重新输入。")
    if ric.calc_check_digit(number) != number[17]:
        raise _id_error("身份证号码校验位不正确，请核对各位数字（尤其是最后一位）后重新输入。")
    return number


def birth_date_and_gender(id_number: str) -> tuple[datetime.date, Gender]:
    """Birth date (digits 7-14) and gender (digit 17: odd male, even female) of a valid number."""
    number = normalize_id_number(id_number)
    gender = Gender.MALE if int(number[16]) % 2 else Gender.FEMALE
    return ric.get_birth_date(number), gender


def normalize_phone(value: str | None) -> str:
    """Validate a mainland phone number; return "13812345678" or "0731-88601234[-ext]"."""
    text = unicodedata.normalize("NFKC", value or "").strip().lower()
    compact = re.sub(r"\s", "", text)
    if not compact:
        raise _phone_error("请填写联系电话。")
    mobile = MOBILE_RE.fullmatch(re.sub(r"[-()]", "", compact))
    if mobile:
        return mobile.group(1)
    landline = LANDLINE_RE.fullmatch(compact)
    if landline and not (len(landline["area"]) == 3 and len(landline["local"]) != 8):
        extension = f"-{landline['ext']}" if landline["ext"] else ""
        return f"{landline['area']}-{landline['local']}{extension}"
    raise _phone_error(_phone_problem(re.sub(r"\D", "", compact)))


def mask_id_number(value: str | None) -> str:
    """Mask for display: "420102199001011234" -> "4201**********1234" (first 4, last 4 kept).

    Only 18- and 15-character (legacy) numbers keep any characters; anything else is all stars.
    """
    text = (value or "").strip().upper()
    if len(text) not in (15, 18):
        return "*" * len(text)
    return _mask_middle(text, head=4, tail=4)


def mask_phone(value: str | None) -> str:
    """Mask for display: "13812345678" -> "138****5678", "0731-88601234" -> "0731-****1234".

    The extension is masked too; a value that is not a valid number is all stars.
    """
    text = (value or "").strip()
    try:
        phone = normalize_phone(text)
    except ApplicationError:
        return "*" * len(text)
    if "-" not in phone:
        return _mask_middle(phone, head=3, tail=4)
    area, local, *extension = phone.split("-")
    masked = [area, _mask_middle(local, head=0, tail=4)] + ["*" * len(e) for e in extension]
    return "-".join(masked)


def _check_birth_date(number: str) -> None:
    try:
        born = ric.get_birth_date(number)
    except StdnumValidationError:
        born = None
    if born is None or born < EARLIEST_BIRTH_DATE:
        raise _id_error("身份证号码中的出生日期（第7至14位）不是有效日期，请核对后重新输入。")
    if born > timezone.localdate():
        raise _id_error("身份证号码中的出生日期（第7至14位）晚于今天，请核对后重新输入。")


def _phone_problem(digits: str) -> str:
    if digits.startswith("1") and len(digits) != 11:
        return "手机号码应为11位数字，请核对后重新输入。"
    if len(digits) in (7, 8) and digits[0] in "23456789":
        return "固定电话请加上区号，例如 0731-88601234。"
    return "联系电话格式不正确：手机号码为11位数字，固定电话需带区号（例如 0731-88601234）。"


def _mask_middle(text: str, *, head: int, tail: int) -> str:
    """Keep `head` and `tail` characters, stars between (callers pass long enough text)."""
    return text[:head] + "*" * (len(text) - head - tail) + text[len(text) - tail :]


def _id_error(message: str) -> ApplicationError:
    return ApplicationError(message, code="invalid_id_number", field="id_number")


def _phone_error(message: str) -> ApplicationError:
    return ApplicationError(message, code="invalid_phone", field="phone")
