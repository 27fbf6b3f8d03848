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
from huajie.common.crypto import blind_index
from huajie.common.errors import ApplicationError, PermissionDenied
from huajie.common.identity import normalize_id_number, normalize_phone
from huajie.common.text import search_tokens
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
    Petitioner,
    PetitionerEvent,
    PetitionerEventKind,
    PetitionParty,
)
from ..states import Status
from .clocks import first_clocks, running_staff_due
from .events import event_add

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


@dataclass
class PetitionerInput:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    is_representative: bool = False
    # The ID number is already registered under another name and the clerk has confirmed that
    # this is the same person under a new name (item of the person's own history).
    rename_confirmed: bool = False


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


def petitioner_known(id_number: str) -> Petitioner | None:
    """The person already registered under this (valid, normalised) ID number, found through
    the blind index: the oldest record. Not `.first()`: its ORDER BY id makes PostgreSQL walk the
    primary key past every petitioner instead of using the id_index index (50 ms at 100k)."""
    index = blind_index(id_number, purpose="id_number")
    known = list(Petitioner.objects.filter(id_index=index))
    return min(known, key=lambda p: p.pk) if known else None


def name_differs_error(person: Petitioner, name: str, row: int) -> ApplicationError:
    """The same ID number under another name: show the person on record and ask."""
    return _fail(
        f"第{row + 1}位信访人的身份证号已登记为“{person.name}”，与填写的“{name}”不同。"
        f"如为同一人且已更名，请勾选“确认更名”；如姓名或身份证号填错，请改正。",
        "petitioner_name_differs",
        f"petitioners[{row}].name",
    )


def _id_and_phone(data: PetitionerInput, row: int) -> tuple[str, str]:
    try:
        id_number = normalize_id_number(data.id_number) if data.id_number.strip() else ""
        phone = normalize_phone(data.phone) if data.phone.strip() else ""
    except ApplicationError as exc:
        part = "id_number" if exc.code == "invalid_id_number" else "phone"
        raise _fail(exc.message, exc.code, f"petitioners[{row}].{part}") from exc
    return id_number, phone


def _petitioner(data: PetitionerInput, row: int) -> tuple[Petitioner, str]:
    """The petitioner of one row and, when the clerk confirmed a new name, the old one."""
    id_number, phone = _id_and_phone(data, row)
    name = data.name.strip()
    person = petitioner_known(id_number) if id_number else None
    if person is None:
        created = Petitioner.objects.create(
            name=name,
            id_number=id_number,
            id_index=blind_index(id_number, purpose="id_number") if id_number else "",
            phone=phone,
            phone_index=phone_index(phone),
            address=data.address.strip(),
        )
        return created, ""
    old_name = person.name
    if name != old_name and not data.rename_confirmed:
        raise name_differs_error(person, name, row)
    changed = []
    for attr, value in (("name", name), ("phone", phone), ("address", data.address.strip())):
        if value and getattr(person, attr) != value:
            setattr(person, attr, value)
            changed.append(attr)
    if "phone" in changed:
        person.phone_index = phone_index(phone)
        changed.append("phone_index")
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
    return person, old_name if "name" in changed else ""


def phone_index(phone: str) -> str:
    """The blind index of a normalised phone number ("" for none)."""
    return blind_index(phone, purpose="phone") if phone else ""


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
    found = [_petitioner(p, row) for row, p in enumerate(people)]
    parties = [person for person, _ in found]
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
        search_tokens=tokens,
        next_due=running_staff_due(clocks),
    )
    slot = 0
    rows = []
    for order, (person, source) in enumerate(zip(parties, people, strict=True)):
        if source.is_representative:
            slot += 1
        rows.append(
            PetitionParty(
                petition=petition,
                petitioner=person,
                order=order,
                representative_slot=slot if source.is_representative else None,
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
    renames = [(person, old) for person, old in found if old]
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
