"""Turn a simulated case into table rows, in each table's column order.

The column lists are checked against the models when the factory is built, so a field added to a
model fails loudly here instead of being silently left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain

from django.db import models

from huajie.common.crypto import blind_index, encrypt
from huajie.common.timeline import EventSource
from huajie.deadlines import DeadlineRule
from huajie.petitions.models import (
    Channel,
    Decision,
    EventKind,
    PetitionClass,
    PetitionClock,
    Petitioner,
    PetitionEvent,
    PetitionParty,
    ProperChannel,
    Review,
    Satisfaction,
)
from huajie.petitions.models import Petition as PetitionModel
from huajie.petitions.states import Status

from .case import Life
from .dice import Dice, WeightedTable
from .text import Message, Sentence
from .world import World
from .writers import Row, Writer

PETITION_COLUMNS = (
    "id", "created_at", "updated_at", "unit_id", "reg_no", "reg_year", "reg_seq", "query_code",
    "channel", "petition_class", "category_id", "region_id", "place", "title", "content",
    "received_on", "registered_by_id", "is_group", "headcount", "higher_ref_no", "higher_ref_date",
    "higher_source", "status", "version", "handling_unit_id", "responsible_leader_id",
    "handler_id", "accepted_on", "not_accepted_reason", "proper_channel", "replied_on", "decision",
    "satisfaction", "evaluated_on", "closed_on", "archived_on", "search_tokens", "next_due",
    "is_history", "accused_unit_id", "is_anonymous", "source",
)  # fmt: skip
PETITIONER_COLUMNS = (
    "id", "created_at", "updated_at", "name", "id_number", "id_index", "phone", "phone_index",
    "address",
)  # fmt: skip
PARTY_COLUMNS = (
    "petition_id", "petitioner_id", "representative_slot", "order",
    "given_name", "given_phone", "given_phone_index", "given_address",
)  # fmt: skip
CLOCK_COLUMNS = (
    "petition_id", "kind", "round", "rule_code", "rule_days", "rule_kind", "rule_source",
    "rule_start_event", "rule_roll_forward", "rule_max_extension", "rule_window",
    "calendar_version", "start",
    "running_since", "consumed", "paused_on", "due", "rolled_forward_from", "extension_days",
    "extension_reason", "extension_approver_id", "extension_on", "stopped_on", "outcome",
)  # fmt: skip
EVENT_COLUMNS = (
    "petition_id", "kind", "action", "actor_id", "at", "from_status", "to_status", "changes",
    "text", "source",
)  # fmt: skip
REVIEW_COLUMNS = (
    "petition_id", "level", "requested_on", "reason", "reviewing_unit_id", "answered_on",
    "decision", "opinion",
)  # fmt: skip

TABLES: dict[str, tuple[type[models.Model], Sequence[str]]] = {
    "petition": (PetitionModel, PETITION_COLUMNS),
    "petitioner": (Petitioner, PETITIONER_COLUMNS),
    "party": (PetitionParty, PARTY_COLUMNS),
    "clock": (PetitionClock, CLOCK_COLUMNS),
    "event": (PetitionEvent, EVENT_COLUMNS),
    "review": (Review, REVIEW_COLUMNS),
}

CHANNELS = WeightedTable(
    [
        (Channel.ONLINE, 30),
        (Channel.VISIT, 25),
        (Channel.PHONE, 20),
        (Channel.LETTER, 14),
        (Channel.HIGHER, 7),
        (Channel.EMAIL, 3),
        (Channel.FAX, 1),
    ]
)
CLASSES = WeightedTable(
    [(PetitionClass.COMPLAINT, 80), (PetitionClass.SUGGESTION, 12), (PetitionClass.ACCUSATION, 8)]
)
DECISIONS = WeightedTable(
    [(Decision.SUPPORT, 45), (Decision.EXPLAIN, 40), (Decision.NOT_SUPPORT, 15)]
)
SATISFACTION = WeightedTable(
    [
        (Satisfaction.SATISFIED, 70),
        (Satisfaction.BASICALLY, 20),
        (Satisfaction.UNSATISFIED, 10),
    ]
)
PROPER = [ProperChannel.LITIGATION, ProperChannel.LABOR_ARBITRATION, ProperChannel.RECONSIDERATION]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "建国秀英桂兰志强海燕明华丽娟伟红军平春花德明小梅国强文杰玉珍金凤永刚淑芬"
HIGHER_SOURCES = ["云州市信访局", "湖南省信访局", "云州市人民政府办公室"]
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def check_columns() -> None:
    for name, (model, columns) in TABLES.items():
        concrete = {str(f.column) for f in model._meta.concrete_fields}
        missing = concrete - set(columns) - {"id"}
        if missing or not set(columns) <= concrete:
            raise RuntimeError(
                f"generate_data: the {name} columns no longer match {model.__name__}: "
                f"missing {sorted(missing)}, unknown {sorted(set(columns) - concrete)}. "
                "Update bench/generator/rows.py."
            )


def _id_number(rng: Dice) -> str:
    born = date(1940, 1, 1).toordinal() + rng.randint(0, 60 * 365)
    body = f"430102{date.fromordinal(born):%Y%m%d}{rng.randint(0, 999):03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
    return body + check


class People:
    """Petitioner identities encrypted once; rows reuse the ciphertexts (see module docstring)."""

    def __init__(self, rng: Dice, writer: Writer, size: int) -> None:
        self.identities: list[tuple[str, str, str, str, str, str]] = []
        for _ in range(size):
            name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
            number = _id_number(rng) if rng.random() < 0.85 else ""
            phone = f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}"
            phone = phone if rng.random() < 0.95 else ""
            self.identities.append(
                (
                    writer.escape(name),
                    encrypt(number) if number else "",
                    blind_index(number, purpose="id_number") if number else "",
                    encrypt(phone) if phone else "",
                    blind_index(phone, purpose="phone") if phone else "",
                    writer.escape(f"清河县{rng.choice(['城关镇', '石门乡', '白沙镇'])}"),
                )
            )


@dataclass
class Batch:
    petitions: list[Row] = field(default_factory=list)
    petitioners: list[Row] = field(default_factory=list)
    parties: list[Row] = field(default_factory=list)
    clocks: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    reviews: list[Row] = field(default_factory=list)


class RowFactory:
    def __init__(
        self,
        *,
        rng: Dice,
        writer: Writer,
        world: World,
        messages: list[Message],
        people: People,
        rules: dict[str, tuple[object, ...]],
    ) -> None:
        check_columns()
        self.rng, self.w, self.world, self.messages, self.people = (
            rng,
            writer,
            world,
            messages,
            people,
        )
        self.sentences: list[Sentence] = [s for m in messages for s in m.sentences]
        self.rules = rules
        self.repeaters: list[int] = []
        self._days: dict[int, str] = {}
        self._versions: dict[str, str] = {}
        self._times = [f"{h:02d}:{m:02d}:00" for h in range(10) for m in range(0, 60, 5)]
        self._labels = {
            "channel": dict(Channel.choices),
            "class": dict(PetitionClass.choices),
        }

    def reseed(self, rng: Dice) -> None:
        """Start a batch: its own dice, and repeat petitioners only from within the batch (so a
        batch's rows depend on the seed and the batch number, not on which process builds it)."""
        self.rng = rng
        self.repeaters = []

    def day(self, ordinal: int | None) -> str:
        if ordinal is None:
            return self.w.NULL
        found = self._days.get(ordinal)
        if found is None:
            found = self._days[ordinal] = date.fromordinal(ordinal).isoformat()
        return found

    def _text(self, message: Message) -> tuple[str, str]:
        rng = self.rng
        target = rng.randint(100, 400)
        parts: list[Sentence] = []
        total = 0
        for s in message.sentences[: rng.randint(1, 3)]:
            if total + len(s.text) > 400 and parts:
                break
            parts.append(s)
            total += len(s.text)
        while total < target:
            s = rng.choice(self.sentences)
            if total + len(s.text) > 400 and total >= 100:
                break
            parts.append(s)
            total += len(s.text)
        title = message.title
        # `search_tokens(title, content)`: the title's terms, then every Chinese term of the
        # content before its Latin ones, each once.
        words = dict.fromkeys(
            chain(title.words, title.latin, *[s.words for s in parts], *[s.latin for s in parts])
        )
        return "".join([s.text for s in parts]), " ".join(words)

    def case(
        self,
        batch: Batch,
        *,
        pk: int,
        received: int,
        desk_index: int,
        seq: int,
        query_code: str,
        life: Life,
        new_person: Callable[[], int],
    ) -> None:
        rng, w, world = self.rng, self.w, self.world
        desk = world.desks[desk_index]
        day = self.day(received)
        year = day[:4]
        created = w.timestamp(day, rng.choice(self._times))
        channel = rng.weighted(CHANNELS)
        klass = rng.weighted(CLASSES)
        message = rng.choice(self.messages)
        content, tokens = self._text(message)
        group = channel == Channel.VISIT and rng.random() < 0.04
        headcount = rng.randint(5, 60) if group else 1
        reg_no = f"{desk.code}-{year}-{seq:05d}"
        handling_unit = w.NULL if life.handling_unit_id is None else life.handling_unit_id
        handler = w.NULL if life.handler_id is None else life.handler_id
        leader = w.NULL if life.responsible_leader_id is None else life.responsible_leader_id
        higher = channel == Channel.HIGHER
        batch.petitions.append(
            (
                pk, created, w.timestamp(self.day(life.last_day), "02:00:00"), desk.unit_id,
                reg_no, int(year), seq, query_code, channel, klass,
                rng.choice(world.category_ids) if world.category_ids else w.NULL,
                rng.choice(world.region_ids) or w.NULL, "", message.title.text, content, day,
                desk.clerk_id, w.TRUE if group else w.FALSE, headcount,
                f"云信交〔{year}〕{rng.randint(1, 300)}号" if higher else "",
                self.day(received - rng.randint(1, 5)) if higher else w.NULL,
                rng.choice(HIGHER_SOURCES) if higher else "",
                life.status, life.version, handling_unit, leader, handler,
                self.day(life.accepted_on),
                "属于劳动人事争议，应通过劳动仲裁途径解决。" if life.not_accepted else "",
                rng.choice(PROPER) if life.not_accepted else "",
                self.day(life.replied_on),
                rng.weighted(DECISIONS) if life.replied_on else "",
                rng.weighted(SATISFACTION) if life.evaluated_on else "",
                self.day(life.evaluated_on), self.day(life.closed_on), self.day(life.archived_on),
                tokens, self.day(life.next_due()), w.FALSE, w.NULL, w.FALSE, EventSource.IMPORT,
            )
        )  # fmt: skip
        self._parties(batch, pk, created, group, new_person)
        self._clocks(batch, pk, life)
        text = (
            f"登记为 {reg_no}（{self._labels['channel'][channel]}，{self._labels['class'][klass]}）"
        )
        batch.events.append(
            (
                pk, EventKind.REGISTERED, "", desk.clerk_id, created, "", Status.REGISTERED,
                "{}", text, EventSource.IMPORT,
            )
        )  # fmt: skip
        if life.review_requested:
            batch.reviews.append(
                (
                    pk, "review", self.day(life.review_requested), "对处理意见不服，申请复查。",
                    world.review_unit_id, self.day(life.review_answered),
                    rng.weighted(DECISIONS) if life.review_answered else "",
                    "经复查，维持原处理意见。" if life.review_answered else "",
                )
            )  # fmt: skip

    def _parties(
        self, batch: Batch, pk: int, created: str, group: bool, new_person: Callable[[], int]
    ) -> None:
        rng, w = self.rng, self.w
        count = rng.randint(1, 5) if group else (2 if rng.random() < 0.08 else 1)
        chosen: list[int] = []
        for order in range(count):
            if self.repeaters and rng.random() < 0.2:
                person = rng.choice(self.repeaters)
                if person in chosen:
                    continue
            else:
                person = new_person()
                name, number, index, phone, phone_ix, address = rng.choice(self.people.identities)
                batch.petitioners.append(
                    (person, created, created, name, number, index, phone, phone_ix, address)
                )
                if rng.random() < 0.3:
                    self.repeaters.append(person)
            chosen.append(person)
            slot = len(chosen) if group else w.NULL
            batch.parties.append((pk, person, slot, order, "", "", "", ""))  # the file's contact

    def _clocks(self, batch: Batch, pk: int, life: Life) -> None:
        w = self.w
        for c in life.clocks:
            version = self._versions.get(c.version)
            if version is None:
                version = self._versions[c.version] = w.escape(c.version)
            extended = bool(c.extension)
            batch.clocks.append(
                (
                    pk, c.kind, c.round, *self.rules[c.kind], version, self.day(c.start),
                    self.day(c.start), 0, w.NULL, self.day(c.due), w.NULL, c.extension,
                    "案情复杂，需进一步调查核实。" if extended else "",
                    self.world.leader_id if extended else w.NULL,
                    self.day(c.extension_on), self.day(c.stopped), c.outcome,
                )
            )  # fmt: skip


def rule_columns(
    writer: Writer, rules: Mapping[str, DeadlineRule]
) -> dict[str, tuple[object, ...]]:
    """Per clock kind: rule_code … rule_window, as the writer wants them."""
    return {
        kind: (
            r.code,
            r.days,
            r.kind.value,
            writer.escape(r.source),
            writer.escape(r.start_event),
            writer.TRUE if r.roll_forward_if_rest_day else writer.FALSE,
            r.max_extension_days if r.max_extension_days is not None else writer.NULL,
            writer.TRUE if r.window else writer.FALSE,
        )
        for kind, r in rules.items()
    }
