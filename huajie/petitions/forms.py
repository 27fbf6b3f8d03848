"""Forms of the petition screens: they parse and pre-check input; the services decide.

A form never writes. Registration pre-checks each petitioner row's ID and phone number with the
same functions the service uses, so an error lands on the row that caused it.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from huajie.common.errors import ApplicationError
from huajie.common.identity import normalize_id_number, normalize_phone
from huajie.orgs.models import Region, RegionLevel, Unit, User

from .models import Category, Channel, Decision, PetitionClass, ProperChannel, Satisfaction
from .selectors import LedgerFilters
from .services import PetitionerInput, RegistrationInput
from .states import Status

Choices = list[tuple[Any, Any]]

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]
PAGE_SIZES = (20, 50, 100)
CLOCK_STATES = [
    ("overdue", "已超期"),
    ("due_soon", "即将到期"),
    ("on_time", "期限内"),
    ("closed_on_time", "按期办结"),
    ("closed_late", "超期办结"),
]
SORT_CHOICES = [
    (key, key)
    for key in ("-received_on", "received_on", "reg_no", "-reg_no", "next_due", "-next_due")
] + [("status", "status")]
VISIT_METHODS = [("phone", "电话"), ("visit", "上门"), ("online", "网上")]


class LenientDateField(forms.DateField):
    """Accepts 2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日 and full-width digits."""

    input_formats = DATE_FORMATS
    default_error_messages = {"invalid": "日期格式不正确，请写成 2026-01-05 或 2026/1/5。"}

    def __init__(self, **kwargs: Any) -> None:
        attrs = {"placeholder": "2026-01-05", "autocomplete": "off", "class": "form-control"}
        kwargs.setdefault("widget", forms.DateInput(format="%Y-%m-%d", attrs=attrs))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
        return super().to_python(value)


def _text(
    label: str,
    *,
    required: bool = False,
    max_length: int | None = None,
    rows: int = 0,
    **attrs: Any,
) -> forms.CharField:
    widget: forms.Widget
    if rows:
        widget = forms.Textarea(attrs={"rows": rows, "class": "form-control", **attrs})
    else:
        widget = forms.TextInput(attrs={"class": "form-control", **attrs})
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        strip=True,
        error_messages={
            "required": f"请填写{label}。",
            "max_length": f"{label}最多 %(limit_value)d 个字。",
        },
    )


def _select(
    label: str, choices: Choices, *, required: bool = False, blank: str = "", **attrs: Any
) -> forms.ChoiceField:
    options: Choices = [("", blank or "请选择")] if blank is not None else []
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=options + list(choices),
        widget=forms.Select(attrs={"class": "form-select", **attrs}),
        error_messages={
            "required": f"请选择{label}。",
            "invalid_choice": f"请从列表中选择{label}。",
        },
    )


def _radios(label: str, choices: Choices, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": f"请选择{label}。"},
    )


# --- reference lists, each one query, shared by the forms of a request -----------------------


def category_choices(categories: Iterable[Category]) -> Choices:
    """Level-1 categories become option groups; deeper levels are options ("二级 › 三级")."""
    children: dict[int | None, list[Category]] = defaultdict(list)
    for cat in categories:
        children[cat.parent_id].append(cat)
    groups: Choices = []
    for top in children[None]:
        options: Choices = [(str(top.pk), f"{top.name}（综合）")]
        for second in children[top.pk]:
            options.append((str(second.pk), second.name))
            options += [
                (str(third.pk), f"{second.name} › {third.name}") for third in children[second.pk]
            ]
        groups.append((top.name, options))
    return groups


def region_choices(regions: Iterable[Region]) -> Choices:
    """County options first, then one option group per town: 县 → 乡镇 → 村."""
    counties: Choices = []
    towns: dict[str, tuple[str, Choices]] = {}
    for region in regions:
        if region.level == RegionLevel.COUNTY:
            counties.append((region.code, f"{region.name}（全县）"))
        elif region.level == RegionLevel.TOWN:
            towns.setdefault(region.code, (region.name, []))[1].insert(
                0, (region.code, f"{region.name}（全乡镇）")
            )
        elif region.level == RegionLevel.VILLAGE and region.parent_id:
            parent = towns.setdefault(region.parent_id, ("", []))
            parent[1].append((region.code, region.name))
    groups: Choices = [("县（区）", counties)] if counties else []
    groups += [(name or code, options) for code, (name, options) in towns.items()]
    return groups


def unit_choices(units: Iterable[Unit]) -> Choices:
    return [(str(u.pk), ("\u3000" * u.depth) + u.name) for u in units]


def people_choices(users: Iterable[User]) -> Choices:
    """Users grouped by unit, e.g. the handlers of every department."""
    groups: dict[str, Choices] = {}
    for user in users:
        label = f"{user.full_name or user.username}" + (f"（{user.title}）" if user.title else "")
        groups.setdefault(user.unit.name if user.unit else "未分配单位", []).append(
            (str(user.pk), label)
        )
    return list(groups.items())


def reference_categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True).order_by("level", "order", "id"))


def reference_regions() -> list[Region]:
    levels = [RegionLevel.COUNTY, RegionLevel.TOWN, RegionLevel.VILLAGE]
    return list(Region.objects.filter(level__in=levels).order_by("code"))


def reference_units() -> list[Unit]:
    return list(Unit.objects.filter(is_active=True).order_by("path"))


def leaders_for(unit: Unit | None) -> list[User]:
    """Leaders who may answer for a case of `unit`: its own leaders, those above and below it."""
    qs = User.objects.filter(is_active=True, roles__code="leader").select_related("unit")
    if unit is not None:
        above = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
        qs = qs.filter(Q(unit__path__startswith=unit.path) | Q(unit_id__in=above))
    return list(qs.distinct().order_by("unit__path", "id"))


def handlers_for(unit: Unit | None) -> list[User]:
    qs = User.objects.filter(is_active=True, roles__code="handler").select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return list(qs.distinct().order_by("unit__path", "id"))


# --- registration -------------------------------------------------------------------------------


class PetitionerForm(forms.Form):
    name = _text("姓名", max_length=50, autocomplete="off")
    id_number = _text("身份证号", max_length=30, autocomplete="off", spellcheck="false")
    phone = _text("手机号", max_length=30, autocomplete="off", inputmode="tel")
    address = _text("住址", max_length=200, autocomplete="off")
    is_representative = forms.BooleanField(
        label="代表",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(k) for k in ("id_number", "phone", "address", "is_representative"))
        if filled and not data.get("name"):
            self.add_error("name", "请填写该信访人的姓名，或删除这一行。")
        for field, check in (("id_number", normalize_id_number), ("phone", normalize_phone)):
            if data.get(field):
                try:
                    data[field] = check(data[field])
                except ApplicationError as exc:
                    self.add_error(field, exc.message)
        return data

    def as_input(self) -> PetitionerInput | None:
        data = self.cleaned_data
        if not data.get("name"):
            return None
        return PetitionerInput(
            name=data["name"],
            id_number=data.get("id_number", ""),
            phone=data.get("phone", ""),
            address=data.get("address", ""),
            is_representative=bool(data.get("is_representative")),
        )


PetitionerFormSet = forms.formset_factory(
    PetitionerForm, extra=0, min_num=1, max_num=200, validate_max=True
)


class RegistrationForm(forms.Form):
    """The paper registration form (信访事项登记表), field by field in the same order."""

    received_on = LenientDateField(
        label="收到日期", error_messages={"required": "请填写收到日期。"}
    )
    channel = _radios("信访形式", Channel.choices)
    petition_class = _radios("信访类别", PetitionClass.choices)
    is_group = forms.BooleanField(
        label="集体访",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    headcount = forms.IntegerField(
        label="人数",
        required=False,
        min_value=1,
        max_value=100000,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        error_messages={"min_value": "人数应至少为1。", "invalid": "人数请填写数字。"},
    )
    title = _text(
        "事项摘要",
        required=True,
        max_length=100,
        placeholder="一句话概括诉求，如：小区外墙脱落无人维修",
    )
    content = _text("信访内容", required=True, rows=5)
    category = _select("问题分类", [], blank="（未分类）")
    region = _select("问题属地", [], blank="（未选择）")
    place = _text("详细地点", max_length=200)
    higher_ref_no = _text("交办文号", max_length=60)
    higher_ref_date = LenientDateField(label="交办日期", required=False)
    higher_source = _text("交办机关", max_length=100)

    def __init__(
        self, *args: Any, categories: list[Category], regions: list[Region], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._categories = {str(c.pk): c for c in categories}
        self._regions = {r.code: r for r in regions}
        self.fields["category"].choices = [("", "（未分类）"), *category_choices(categories)]
        self.fields["region"].choices = [("", "（未选择）"), *region_choices(regions)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("channel") == Channel.HIGHER:
            if not data.get("higher_ref_no"):
                self.add_error("higher_ref_no", "上级交办的事项须填写交办文号。")
            if not data.get("higher_ref_date") and "higher_ref_date" not in self.errors:
                self.add_error("higher_ref_date", "上级交办的事项须填写交办日期。")
        return data

    def as_input(self, petitioners: list[PetitionerInput]) -> RegistrationInput:
        d = self.cleaned_data
        higher = d["channel"] == Channel.HIGHER
        return RegistrationInput(
            channel=d["channel"],
            petition_class=d["petition_class"],
            title=d["title"],
            content=d["content"],
            received_on=d["received_on"],
            petitioners=petitioners,
            is_group=d["is_group"],
            headcount=d["headcount"] or max(1, len(petitioners)),
            category=self._categories.get(d["category"]),
            region=self._regions.get(d["region"]),
            place=d["place"],
            higher_ref_no=d["higher_ref_no"] if higher else "",
            higher_ref_date=d["higher_ref_date"] if higher else None,
            higher_source=d["higher_source"] if higher else "",
        )


# --- ledger filters -----------------------------------------------------------------------------


class LedgerFilterForm(forms.Form):
    q = _text("关键词", max_length=100, placeholder="编号、摘要或内容", type="search")
    status = _select("状态", Status.choices, blank="全部状态")
    clock = _select("期限", CLOCK_STATES, blank="全部期限")
    channel = _select("信访形式", Channel.choices, blank="全部形式")
    petition_class = _select("信访类别", PetitionClass.choices, blank="全部类别")
    unit = _select("单位", [], blank="全部单位")
    category = _select("问题分类", [], blank="全部分类")
    region = _select("问题属地", [], blank="全部属地")
    date_from = LenientDateField(label="收到日期自", required=False)
    date_to = LenientDateField(label="至", required=False)
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, widget=forms.HiddenInput)
    per_page = forms.TypedChoiceField(
        label="每页",
        choices=[(n, f"{n} 条/页") for n in PAGE_SIZES],
        coerce=int,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(
        self,
        *args: Any,
        units: list[Unit],
        categories: list[Category],
        regions: list[Region],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "全部单位"), *unit_choices(units)]
        self.fields["category"].choices = [("", "全部分类"), *category_choices(categories)]
        self.fields["region"].choices = [("", "全部属地"), *region_choices(regions)]

    @property
    def active_count(self) -> int:
        """How many filters (not sort or page size) are in use: the panel opens when any is."""
        if not self.is_valid():
            return 0
        skip = {"sort", "per_page"}
        return sum(1 for k, v in self.cleaned_data.items() if k not in skip and v)

    def filters(self) -> LedgerFilters:
        d = self.cleaned_data if self.is_valid() else {}
        return LedgerFilters(
            status=d.get("status", ""),
            unit=int(d["unit"]) if d.get("unit") else None,
            petition_class=d.get("petition_class", ""),
            category=int(d["category"]) if d.get("category") else None,
            region=d.get("region", ""),
            channel=d.get("channel", ""),
            clock=d.get("clock", ""),
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            q=d.get("q", ""),
            sort=d.get("sort") or "-received_on",
        )

    def per_page(self) -> int:
        value = self.cleaned_data.get("per_page") if self.is_valid() else None
        return value if value in PAGE_SIZES else PAGE_SIZES[0]


# --- case actions -------------------------------------------------------------------------------


class ActionForm(forms.Form):
    """Every action carries the version the user saw (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: list[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("to_unit", "reviewing_unit", "handling_unit"):
            if name in self.fields:
                self.fields[name].choices = [("", "请选择单位"), *unit_choices(units or [])]
        self._units = {str(u.pk): u for u in units or []}

    def unit(self, name: str) -> Unit:
        return self._units[self.cleaned_data[name]]


class AcceptForm(ActionForm):
    on = LenientDateField(
        label="受理日期",
        initial=timezone.localdate,
        error_messages={"required": "请填写受理日期。"},
    )


class NotAcceptForm(ActionForm):
    reason = _text("不予受理理由", rows=3)
    proper_channel = _select("告知途径", ProperChannel.choices, required=True)


class TransferForm(ActionForm):
    to_unit = _select("转送单位", [], required=True)
    note = _text("转送说明", rows=2)


class ReturnForm(ActionForm):
    reason = _text("退回理由", rows=3)


class AssignForm(ActionForm):
    handling_unit = _select("承办单位", [], required=True)
    responsible_leader = _select("包案领导", [], required=True)
    handler = _select("承办人", [], required=True)
    note = _text("交办意见", rows=2)

    def __init__(
        self,
        *args: Any,
        leaders: list[User] | None = None,
        handlers: list[User] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_people(leaders or [], handlers or [])

    def set_people(self, leaders: list[User], handlers: list[User]) -> None:
        self._people = {str(u.pk): u for u in [*leaders, *handlers]}
        self.fields["responsible_leader"].choices = [
            ("", "请选择包案领导"),
            *people_choices(leaders),
        ]
        self.fields["handler"].choices = [("", "请选择承办人"), *people_choices(handlers)]

    def person(self, name: str) -> User:
        return self._people[self.cleaned_data[name]]


class EmptyForm(ActionForm):
    pass


class ReplyForm(ActionForm):
    request = _text("信访人请求", rows=2)
    facts = _text("查明事实", rows=3)
    reasons = _text("处理理由", rows=3)
    decision = _radios("处理意见", Decision.choices, required=False)
    legal_basis = _text("法律、法规或政策依据", rows=2)


class EvaluateForm(ActionForm):
    satisfaction = _radios("信访人评价", Satisfaction.choices, required=False)
    note = _text("评价说明", rows=2)


class ReviewRequestForm(ActionForm):
    reason = _text("申请理由", rows=3)
    reviewing_unit = _select("复查（复核）机关", [], required=True)


class ReviewAnswerForm(ActionForm):
    decision = _radios("意见", Decision.choices, required=False)
    opinion = _text("复查（复核）意见", rows=3)


class ExtendForm(ActionForm):
    days = forms.IntegerField(
        label="延长天数",
        min_value=1,
        max_value=30,
        initial=30,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        error_messages={
            "required": "请填写延长天数。",
            "min_value": "延长天数应为 1–30 日。",
            "max_value": "延长天数最多30日（《信访工作条例》第三十四条）。",
            "invalid": "延长天数请填写数字。",
        },
    )
    reason = _text("延期理由（将告知信访人）", rows=2)


class NoteForm(ActionForm):
    text = _text("内容", rows=3)


class SuperviseForm(ActionForm):
    note = _text("意见", rows=2)
    respond_by = LenientDateField(label="反馈期限", required=False)


class ReturnVisitForm(ActionForm):
    method = _radios("回访方式", VISIT_METHODS, required=False)
    satisfaction = _radios("回访评价", Satisfaction.choices, required=False)
    note = _text("回访情况", rows=2)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="材料文件",
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的，请重新选择。"},
    )
