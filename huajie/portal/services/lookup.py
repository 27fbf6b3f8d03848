"""Finding one's own case: the query code and the last four digits of the phone on the case, or
the query code and an SMS code sent to that phone.

A wrong pair is refused with one sentence that never says which half was wrong (no enumeration of
codes). Wrong tries are counted in the database per code and per client; past the limit
(`PORTAL_LOOKUP_LOCKOUT`) that code, or that client, is locked out for the window even with the
right answer."""

from __future__ import annotations

import hmac
import re

from huajie.common.errors import ApplicationError
from huajie.petitions.models import Petition

from .. import conf
from ..models import AttemptKind, CodePurpose
from . import throttle
from .codes import sms_code_send, sms_code_verify

WRONG = "查询码或手机号后四位不正确。请核对受理告知书或短信中的查询码（8位字母和数字）后重新填写。"


def normalize_code(code: str) -> str:
    return re.sub(r"[\s\-]", "", (code or "").upper())


def _locked(code_key: str, client_key: str) -> None:
    limits = conf.lookup_lockout()
    if throttle.over(AttemptKind.LOOKUP_CODE, code_key, limits["code"]):
        raise throttle.RateLimited(
            "该查询码输错次数过多，已暂时锁定。请"
            f"{throttle.wait_words(limits['code'].window)}后再试，或致电受理机构查询。"
        )
    if throttle.over(AttemptKind.LOOKUP_CLIENT, client_key, limits["client"]):
        raise throttle.RateLimited(
            f"查询失败次数过多，请{throttle.wait_words(limits['client'].window)}后再试。"
        )


def _phones(petition: Petition) -> list[str]:
    """The phones of this case: for a portal submission the number verified by SMS when it was
    submitted (kept on the case, never the petitioner file's), else the file's."""
    phones = [party.contact_phone for party in petition.parties.select_related("petitioner")]
    return [phone for phone in phones if phone]


def portal_lookup(*, query_code: str, phone_last4: str, client: str) -> int:
    """The case's id when the pair is right; refuses otherwise, counting the wrong try."""
    code = normalize_code(query_code)
    digits = re.sub(r"\D", "", phone_last4 or "")
    if not code:
        raise ApplicationError("请填写查询码。", code="query_code_required", field="query_code")
    if len(digits) != 4:
        raise ApplicationError(
            "请填写登记时所留手机号的后四位数字。", code="phone_last4_required", field="phone_last4"
        )
    code_key = throttle.key_of("code", code)
    client_key = throttle.key_of("client", client)
    _locked(code_key, client_key)
    petition = Petition.objects.filter(query_code=code).first() if len(code) <= 12 else None
    phones = _phones(petition) if petition is not None else []
    if petition is None or not any(hmac.compare_digest(p[-4:], digits) for p in phones):
        throttle.hit(AttemptKind.LOOKUP_CODE, code_key)
        throttle.hit(AttemptKind.LOOKUP_CLIENT, client_key)
        raise ApplicationError(WRONG, code="lookup_wrong")
    return petition.pk


SENT = (
    "如查询码正确，验证码已发送到该事项登记的手机号，10分钟内有效。没有收到的，请核对查询码，"
    "或改用手机号后四位查询。"
)


def _mobile_of(petition: Petition | None) -> str:
    for phone in _phones(petition) if petition is not None else []:
        if len(phone) == 11 and phone.startswith("1"):
            return phone
    return ""


def portal_lookup_send_code(*, query_code: str, client: str) -> str:
    """Text a code to the mobile number on the case. The answer is the same sentence whether or
    not the code names a case (no enumeration); a code that names none counts as a wrong try."""
    code = normalize_code(query_code)
    if not code:
        raise ApplicationError("请填写查询码。", code="query_code_required", field="query_code")
    code_key = throttle.key_of("code", code)
    client_key = throttle.key_of("client", client)
    _locked(code_key, client_key)
    petition = Petition.objects.filter(query_code=code).first() if len(code) <= 12 else None
    phone = _mobile_of(petition)
    if not phone:
        throttle.hit(AttemptKind.LOOKUP_CODE, code_key)
        throttle.hit(AttemptKind.LOOKUP_CLIENT, client_key)
        return SENT
    sms_code_send(phone=phone, purpose=CodePurpose.LOOKUP, client=client)
    return SENT


def portal_lookup_by_sms(*, query_code: str, sms_code: str, client: str) -> int:
    """The case's id when the SMS code sent to its phone is right; a wrong one counts against the
    query code and the client like a wrong pair of digits."""
    code = normalize_code(query_code)
    code_key = throttle.key_of("code", code or "-")
    client_key = throttle.key_of("client", client)
    _locked(code_key, client_key)
    petition = Petition.objects.filter(query_code=code).first() if 0 < len(code) <= 12 else None
    phone = _mobile_of(petition)
    try:
        if not phone:
            raise ApplicationError(WRONG, code="lookup_wrong")
        sms_code_verify(phone=phone, purpose=CodePurpose.LOOKUP, code=sms_code)
    except ApplicationError as exc:
        throttle.hit(AttemptKind.LOOKUP_CODE, code_key)
        throttle.hit(AttemptKind.LOOKUP_CLIENT, client_key)
        raise ApplicationError(exc.message, code=exc.code, field="sms_code") from exc
    assert petition is not None  # noqa: S101 - a phone was found on it
    return petition.pk
