"""Portal demo data for 清河县 (after the petitions demo; idempotent): three petitions submitted
online — one just submitted, one being handled, one answered a few days ago that can be rated and
taken to review — and the query codes to try, printed with the phone's last four digits together
with the petitions demo's cases at other stages (any case's query code works on the portal)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from huajie.common.timeline import EventSource, event_source
from huajie.documents.services import document_issue
from huajie.orgs.models import Region, Unit, User
from huajie.petitions import services as s
from huajie.petitions.models import Petition

from .models import Submission
from .services.account import portal_account
from .services.submit import PortalSubmission, portal_submit

PHONE = "13907318866"
CASES = [  # (days ago, stage, title, content)
    (
        0,
        "registered",
        "白沙村通村公路路灯损坏",
        "白沙村通往镇上的公路有六盏路灯坏了两个月，晚上学生放学路上很黑，请求尽快维修。",
    ),
    (
        20,
        "handling",
        "石门村小学门口大货车超速",
        "石门村小学门口每天早上有运砂石的大货车高速通过，孩子上学很危险，建议设置减速带和限速标志。",
    ),
    (
        40,
        "replied",
        "东门社区老旧小区加装电梯补贴",
        "东门社区5栋居民已签字同意加装电梯，申请补贴半年没有答复，请求告知办理进度和补贴标准。",
    ),
]


def seed(stdout: Any) -> None:
    office = Unit.objects.filter(code="QHX-XFJ").first()
    staff = {
        u.username: u for u in User.objects.filter(username__in=["clerk", "handler", "leader"])
    }
    if office is None or len(staff) < 3:
        return
    if not Submission.objects.exists():
        for ago, stage, title, content in CASES:
            _case(office, staff, ago, stage, title, content)
    _print(stdout)


@transaction.atomic
def _case(
    office: Unit, staff: dict[str, User], ago: int, stage: str, title: str, content: str
) -> None:
    region = Region.objects.filter(level="village").order_by("code").first()
    data = PortalSubmission(
        unit=office,
        petition_class="suggestion" if stage == "handling" else "complaint",
        title=title,
        content=content,
        phone=PHONE,
        consent=True,
        name="何美华",
        id_number="110105198503120047",
        region=region,
    )
    if ago == 0:
        portal_submit(data=data, client="demo")
        return
    today = timezone.localdate()
    received = today - timedelta(days=ago)
    with event_source(EventSource.PORTAL):
        p = s.petition_register(
            unit=office,
            data=s.RegistrationInput(
                channel="online",
                petition_class=data.petition_class,
                title=title,
                content=content,
                received_on=received,
                petitioners=[
                    s.PetitionerInput(name="何美华", id_number=data.id_number, phone=PHONE)
                ],
                region=region,
            ),
            acting_user=portal_account(),
        )
    Submission.objects.create(petition=p, received_at=timezone.now() - timedelta(days=ago))
    clerk, handler, leader = staff["clerk"], staff["handler"], staff["leader"]
    accepted = received + timedelta(days=2)
    s.petition_accept(petition=p, acting_user=clerk, expected_version=p.version, on=accepted)
    s.petition_assign(
        petition=p,
        acting_user=clerk,
        expected_version=p.version,
        handling_unit=Unit.objects.get(code="QHX-ZJJ"),
        responsible_leader=leader,
        handler=handler,
        on=accepted,
    )
    s.petition_start_handling(
        petition=p, acting_user=handler, expected_version=p.version, on=accepted
    )
    s.petition_add_note(
        petition=p,
        acting_user=handler,
        expected_version=p.version,
        kind="note",
        text="已与社区核实：5栋补贴申请材料齐全，待住建局审批。",
    )
    if stage != "replied":
        return
    replied = today - timedelta(days=5)
    s.petition_reply(
        petition=p,
        acting_user=handler,
        expected_version=p.version,
        request="请求告知加装电梯补贴办理进度和标准",
        facts="经核实，5栋加装电梯申请材料齐全，已列入本年度第二批补贴计划。",
        reasons="按照县老旧小区加装电梯补贴办法，每台补贴15万元，验收合格后拨付。",
        decision="explain",
        legal_basis="《清河县既有住宅加装电梯补贴办法》第八条",
        on=replied,
    )
    document_issue(target="petition", pk=p.pk, kind="reply", acting_user=handler)


def _print(stdout: Any) -> None:
    stdout.write("  网上信访 /portal/ 演示查询码（查询码 + 手机号后四位）：")
    online = Petition.objects.filter(portal_submission__isnull=False).order_by("received_on")
    rows = [(p, PHONE[-4:]) for p in online]
    for stage in ("under_review", "not_accepted", "closed"):
        other = (
            Petition.objects.filter(status=stage, portal_submission__isnull=True)
            .prefetch_related("parties__petitioner")
            .first()
        )
        if other is not None:
            phones = [x.contact_phone for x in other.parties.all() if x.contact_phone]
            if phones:
                rows.append((other, phones[0][-4:]))
    for p, digits in rows:
        stdout.write(f"    {p.query_code}  {digits}  {p.get_status_display()}：{p.title}")
    stdout.write(f"  网上提交演示手机号 {PHONE}，短信验证码写在 var/portal-sms.log。")
