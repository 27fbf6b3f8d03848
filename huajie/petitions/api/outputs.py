"""Response bodies: formatting only. Everything shown comes from the selectors' querysets; what
is computed per request (today's clock state, the actions this user may take) arrives in the
serializer context from the view.

ID numbers and phone numbers are masked everywhere except `PersonalDataSerializer`, which only
the logged personal-data endpoint uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from huajie.common.api import ERROR as ERROR  # the error body's schema, shared by every app
from huajie.common.identity import mask_id_number, mask_phone
from huajie.deadlines import DayKind
from huajie.orgs.models import Unit, User

from ..models import (
    Attachment,
    Category,
    Petition,
    PetitionClock,
    PetitionEvent,
    PetitionParty,
    Reply,
    ReturnVisit,
    Review,
    Supervision,
)
from ..selectors import clock_state
from ..states import TRANSITIONS, Status
from .inputs import CLOCK_STATES

TRANSITION_LABELS = {t.action: t.label for t in TRANSITIONS}

CLOCK_STATE_LABELS = dict(CLOCK_STATES)


def _label(field: str) -> serializers.CharField:
    """The Chinese label of a choice field ("" when the field is blank)."""
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


def _today(context: Mapping[str, Any]) -> date:
    today: date = context["today"]
    return today


ACTION_REFS = inline_serializer(
    name="ActionRef",
    fields={
        "action": serializers.CharField(help_text="POST /api/v1/petitions/{id}/actions/{action}/"),
        "label": serializers.CharField(),
    },
    many=True,
)

PERSON_HISTORY = inline_serializer(
    name="PetitionerHistoryItem",
    fields={
        "kind": serializers.CharField(help_text="renamed: 确认更名"),
        "text": serializers.CharField(),
        "at": serializers.DateTimeField(),
        "changes": serializers.DictField(help_text='例如 {"name": ["原姓名", "新姓名"]}'),
    },
    many=True,
)


class UnitRefSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ["id", "name"]


class UserRefSerializer(serializers.ModelSerializer[User]):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "name"]

    def get_name(self, user: User) -> str:
        return str(user)


class AssigneesSerializer(serializers.Serializer[Any]):
    unit = UnitRefSerializer()
    leaders = UserRefSerializer(many=True, help_text="可任包案领导（responsible_leader）")
    handlers = UserRefSerializer(many=True, help_text="可任承办人（handler）")


class RegisteredSerializer(serializers.Serializer[Petition]):
    """What `POST /api/v1/petitions/` answers: the new case's keys, built from the objects the
    registration has just written (no re-read). The whole case is at `url` (also the `Location`
    header); its allowed actions are there too."""

    id = serializers.IntegerField(read_only=True)
    reg_no = serializers.CharField(read_only=True, help_text="登记编号")
    query_code = serializers.CharField(read_only=True, help_text="信访人查询办理进度用的查询码")
    status = serializers.CharField(read_only=True)
    status_label = _label("status")
    version = serializers.IntegerField(read_only=True, help_text="办理操作时提交的版本号")
    received_on = serializers.DateField(read_only=True)
    next_due = serializers.DateField(
        read_only=True, allow_null=True, help_text="正在计时的办理期限中最近的到期日"
    )
    url = serializers.SerializerMethodField(help_text="事项详情的地址（同 Location 响应头）")

    def get_url(self, petition: Petition) -> str:
        url: str = self.context["url"]
        return url


class PetitionRowSerializer(serializers.ModelSerializer[Petition]):
    """One ledger row: no personal data."""

    channel_label = _label("channel")
    petition_class_label = _label("petition_class")
    status_label = _label("status")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    handling_unit_name = serializers.SerializerMethodField()
    handler_name = serializers.SerializerMethodField()
    next_due = serializers.DateField(read_only=True, allow_null=True)
    clock_state = serializers.SerializerMethodField()
    clock_state_label = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = [
            "id", "reg_no", "title", "channel", "channel_label", "petition_class",
            "petition_class_label", "status", "status_label", "received_on", "unit_name",
            "handling_unit_name", "handler_name", "next_due", "clock_state", "clock_state_label",
            "version",
        ]  # fmt: skip

    def get_handling_unit_name(self, petition: Petition) -> str | None:
        return petition.handling_unit.name if petition.handling_unit else None

    def get_handler_name(self, petition: Petition) -> str | None:
        return str(petition.handler) if petition.handler else None

    def get_clock_state(self, petition: Petition) -> str:
        """overdue / due_soon / on_time, or "" when no staff clock is running."""
        return clock_state(getattr(petition, "next_due", None), _today(self.context))

    def get_clock_state_label(self, petition: Petition) -> str:
        return CLOCK_STATE_LABELS.get(self.get_clock_state(petition), "")


class PartySerializer(serializers.ModelSerializer[PetitionParty]):
    """A petitioner on the case, ID and phone masked (4201**********1234, 138****5678)."""

    name = serializers.CharField(source="petitioner.name", read_only=True)
    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    address = serializers.CharField(source="petitioner.address", read_only=True)
    is_representative = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField(
        help_text="信访人本人的变更记录（如确认更名），在其每一件事项上都显示"
    )

    class Meta:
        model = PetitionParty
        fields = [
            "name",
            "id_number",
            "phone",
            "address",
            "is_representative",
            "representative_slot",
            "history",
        ]

    @extend_schema_field(PERSON_HISTORY)
    def get_history(self, party: PetitionParty) -> list[dict[str, Any]]:
        return [
            {"kind": e.kind, "text": e.text, "at": e.at.isoformat(), "changes": e.changes}
            for e in party.petitioner.history.all()
        ]

    def get_id_number(self, party: PetitionParty) -> str:
        return mask_id_number(party.petitioner.id_number)

    def get_phone(self, party: PetitionParty) -> str:
        return mask_phone(party.contact_phone)

    def get_is_representative(self, party: PetitionParty) -> bool:
        return party.representative_slot is not None


class FullPartySerializer(PartySerializer):
    """Unmasked: only for the personal-data endpoint, whose every call is logged."""

    def get_id_number(self, party: PetitionParty) -> str:
        return str(party.petitioner.id_number)

    def get_phone(self, party: PetitionParty) -> str:
        return party.contact_phone


class PersonalDataSerializer(serializers.Serializer[Any]):
    petitioners = FullPartySerializer(many=True, source="parties.all")


class ClockSerializer(serializers.ModelSerializer[PetitionClock]):
    """A statutory clock with the rule and calendar that produced its due date."""

    kind_label = _label("kind")
    rule_kind_label = serializers.SerializerMethodField()
    outcome_label = _label("outcome")
    state = serializers.SerializerMethodField()

    class Meta:
        model = PetitionClock
        fields = [
            "kind", "kind_label", "round", "start", "due", "rule_days", "rule_kind",
            "rule_kind_label", "rule_source", "rule_start_event", "rule_window", "calendar_version",
            "paused_on", "extension_days", "extension_reason", "extension_on", "stopped_on",
            "outcome", "outcome_label", "state",
        ]  # fmt: skip

    def get_rule_kind_label(self, clock: PetitionClock) -> str:
        return DayKind(clock.rule_kind).label

    def get_state(self, clock: PetitionClock) -> str:
        """overdue / due_soon / on_time for a running staff clock; "" otherwise (a stopped
        clock has its frozen `outcome`; a window is never late)."""
        if not clock.is_open or clock.rule_window:
            return ""
        return clock_state(clock.due, _today(self.context))


class EventSerializer(serializers.ModelSerializer[PetitionEvent]):
    kind_label = _label("kind")
    action_label = serializers.SerializerMethodField()
    actor = UserRefSerializer(read_only=True, allow_null=True)
    from_status_label = serializers.SerializerMethodField()
    to_status_label = serializers.SerializerMethodField()

    class Meta:
        model = PetitionEvent
        fields = [
            "id",
            "kind",
            "kind_label",
            "action",
            "action_label",
            "actor",
            "at",
            "from_status",
            "from_status_label",
            "to_status",
            "to_status_label",
            "text",
            "source",
        ]

    def get_action_label(self, event: PetitionEvent) -> str:
        return TRANSITION_LABELS.get(event.action, "")

    def get_from_status_label(self, event: PetitionEvent) -> str:
        return Status(event.from_status).label if event.from_status else ""

    def get_to_status_label(self, event: PetitionEvent) -> str:
        return Status(event.to_status).label if event.to_status else ""


class ReplySerializer(serializers.ModelSerializer[Reply]):
    """信访处理意见书 (Art.32)."""

    decision_label = _label("decision")
    issued_by = UserRefSerializer(read_only=True)

    class Meta:
        model = Reply
        fields = [
            "request",
            "facts",
            "reasons",
            "decision",
            "decision_label",
            "legal_basis",
            "issued_on",
            "issued_by",
        ]


class ReviewSerializer(serializers.ModelSerializer[Review]):
    level_label = _label("level")
    reviewing_unit = UnitRefSerializer(read_only=True)
    decision_label = _label("decision")

    class Meta:
        model = Review
        fields = [
            "level",
            "level_label",
            "requested_on",
            "reason",
            "reviewing_unit",
            "answered_on",
            "decision",
            "decision_label",
            "opinion",
        ]


class ReturnVisitSerializer(serializers.ModelSerializer[ReturnVisit]):
    method_label = _label("method")
    satisfaction_label = _label("satisfaction")
    visited_by = UserRefSerializer(read_only=True)

    class Meta:
        model = ReturnVisit
        fields = [
            "visited_on",
            "method",
            "method_label",
            "satisfaction",
            "satisfaction_label",
            "note",
            "visited_by",
        ]


class SupervisionSerializer(serializers.ModelSerializer[Supervision]):
    kind_label = _label("kind")
    issued_by = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Supervision
        fields = ["kind", "kind_label", "issued_by", "to_unit", "note", "respond_by", "created_at"]


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "kind", "mime", "size", "uploaded_at"]


class CategoryRefSerializer(serializers.ModelSerializer[Category]):
    class Meta:
        model = Category
        fields = ["id", "name", "full_name"]


class CategorySerializer(serializers.ModelSerializer[Category]):
    class Meta:
        model = Category
        fields = ["id", "name", "full_name", "parent", "level", "order"]


class RegionRefSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()


class PetitionDetailSerializer(PetitionRowSerializer):
    """The case file (一案一档) as the user may see it. Context: `today`, `actions`."""

    query_code = serializers.CharField(read_only=True, help_text="信访人查询办理进度用的查询码")
    category = CategoryRefSerializer(read_only=True, allow_null=True)
    region = RegionRefSerializer(read_only=True, allow_null=True)
    unit = UnitRefSerializer(read_only=True)
    handling_unit = UnitRefSerializer(read_only=True, allow_null=True)
    accused_unit = UnitRefSerializer(
        read_only=True, allow_null=True, help_text="被反映单位（检举控告类）"
    )
    registered_by = UserRefSerializer(read_only=True)
    responsible_leader = UserRefSerializer(read_only=True, allow_null=True)
    handler = UserRefSerializer(read_only=True, allow_null=True)
    proper_channel_label = _label("proper_channel")
    decision_label = _label("decision")
    satisfaction_label = _label("satisfaction")
    actions = serializers.SerializerMethodField()
    petitioners = PartySerializer(many=True, read_only=True, source="parties")
    clocks = ClockSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    reply = ReplySerializer(read_only=True, allow_null=True)
    reviews = ReviewSerializer(many=True, read_only=True)
    visits = ReturnVisitSerializer(many=True, read_only=True)
    supervisions = SupervisionSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(PetitionRowSerializer.Meta):
        fields = [
            *PetitionRowSerializer.Meta.fields, "query_code", "content", "category", "region",
            "place", "unit", "handling_unit", "accused_unit", "registered_by",
            "responsible_leader", "handler",
            "is_group", "headcount", "is_anonymous", "higher_ref_no", "higher_ref_date",
            "higher_source",
            "accepted_on", "not_accepted_reason", "proper_channel", "proper_channel_label",
            "replied_on", "decision", "decision_label", "satisfaction", "satisfaction_label",
            "evaluated_on", "closed_on", "archived_on", "actions", "petitioners", "clocks",
            "events", "reply", "reviews", "visits", "supervisions", "attachments",
        ]  # fmt: skip

    @extend_schema_field(ACTION_REFS)
    def get_actions(self, petition: Petition) -> list[dict[str, str]]:
        """What this user may do now; each `action` is a path under .../actions/."""
        actions: list[dict[str, str]] = self.context["actions"]
        return actions
