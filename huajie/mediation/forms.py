"""The new-dispute form (纠纷登记): what the service's `DisputeInput` needs, fields in the order of
the paper register, parties as fixed rows (two shown, more under "更多当事人")."""

from __future__ import annotations

from typing import Any

from django import forms

from huajie.common.forms import LenientDateField, radio_field, select_field, text_field
from huajie.common.scoping import visible_to
from huajie.orgs.models import Unit, UnitKind, User
from huajie.orgs.regions import pick_region, region_picker

from .models import (
    DisputeClass,
    DisputeType,
    PartyKind,
    Procedure,
    ScreeningRound,
    Side,
    Source,
)
from .services import DisputeInput, PartyInput

PARTY_ROWS = 6
REGION_PREFIX = "region_"
SHOWN_ROWS = 2


def committees_for(user: User) -> list[Unit]:
    """Units a dispute may be registered to: the user's own and the committees below it."""
    if user.unit is None:
        return []
    below = Unit.objects.filter(
        path__startswith=user.unit.path,
        is_active=True,
        kind__in=[UnitKind.MEDIATION, UnitKind.VILLAGE, UnitKind.TOWN],
    ).order_by("path")
    units = [user.unit, *[u for u in below if u.pk != user.unit_id]]
    return units


def county_prefix(user: User) -> str:
    """The six-digit code prefix of the user's county: the region picker lists its towns and
    villages (every region when the user's unit has none on record)."""
    region = user.unit.region if user.unit is not None else None
    return region.code[:6] if region is not None else ""


class DisputeForm(forms.Form):
    source_token = forms.CharField(widget=forms.HiddenInput, required=False)
    screening_round = forms.IntegerField(widget=forms.HiddenInput, required=False)
    unit = select_field("调解组织", [], required=True)
    received_on = LenientDateField(
        label="发现（申请）日期", error_messages={"required": "请填写发现（申请）日期。"}
    )
    procedure = radio_field("程序", Procedure.choices, message="请选择简易程序或一般程序。")
    title = text_field(
        "纠纷摘要",
        required=True,
        max_length=100,
        placeholder="一句话说明什么纠纷，例如：张、李两家宅基地边界纠纷",
    )
    dispute_type = select_field("纠纷类型", [], required=True)
    dispute_class = radio_field("纠纷等级", DisputeClass.choices, message="请选择纠纷等级。")
    class_reason = text_field("定级理由", max_length=200)
    source = select_field("来源", Source.choices, required=True)
    source_note = text_field("来源说明", max_length=200)
    place = text_field("详细地点", max_length=200)
    summary = text_field("纠纷简要情况", required=True, rows=4)
    outcome = text_field("当场调解结果（简易程序）", rows=2)
    risk_note = text_field("风险提示（描述纠纷，不针对个人）", rows=2)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self._units = {str(u.pk): u for u in committees_for(user)}
        self.fields["unit"].choices = [  # type: ignore[attr-defined]
            (pk, ("\u3000" * max(u.depth - (user.unit.depth if user.unit else 0), 0)) + u.name)
            for pk, u in self._units.items()
        ]
        self._types = {str(t.pk): t for t in DisputeType.objects.filter(active=True)
                       .select_related("parent")}  # fmt: skip
        self.fields["dispute_type"].choices = [("", "请选择纠纷类型")] + [  # type: ignore[attr-defined]
            (pk, str(t)) for pk, t in sorted(self._types.items(), key=lambda kv: kv[1].order)
        ]
        # 发生地: 县 → 乡镇 → 村, three plain selects (orgs.regions), posted as region_county …
        self._within = county_prefix(user)
        self.region_picker = region_picker(
            data=self.data if self.is_bound else None, initial=self.initial.get("region"),
            prefix=REGION_PREFIX, within=self._within,
        )  # fmt: skip
        for n in range(PARTY_ROWS):
            self.fields[f"p{n}_side"] = select_field("当事方", Side.choices, blank="当事方")
            self.fields[f"p{n}_kind"] = forms.ChoiceField(
                label="类别", choices=PartyKind.choices, required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )  # fmt: skip
            self.fields[f"p{n}_name"] = text_field("姓名或名称", max_length=100)
            self.fields[f"p{n}_id_number"] = text_field(
                "身份证号", max_length=30, autocomplete="off", inputmode="text"
            )
            self.fields[f"p{n}_phone"] = text_field(
                "联系电话", max_length=30, autocomplete="off", inputmode="tel"
            )
            self.fields[f"p{n}_address"] = text_field("住址", max_length=200)
        if not self.is_bound:
            self.initial.setdefault("p0_side", Side.APPLICANT)
            self.initial.setdefault("p1_side", Side.RESPONDENT)
            self.initial.setdefault("procedure", Procedure.FULL)
            for n in range(PARTY_ROWS):
                self.initial.setdefault(f"p{n}_kind", PartyKind.PERSON)
            if user.unit_id:
                self.initial.setdefault("unit", str(user.unit_id))

    def party_rows(self) -> list[list[forms.BoundField]]:
        names = ("side", "kind", "name", "id_number", "phone", "address")
        return [[self[f"p{n}_{name}"] for name in names] for n in range(PARTY_ROWS)]

    def shown_rows(self) -> list[list[forms.BoundField]]:
        return self.party_rows()[:SHOWN_ROWS]

    def more_rows(self) -> list[list[forms.BoundField]]:
        return self.party_rows()[SHOWN_ROWS:]

    def to_input(self) -> DisputeInput:
        d = self.cleaned_data
        parties = []
        for n in range(PARTY_ROWS):
            name = d.get(f"p{n}_name") or ""
            ident, phone = d.get(f"p{n}_id_number") or "", d.get(f"p{n}_phone") or ""
            if not (name or ident or phone):
                continue
            parties.append(
                PartyInput(
                    side=d.get(f"p{n}_side") or "", name=name,
                    kind=d.get(f"p{n}_kind") or PartyKind.PERSON, id_number=ident, phone=phone,
                    address=d.get(f"p{n}_address") or "",
                )
            )  # fmt: skip
        return DisputeInput(
            title=d["title"], summary=d["summary"],
            dispute_type=self._types.get(d.get("dispute_type") or ""),
            dispute_class=int(d["dispute_class"]) if d.get("dispute_class") else None,
            source=d["source"], procedure=d["procedure"], received_on=d["received_on"],
            parties=parties, unit=self._units.get(d.get("unit") or ""),
            class_reason=d.get("class_reason") or "", source_note=d.get("source_note") or "",
            region=pick_region(self.data, prefix=REGION_PREFIX, within=self._within),
            place=d.get("place") or "",
            risk_note=d.get("risk_note") or "", outcome=d.get("outcome") or "",
            screening_round=self.round_of(d.get("screening_round")),
        )  # fmt: skip

    def round_of(self, pk: int | None) -> ScreeningRound | None:
        """The screening round the dispute was found in, if the user may see it."""
        if not pk:
            return None
        rounds = visible_to(ScreeningRound.objects.select_related("unit"), self.user)
        return rounds.filter(pk=pk).first()


def party_field_for(error_field: str | None) -> str | None:
    """Where a service refusal belongs on this form (party errors go above the party table)."""
    if error_field in (None, "parties"):
        return None
    return error_field
