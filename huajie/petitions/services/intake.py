"""Registration (登记) from every channel: validation, numbering, petitioners, first clocks.

Registration number: `<unit code>-<year>-<5-digit sequence>`, e.g. `QHX-XFJ-2026-00017`, unique
per unit per year, drawn from the unit's counter (`common.counters`) so two clerks never get the
same number.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from huajie.common.counters import counter_next
from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.common.text import search_tokens
from huajie.common.timeline import current_source
from huajie.orgs.models import Region, RoleCode, Unit, User

from ..extensions import registration_extensions
from ..models import (
    MAX_REPRESENTATIVES,
    Category,
    Channel,
    ClockKind,
    EventKind,
    Petition,
    PetitionClass,
    PetitionClock,
    PetitionerEvent,
    PetitionerEventKind,
    PetitionParty,
)
from ..states import Status
from .clocks import first_clocks, running_staff_due
from .events import event_add
from .petitioners import PetitionerInput, petitioner_for

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


@dataclass
class RegistrationInput:
    channel: str
    petition_class: str
    title: str
    content: str
    received_on: date
    petitioners: list[PetitionerInput] = field(default_factory=list)
    is_group: bool = False
    headcount: int = 1
    category: Category | None = None
    region: Region | None = None
    place: str = ""
    higher_ref_no: str = ""
    higher_ref_date: date | None = None
    higher_source: str = ""
    # 检举控告类: the unit of the person or body accused (被反映单位).
    accused_unit: Unit | None = None
    # 历史导入: an old ledger's row kept as a closed record (no clocks, never overdue, no
    # reminders, not in on-time statistics), registered as closed on the date received.
    history: bool = False
    # 匿名: an anonymous letter or online accusation, without any petitioner.
    anonymous: bool = False
    # What other apps' fragments of the form posted (`x_…`), for their registration extensions.
    extras: dict[str, str] = field(default_factory=dict)


# Channels a person can use without giving a name: letters and written or online messages, and a
# call. A visitor stands at the desk, and an item from a higher level names its petitioner there.
ANONYMOUS_CHANNELS = frozenset(
    {Channel.LETTER, Channel.ONLINE, Channel.EMAIL, Channel.FAX, Channel.PHONE}
)


def _fail(message: str, code: str, field_name: str | None = None) -> ApplicationError:
    return ApplicationError(message, code=code, field=field_name)


def _validate(data: RegistrationInput, today: date) -> None:
    if data.channel not in Channel.values:
        raise _fail(
            "请选择信访形式（来访、来信、来电、网上、传真、电子邮件或上级交办）。",
            "invalid_channel",
            "channel",
        )
    if data.petition_class not in PetitionClass.values:
        raise _fail(
            "请选择信访类别：建议意见类、检举控告类或申诉求决类。",
            "invalid_class",
            "petition_class",
        )
    if not data.title.strip():
        raise _fail("请填写事项摘要（一句话概括诉求）。", "title_required", "title")
    if not data.content.strip():
        raise _fail("请填写信访内容。", "content_required", "content")
    if data.received_on > today:
        raise _fail("收到日期不能晚于今天，请核对。", "received_in_future", "received_on")
    if data.anonymous:
        _validate_anonymous(data)
    elif not data.petitioners or not any(p.name.strip() for p in data.petitioners):
        raise _fail(
            "请至少登记一名信访人的姓名；匿名来信或网上匿名举报请勾选“匿名”。",
            "petitioner_required",
            "petitioners",
        )
    reps = sum(1 for p in data.petitioners if p.is_representative)
    if reps > MAX_REPRESENTATIVES:
        raise _fail(
            f"集体访推选的代表不得超过{MAX_REPRESENTATIVES}人（《信访工作条例》第二十条），"
            f"当前为{reps}人，请减少代表。",
            "too_many_representatives",
            "petitioners",
        )
    if data.is_group:
        if data.headcount < 2:
            raise _fail("集体访人数应不少于2人，请填写来访人数。", "group_headcount", "headcount")
        if data.channel == Channel.VISIT and reps == 0:
            raise _fail(
                "集体来访应登记推选的代表（1–5人），请勾选代表。",
                "representative_required",
                "petitioners",
            )
    elif data.headcount < 1:
        raise _fail("人数应至少为1。", "headcount", "headcount")
    if data.channel == Channel.HIGHER and not (data.higher_ref_no.strip() and data.higher_ref_date):
        raise _fail(
            "上级交办的事项须填写交办文号和交办日期。", "higher_ref_required", "higher_ref_no"
        )


def _validate_anonymous(data: RegistrationInput) -> None:
    if data.channel not in ANONYMOUS_CHANNELS:
        raise _fail(
            "来访和上级交办的事项须登记信访人，不能作为匿名件登记。",
            "anonymous_channel",
            "anonymous",
        )
    if any(p.name.strip() or p.id_number.strip() or p.phone.strip() for p in data.petitioners):
        raise _fail(
            "已勾选“匿名”：请删去信访人的姓名和联系方式，或取消“匿名”。",
            "anonymous_with_petitioner",
            "petitioners",
        )
    if data.is_group:
        raise _fail("匿名件不能登记为集体访，请取消“集体访”。", "anonymous_group", "is_group")


def registration_counter(unit_id: int) -> str:
    """The counter scope of a unit's registration numbers."""
    return f"petitions.registration.{unit_id}"


def _next_number(unit: Unit, year: int) -> tuple[int, str]:
    """Draw the unit's next number: one statement that also locks the counter row until commit,
    so two clerks never get the same number and a rolled-back registration gives its number back."""
    seq = counter_next(key=registration_counter(unit.pk), year=year)
    return seq, f"{unit.code.upper()}-{year}-{seq:05d}"


def _query_code() -> str:
    while True:
        code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))
        if not Petition.objects.filter(query_code=code).exists():
            return code


@transaction.atomic
def petition_register(*, unit: Unit, data: RegistrationInput, acting_user: User) -> Petition:
    """Register an item from any channel. All or nothing: a refused field leaves no record."""
    if not acting_user.has_role(RoleCode.CLERK, RoleCode.LEADER) or (
        not acting_user.is_superuser and acting_user.unit_id != unit.pk
    ):
        raise PermissionDenied("只有本单位的登记人员或领导可以登记信访事项。")
    today = timezone.localdate()
    _validate(data, today)
    people = [] if data.anonymous else [p for p in data.petitioners if p.name.strip()]
    # Validates every ID and phone (and asks about a changed name) before numbering.
    found = [petitioner_for(p, row) for row, p in enumerate(people)]
    parties = [f.person for f in found]
    if len({p.pk for p in parties}) != len(parties):
        raise _fail(
            "同一信访人被重复登记，请删去重复的一行。", "duplicate_petitioner", "petitioners"
        )
    # What does not need the number is computed before it is drawn: the counter row stays
    # locked until commit, so the less work after the draw, the less clerks wait on each other.
    # After it: one insert per table and the commit.
    title, content = data.title.strip(), data.content.strip()
    query_code = _query_code()
    tokens = search_tokens(data.title, data.content)
    extensions = registration_extensions(title=title, content=content, extras=data.extras)
    # An anonymous item has nobody to send the 受理告知书 to: no acceptance-notice clock.
    kinds = [ClockKind.ROUTE] if data.anonymous else [ClockKind.ROUTE, ClockKind.ACCEPTANCE_NOTICE]
    clocks = [] if data.history else first_clocks(kinds=kinds, start=data.received_on)
    seq, reg_no = _next_number(unit, data.received_on.year)
    petition = Petition.objects.create(
        unit=unit,
        reg_no=reg_no,
        reg_year=data.received_on.year,
        reg_seq=seq,
        query_code=query_code,
        channel=data.channel,
        petition_class=data.petition_class,
        category=data.category,
        region=data.region,
        place=data.place.strip(),
        accused_unit=data.accused_unit if data.petition_class == PetitionClass.ACCUSATION else None,
        title=title,
        content=content,
        received_on=data.received_on,
        registered_by=acting_user,
        is_group=data.is_group,
        headcount=max(data.headcount, len(parties)),
        higher_ref_no=data.higher_ref_no.strip(),
        higher_ref_date=data.higher_ref_date,
        higher_source=data.higher_source.strip(),
        status=Status.CLOSED if data.history else Status.REGISTERED,
        closed_on=data.received_on if data.history else None,
        is_history=data.history,
        is_anonymous=data.anonymous,
        source=current_source(),
        search_tokens=tokens,
        next_due=running_staff_due(clocks),
    )
    slot = 0
    rows = []
    for order, (item, source) in enumerate(zip(found, people, strict=True)):
        if source.is_representative:
            slot += 1
        rows.append(
            PetitionParty(
                petition=petition,
                petitioner=item.person,
                order=order,
                representative_slot=slot if source.is_representative else None,
                **item.given,
            )
        )
    PetitionParty.objects.bulk_create(rows)
    for clock in clocks:
        clock.petition = petition
    PetitionClock.objects.bulk_create(clocks)
    for store in extensions:
        store(petition)
    text = f"登记为 {reg_no}（{petition.get_channel_display()}，"
    text += f"{petition.get_petition_class_display()}）"
    if data.history:
        text += "。历史导入：作为已办结的历史记录导入，不计办理时限，不催办，不计入按期办结统计"
    if data.anonymous:
        text += "。匿名：未留姓名和联系方式，无法送达书面告知"
    renames = [(f.person, f.old_name) for f in found if f.old_name]
    for person, old in renames:
        text += f"。信访人“{old}”经确认更名为“{person.name}”（身份证号相同）"
    event_add(
        petition=petition,
        kind=EventKind.REGISTERED,
        actor=acting_user,
        to_status=petition.status,
        text=text,
    )
    for person, old in renames:
        PetitionerEvent.objects.create(
            petitioner=person,
            petition=petition,
            kind=PetitionerEventKind.RENAMED,
            actor=acting_user,
            changes={"name": [old, person.name]},
            text=f"姓名由“{old}”更正为“{person.name}”（身份证号相同，登记{reg_no}时确认）",
        )
    return petition
