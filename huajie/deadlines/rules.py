"""Statutory time limits as data: `DeadlineRule`, and the defaults of the 2022 Regulations.

A rule is either a staff deadline (an organ must act by then; acting later is late) or a *window*
(`window=True`): a period during which someone may exercise an option — the petitioner's 30-day
review or re-review request (Art.35/36), the receiving organ's 5-working-day objection (Art.23),
the parties' 30-day application for judicial confirmation (《人民调解法》第三十三条). A window
lapses when it ends; it is never "late" and never counts as a staff deadline.

信访工作条例 (中共中央、国务院, effective 2022-05-01) gives limits in "日" without a counting rule.
Huajie counts "日" as calendar days and "工作日" as working days; a calendar-day limit whose last
day is a rest day moves to the next working day, as 民法典 Art.203 does for civil periods
("期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日"). Every rule is
configurable per deployment (several provinces count working days); these are the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class DayKind(StrEnum):
    """How a limit's days are counted."""

    CALENDAR = "calendar"
    WORKING = "working"

    @property
    def label(self) -> str:
        """The Chinese name shown next to a deadline."""
        return "日历日" if self is DayKind.CALENDAR else "工作日"


@dataclass(frozen=True)
class DeadlineRule:
    """One time limit: how many days, how counted, from which event, under which provision.

    `roll_forward_if_rest_day` only matters for calendar days (a working-day count always ends
    on a working day). `max_extension_days` is None when the limit cannot be extended.
    `window` is True when the limit bounds an option rather than a duty: it lapses, is never
    late, and is left out of staff deadlines (see the module docstring).
    """

    code: str
    days: int
    kind: DayKind
    source: str
    start_event: str
    roll_forward_if_rest_day: bool = True
    max_extension_days: int | None = None
    window: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DayKind(self.kind))
        if not self.code:
            raise ValueError("A deadline rule needs a code, e.g. 'petition.handling'.")
        if isinstance(self.days, bool) or not isinstance(self.days, int) or self.days < 1:
            raise ValueError(
                f"Rule {self.code}: days must be a positive integer, got {self.days!r}."
            )
        if self.max_extension_days is not None and self.max_extension_days < 1:
            raise ValueError(
                f"Rule {self.code}: max_extension_days must be positive or None, "
                f"got {self.max_extension_days!r}."
            )

    @property
    def rolls_forward(self) -> bool:
        """True if a last day falling on a rest day moves to the next working day."""
        return self.kind is DayKind.CALENDAR and self.roll_forward_if_rest_day


REGULATIONS = "《信访工作条例》"

# Art.22: 信访部门收到信访事项，应当予以登记，并区分情况，
# 在15日内分别按照下列方式处理（转送、交办等）。
PETITION_REGISTER_ROUTE = DeadlineRule(
    code="petition.register_route",
    days=15,
    kind=DayKind.CALENDAR,
    source=f"{REGULATIONS}第二十二条",
    start_event="自收到信访事项之日起",
)

# Art.23: 对转送、交办的信访事项，属于本机关职权范围的，应当自收到之日起15日内书面告知信访人
# 接收情况以及处理途径和程序（直接提出的信访事项不能当场告知的，同样15日内书面告知）。
PETITION_ACCEPTANCE_NOTICE = DeadlineRule(
    code="petition.acceptance_notice",
    days=15,
    kind=DayKind.CALENDAR,
    source=f"{REGULATIONS}第二十三条",
    start_event="自收到信访事项之日起",
)

# Art.23: 不属于本机关或者本系统职权范围的，应当自收到之日起5个工作日内提出异议，并详细说明理由。
PETITION_OBJECTION_NOT_COMPETENT = DeadlineRule(
    code="petition.objection_not_competent",
    days=5,
    kind=DayKind.WORKING,
    source=f"{REGULATIONS}第二十三条",
    start_event="自收到转送、交办的信访事项之日起",
    window=True,
)

# Art.34: 应当自受理之日起60日内办结；情况复杂的，经本机关、单位负责人批准，可以适当延长办理期限，
# 但延长期限不得超过30日，并告知信访人延期理由。
PETITION_HANDLING = DeadlineRule(
    code="petition.handling",
    days=60,
    kind=DayKind.CALENDAR,
    source=f"{REGULATIONS}第三十四条",
    start_event="自受理之日起",
    max_extension_days=30,
)

# Art.35: 信访人对信访处理意见不服的，可以自收到书面答复之日起30日内请求上一级机关、单位复查。
PETITION_REVIEW_REQUEST = DeadlineRule(
    code="petition.review_request",
    days=30,
    kind=DayKind.CALENDAR,
    source=f"{REGULATIONS}第三十五条",
    start_event="自收到书面答复之日起",
    window=True,
)

# Art.35: 收到复查请求的机关、单位应当自收到复查请求之日起30日内提出复查意见，并予以书面答复。
PETITION_REVIEW_ANSWER = DeadlineRule(
    code="petition.review_answer",
    days=30,
    kind=DayKind.CALENDAR,
    source=f"{REGULATIONS}第三十五条",
    start_event="自收到复查请求之日起",
)

# Art.36: 信访人对复查意见不服的，可以自收到书面答复之日起30日内请求上一级机关、单位复核。
PETITION_REREVIEW_REQUEST = DeadlineRule(
    code="petition.rereview_request",
    days=30,
    kind=DayKind.CALENDAR,
    source=f"{REGULATIONS}第三十六条",
    start_event="自收到书面复查意见之日起",
    window=True,
)

# Art.36: 收到复核请求的机关、单位应当自收到复核请求之日起30日内提出复核意见；
# 听证所需时间不计算在期限内（pause the clock for a hearing: see `clock_pause`）。
PETITION_REREVIEW_ANSWER = DeadlineRule(
    code="petition.rereview_answer",
    days=30,
    kind=DayKind.CALENDAR,
    source=f"{REGULATIONS}第三十六条",
    start_event="自收到复核请求之日起",
)

DEFAULT_RULES: Mapping[str, DeadlineRule] = MappingProxyType(
    {
        rule.code: rule
        for rule in (
            PETITION_REGISTER_ROUTE,
            PETITION_ACCEPTANCE_NOTICE,
            PETITION_OBJECTION_NOT_COMPETENT,
            PETITION_HANDLING,
            PETITION_REVIEW_REQUEST,
            PETITION_REVIEW_ANSWER,
            PETITION_REREVIEW_REQUEST,
            PETITION_REREVIEW_ANSWER,
        )
    }
)
"""The 2022 Regulations' limits by stable code; the codes are stored with every deadline."""
