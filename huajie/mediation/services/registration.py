"""Registering a dispute (纠纷登记): validation, numbering, parties, the intake link.

Number: `<unit code>-<year>-<5-digit sequence>` of the registering unit (`common.counters`), e.g.
`QHX-CGZ-TJW-2026-00003`; it stays with the dispute when it moves up the ladder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from huajie.common import intake
from huajie.common.counters import counter_next
from huajie.common.crypto import blind_index
from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.common.identity import normalize_id_number, normalize_phone
from huajie.notices.services import notice_send
from huajie.orgs.models import Region, Unit, UnitKind, User

from ..models import (
    Agreement,
    AgreementForm,
    Dispute,
    DisputeClass,
    DisputeType,
    EventKind,
    Gender,
    Level,
    Party,
    PartyKind,
    Procedure,
    ScreeningRound,
    Side,
    Source,
)
from ..rules import may_register, within
from ..states import Status
from .workflow import check_day, event_add, required_text, tell_source

MAX_PARTIES = 30


@dataclass
class PartyInput:
    side: str
    name: str
    kind: str = PartyKind.PERSON
    id_number: str = ""
    phone: str = ""
    address: str = ""
    org_code: str = ""
    representative: str = ""
    gender: str = ""
    birth_date: date | None = None
    ethnicity: str = ""
    occupation: str = ""
    representative_title: str = ""


def from_id_number(number: str) -> tuple[str, date | None]:
    """Gender and birth date as a valid resident ID number states them (GB 11643-1999: digits
    7–14 the birth date, digit 17 odd for a man)."""
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "", None
    return (Gender.MALE if int(number[16]) % 2 else Gender.FEMALE), born


def party_details(party: Party, data: PartyInput, where: str) -> None:
    """Set the basic details of a person (or an organisation's representative's post)."""
    if data.gender and data.gender not in Gender.values:
        raise ApplicationError(f"{where}的性别只能是男或女。", code="party_gender", field="parties")
    if (
        data.birth_date is not None
        and not date(1900, 1, 1) <= data.birth_date <= timezone.localdate()
    ):
        raise ApplicationError(
            f"{where}的出生日期不正确，请按 1962-03-07 的格式填写。", field="parties"
        )
    party.gender = data.gender or party.gender
    party.birth_date = data.birth_date or party.birth_date
    if (
        party.kind == PartyKind.PERSON
        and party.id_number
        and not (party.gender and party.birth_date)
    ):
        gender, born = from_id_number(party.id_number)
        party.gender, party.birth_date = party.gender or gender, party.birth_date or born
    for name in ("ethnicity", "occupation", "representative_title"):
        value = (getattr(data, name) or "").strip()
        if value:
            setattr(party, name, value[: Party._meta.get_field(name).max_length])  # type: ignore[union-attr]


@dataclass
class DisputeInput:
    title: str
    summary: str
    dispute_type: DisputeType | None
    dispute_class: int | None
    source: str
    procedure: str
    received_on: date | None
    parties: list[PartyInput] = field(default_factory=list)
    unit: Unit | None = None  # the committee; the user's own unit when None
    class_reason: str = ""
    source_note: str = ""
    region: Region | None = None
    place: str = ""
    risk_note: str = ""
    mediator: User | None = None
    co_mediators: str = ""
    screening_round: ScreeningRound | None = None
    outcome: str = ""  # the simple procedure: what was agreed on the spot


def level_of(unit: Unit) -> str:
    if unit.kind == UnitKind.VILLAGE:
        return Level.VILLAGE
    if unit.kind in (UnitKind.MEDIATION, UnitKind.TOWN):
        return Level.TOWN
    return Level.COUNTY


def _party(index: int, data: PartyInput) -> Party:
    where = f"第{index}位当事人"
    name = (data.name or "").strip()
    if not name:
        raise ApplicationError(
            f"{where}没有填写姓名或名称，请补全后再登记。",
            code="party_name_required",
            field="parties",
        )
    if data.side not in Side.values:
        raise ApplicationError(
            f"请选择{where}（{name}）属于申请方还是被申请方。", code="party_side", field="parties"
        )
    if data.kind not in PartyKind.values:
        raise ApplicationError(
            f"请选择{where}（{name}）是自然人还是组织。", code="party_kind", field="parties"
        )
    party = Party(
        side=data.side,
        kind=data.kind,
        name=name,
        order=index,
        address=(data.address or "").strip(),
        representative=data.representative or "",
        org_code=(data.org_code or "").strip().upper(),
    )
    try:
        if data.id_number and data.kind == PartyKind.PERSON:
            party.id_number = normalize_id_number(data.id_number)
            party.id_index = blind_index(party.id_number, purpose="id_number")
        if data.phone:
            party.phone = normalize_phone(data.phone)
    except ApplicationError as exc:
        raise ApplicationError(
            f"{where}（{name}）：{exc.message}", code=exc.code, field="parties"
        ) from exc
    party_details(party, data, f"{where}（{name}）")
    return party  # fmt: skip


def _parties(inputs: list[PartyInput]) -> list[Party]:
    if len(inputs) > MAX_PARTIES:
        raise ApplicationError(f"一件纠纷最多登记{MAX_PARTIES}名当事人。", field="parties")
    parties = [_party(i, p) for i, p in enumerate(inputs, 1)]
    sides = {p.side for p in parties}
    if Side.APPLICANT not in sides or Side.RESPONDENT not in sides:
        raise ApplicationError(
            "纠纷双方都要登记：请至少填写一名申请方和一名被申请方当事人。",
            code="parties_both_sides",
            field="parties",
        )
    return parties


def _unit(data: DisputeInput, user: User) -> Unit:
    unit = data.unit or user.unit
    if unit is None:
        raise PermissionDenied("您的账号未关联单位，不能登记纠纷。请联系管理员。")
    if not user.is_superuser and not within(unit, user.unit):
        raise PermissionDenied("只能登记到本单位或下级调解组织。请重新选择调解组织。")
    return unit


def _validate(data: DisputeInput) -> None:
    required_text(data.title, "请填写纠纷摘要（一句话说明什么纠纷）。", "title")
    required_text(data.summary, "请填写纠纷简要情况。", "summary")
    if data.dispute_type is None:
        raise ApplicationError("请选择纠纷类型。", code="type_required", field="dispute_type")
    if data.dispute_class not in DisputeClass.values:
        raise ApplicationError(
            "请选择纠纷等级（一类、二类或三类）。", code="class_required", field="dispute_class"
        )
    if data.source not in Source.values:
        raise ApplicationError("请选择纠纷来源。", code="source_required", field="source")
    if data.procedure not in Procedure.values:
        raise ApplicationError("请选择简易程序或一般程序。", code="procedure", field="procedure")
    if data.received_on is None:
        raise ApplicationError(
            "请填写发现（申请）日期。", code="date_required", field="received_on"
        )
    check_day(data.received_on, field="received_on")
    if data.procedure == Procedure.SIMPLE:
        required_text(data.outcome, "简易程序当场化解的，请填写当场达成的调解结果。", "outcome")


@transaction.atomic
def dispute_register(*, data: DisputeInput, acting_user: User, intake_token: str = "") -> Dispute:
    """Register a dispute. Under the simple procedure it is registered already settled on the
    spot (当场化解, an oral agreement); otherwise it waits for the committee to accept it."""
    if not may_register(acting_user):
        raise PermissionDenied("只有人民调解员或领导可以登记矛盾纠纷。")
    _validate(data)
    unit = _unit(data, acting_user)
    found_in = data.screening_round
    if found_in is not None and not (within(unit, found_in.unit) or within(found_in.unit, unit)):
        raise ApplicationError(
            f"这期排查报告是{found_in.unit.name}的，不能把{unit.name}登记的纠纷列入其中。",
            code="round_not_here", field="unit",
        )  # fmt: skip
    parties = _parties(data.parties)
    assert data.received_on is not None and data.dispute_class is not None  # noqa: S101
    year = data.received_on.year
    seq = counter_next(key=f"mediation.dispute.{unit.pk}", year=year)
    simple = data.procedure == Procedure.SIMPLE
    dispute = Dispute.objects.create(
        unit=unit,
        origin_unit=unit,
        level=level_of(unit),
        reg_no=f"{unit.code}-{year}-{seq:05d}",
        reg_year=year,
        reg_seq=seq,
        title=data.title.strip(),
        summary=data.summary.strip(),
        dispute_type=data.dispute_type,  # type: ignore[misc]  # checked by _validate
        region=data.region,
        place=data.place.strip(),
        dispute_class=data.dispute_class,
        class_reason=data.class_reason.strip(),
        source=data.source,
        source_note=data.source_note.strip(),
        screening_round=data.screening_round,
        procedure=data.procedure,
        risk_note=data.risk_note.strip(),
        received_on=data.received_on,
        registered_by=acting_user,
        mediator=data.mediator or (acting_user if simple else None),
        co_mediators=data.co_mediators.strip(),
        status=Status.SETTLED if simple else Status.REGISTERED,
        accepted_on=data.received_on if simple else None,
        ended_on=data.received_on if simple else None,
        agreement_form=AgreementForm.ORAL if simple else "",
        agreement_on=data.received_on if simple else None,
    )
    for party in parties:
        party.dispute = dispute
    Party.objects.bulk_create(parties)
    if simple:
        Agreement.objects.create(
            dispute=dispute,
            form=AgreementForm.ORAL,
            terms=data.outcome.strip(),
            reached_on=data.received_on,
            signed_on=data.received_on,
            drafted_by=acting_user,
        )
    if data.screening_round is not None:
        data.screening_round.disputes.add(dispute)
    text = f"登记纠纷 {dispute.reg_no}（{dispute.get_procedure_display()}）"
    if intake_token:
        draft = intake.intake_draft(intake_token, acting_user)
        dispute.intake_label = str(draft.label)[:200]
        dispute.intake_source = intake_token[:100]
        Dispute.objects.filter(pk=dispute.pk).update(
            intake_label=dispute.intake_label, intake_source=dispute.intake_source
        )
        text += f"，转自{dispute.intake_label}"
        intake.intake_done(intake_token, acting_user, "dispute", dispute)
    event_add(dispute=dispute, kind=EventKind.REGISTERED, actor=acting_user, text=text)
    if simple and intake_token:
        tell_source(dispute, acting_user, f"当场调解达成口头协议：{data.outcome.strip()[:100]}")
    if dispute.mediator_id and dispute.mediator != acting_user and not simple:
        url = reverse("mediation:detail", args=[dispute.pk])
        notice_send(
            recipients=[dispute.mediator],
            message=f"请您主持调解纠纷 {dispute.reg_no}：{dispute.title}",
            target=dispute,
            url=url,
            actor=acting_user,
        )
    return dispute
