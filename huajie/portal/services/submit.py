"""Submitting a petition online: checked in full before anything is written, then registered
through petitions' own service as channel 网上 (online) into the chosen unit's intake, with the
attachments, in one transaction; the registration number and the query code go back on the
screen and by SMS (after commit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from huajie.common.errors import ApplicationError
from huajie.common.identity import normalize_id_number
from huajie.common.timeline import EventSource, event_source
from huajie.common.uploads import check_upload
from huajie.notices.services import notice_send
from huajie.orgs.models import Region, RoleCode, Unit, User
from huajie.petitions.models import Category, Channel, PetitionClass
from huajie.petitions.services import (
    PetitionerInput,
    RegistrationInput,
    petition_attach,
    petition_register,
)

from .. import conf
from ..models import AttemptKind, Submission
from ..sms import Sms, send_after_commit
from . import throttle
from .account import portal_account
from .codes import phone_key

MAX_FILES = 5
ANONYMOUS = "未留姓名"


@dataclass
class PortalSubmission:
    unit: Unit | None
    petition_class: str
    title: str
    content: str
    phone: str  # verified by an SMS code before this is built
    consent: bool
    category: Category | None = None
    region: Region | None = None
    place: str = ""
    name: str = ""
    id_number: str = ""
    address: str = ""
    files: list[UploadedFile] = field(default_factory=list)


@dataclass(frozen=True)
class Receipt:
    petition_id: int
    reg_no: str
    query_code: str
    unit_name: str
    received_at: datetime


def intake_units() -> list[Unit]:
    """The units a petitioner may write to (settings.PORTAL_INTAKE_UNIT_KINDS), in tree order."""
    return list(Unit.objects.filter(kind__in=conf.intake_unit_kinds(), is_active=True))


def takes_petitions(unit: Unit | None) -> bool:
    """The unit is one of `intake_units()` (read from the row itself, no query)."""
    return unit is not None and unit.is_active and unit.kind in conf.intake_unit_kinds()


def _fail(message: str, code: str, field_name: str | None = None) -> ApplicationError:
    return ApplicationError(message, code=code, field=field_name)


class FormInvalid(ApplicationError):
    """Every refused field of the form at once (`errors`: field → sentence), so a petitioner on a
    phone corrects them in one go; the message is the first of them."""

    code = "form_invalid"

    def __init__(self, problems: list[ApplicationError]):
        first = problems[0]
        super().__init__(first.message, code=first.code, field=first.field)
        self.errors: dict[str, str] = {}
        for problem in problems:
            self.errors.setdefault(problem.field or "__all__", problem.message)


def _problems(data: PortalSubmission) -> list[ApplicationError]:
    found: list[ApplicationError] = []

    def fail(message: str, code: str, field_name: str) -> None:
        found.append(_fail(message, code, field_name))

    if not takes_petitions(data.unit):
        fail("请选择受理您信访事项的机构。", "unit_required", "unit")
    if data.petition_class not in PetitionClass.values:
        fail(
            "请选择信访类别：建议意见类、检举控告类或申诉求决类。",
            "class_required",
            "petition_class",
        )
    if not data.title.strip():
        fail("请用一句话写明您的诉求（事项摘要）。", "title_required", "title")
    elif len(data.title.strip()) > 100:
        fail("事项摘要请控制在100字以内，详细情况写在信访内容中。", "title_long", "title")
    if len(data.content.strip()) < 10:
        fail(
            "请写明信访内容：发生了什么、在哪里、您希望怎样解决（至少10个字）。",
            "content_required",
            "content",
        )
    if conf.identity_required() and not data.name.strip():
        fail("请填写您的真实姓名。", "name_required", "name")
    if conf.identity_required() and not data.id_number.strip():
        fail("请填写您的身份证号码。", "id_required", "id_number")
    elif data.id_number.strip():
        try:
            normalize_id_number(data.id_number)
        except ApplicationError as exc:
            fail(exc.message, exc.code, "id_number")
    if len(data.files) > MAX_FILES:
        fail(f"附件最多{MAX_FILES}个，请合并或删去一些。", "too_many_files", "files")
    if not data.consent:
        fail(
            "请阅读个人信息处理说明并勾选同意，我们才能受理您的信访事项。",
            "consent_required",
            "consent",
        )
    return found


def _validate(data: PortalSubmission) -> None:
    problems = _problems(data)
    if problems:
        raise FormInvalid(problems)


def _check_limits(phone_index: str, client_key: str) -> None:
    limits = conf.submit_limits()
    phone_over, client_over = throttle.over_many(
        (AttemptKind.SUBMIT_PHONE, phone_index, limits["phone"]),
        (AttemptKind.SUBMIT_CLIENT, client_key, limits["client"]),
    )
    if phone_over:
        raise throttle.RateLimited(
            "该手机号今天提交的信访事项已达上限。如有新的情况，请在已提交事项办理中补充，"
            "或明天再提交。"
        )
    if client_over:
        raise throttle.RateLimited(
            f"提交过于频繁，请{throttle.wait_words(limits['client'].window)}后再试。"
        )


def _clerks(unit: Unit) -> list[User]:
    return list(
        User.objects.filter(
            unit=unit, is_active=True, roles__code__in=[RoleCode.CLERK, RoleCode.LEADER]
        ).distinct()
    )


def portal_submit(*, data: PortalSubmission, client: str) -> Receipt:
    """Register the petition. Refuses with a sentence, saving nothing, when a field is missing,
    a file is not an accepted kind or too large, or a limit is reached."""
    _validate(data)
    for upload in data.files:
        check_upload(upload, field="files")  # by content, before anything is written
    phone_index = phone_key(data.phone)
    client_key = throttle.key_of("client", client)
    _check_limits(phone_index, client_key)
    account = portal_account()
    unit: Unit = data.unit  # type: ignore[assignment] # checked by _validate
    clerks = _clerks(unit)
    with transaction.atomic(), event_source(EventSource.PORTAL):
        now = timezone.now()
        # Counted first: the registration's number stays locked until commit, so what does not
        # need the case is written before it is drawn.
        throttle.hit_many(
            (AttemptKind.SUBMIT_PHONE, phone_index), (AttemptKind.SUBMIT_CLIENT, client_key)
        )
        petition = petition_register(
            unit=unit,
            data=RegistrationInput(
                channel=Channel.ONLINE,
                petition_class=data.petition_class,
                title=data.title.strip(),
                content=data.content.strip(),
                received_on=timezone.localdate(now),
                petitioners=[
                    PetitionerInput(
                        name=data.name.strip() or ANONYMOUS,
                        id_number=data.id_number.strip(),
                        phone=data.phone,
                        address=data.address.strip(),
                        # Nobody here has proved who they are: a name and an ID number never
                        # change a person's file, and a name that differs from the file is not
                        # refused (that would tell anyone whether the ID number is known). The
                        # verified phone is this case's contact, for its lookup and its SMS.
                        keep_file=True,
                    )
                ],
                category=data.category,
                region=data.region,
                place=data.place.strip(),
            ),
            acting_user=account,
        )
        for upload in data.files:
            petition_attach(petition=petition, acting_user=account, upload=upload)
        Submission.objects.create(petition=petition, received_at=now, attachments=len(data.files))
        notice_send(
            recipients=clerks,
            message=f"网上信访新件 {petition.reg_no}：{petition.title}",
            target=petition,
            url=conf.staff_case_url(petition.pk),
            actor=account,
        )
        send_after_commit(
            Sms(
                phone=data.phone,
                text=f"您的信访事项已提交{unit.name}，登记编号{petition.reg_no}，"
                f"查询码{petition.query_code}。请妥善保存查询码，凭查询码和手机号后四位"
                "可在网上信访查询办理进展。",
                purpose="receipt",
            )
        )
    return Receipt(petition.pk, petition.reg_no, petition.query_code, unit.name, now)


def receipt_of(petition_id: int) -> dict[str, Any] | None:
    """What the 'submitted' page shows again (it is read from the session's id)."""
    found = Submission.objects.select_related("petition__unit").filter(petition_id=petition_id)
    sub = found.first()
    if sub is None:
        return None
    p = sub.petition
    return {
        "reg_no": p.reg_no,
        "query_code": p.query_code,
        "unit_name": p.unit.name,
        "received_at": sub.received_at,
    }
