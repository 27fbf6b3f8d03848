"""Emergency benchmarks (issue 13, item 12):

- activating a plan whose groups have 100 members: every member called out and notified
  (responders, two clocks each, one notice each, the tasks) — target ≤ 2 s;
- the commander's incident board with 50 active incidents (12 responders each) — ≤ 200 ms;
- the hazard board over 100,000 hazards (its counts, its first page; the HTML page) — p95 ≤ 100 ms
  on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/em_bench python bench/bench_emergency.py \
        --hazards 100000 --name emergency-pg-100k

Without DATABASE_URL it uses a throwaway SQLite file in /tmp. Plans, incidents and activations go
through the services (that is what is measured); hazards are written with bulk_create.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/huajie-emergency-bench.sqlite3")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

import django  # noqa: E402

django.setup()

from common import machine, summarize, write_json  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from huajie.emergency import selectors  # noqa: E402
from huajie.emergency.models import (  # noqa: E402
    GradeCriterion,
    Hazard,
    Incident,
    KeyPlace,
    PlanGroup,
    PlanIncidentType,
    PlanMember,
    PlanStep,
)
from huajie.emergency.services import incidents as svc  # noqa: E402
from huajie.emergency.services import plans as plan_svc  # noqa: E402
from huajie.notices.services import notifications_suppressed  # noqa: E402
from huajie.orgs.demo import seed_demo  # noqa: E402
from huajie.orgs.models import Role, RoleCode, Unit, User  # noqa: E402

BATCH = 5000


def _plan(name: str, members: int, commander: User, admin: User) -> PlanIncidentType:
    existing = PlanIncidentType.objects.filter(version__plan__name=name).first()
    if existing is not None:
        return existing
    county, em = Unit.objects.get(code="QHX"), Unit.objects.get(code="QHX-YJJ")
    role = Role.objects.get(code=RoleCode.HANDLER)
    plan = plan_svc.plan_create(unit=em, area_unit=county, name=name, acting_user=admin, header={
        "issuing_organ": "清河县人民政府办公室", "scope_text": "基准测试", "principles": "基准测试",
        "command_name": "基准测试指挥部", "effective_on": date(2026, 1, 1)})  # fmt: skip
    v = plan.versions.get()
    groups = [PlanGroup.objects.create(version=v, kind="command" if g == 0 else "work",
                                       name=f"第{g}组", duties="基准测试", order=g)
              for g in range(5)]  # fmt: skip
    for i in range(members - 1):
        user = User.objects.create(username=f"bench-{name}-{i}", full_name=f"成员{i}",
                                   unit=county)  # fmt: skip
        user.roles.set([role])
        PlanMember.objects.create(group=groups[1 + i % 4], user=user,
                                  position="leader" if i < 4 else "member")  # fmt: skip
    PlanMember.objects.create(group=groups[0], user=commander, position="leader")
    t = PlanIncidentType.objects.create(version=v, name="基准事件")
    GradeCriterion.objects.create(incident_type=t, grade=4, people_min=1, text="一般")
    for k, g in enumerate(groups[1:]):
        PlanStep.objects.create(incident_type=t, order=k, action=f"步骤{k}", group=g, minutes=30)
    plan_svc.version_put_in_force(version=v, acting_user=admin)
    return t


def _incident(t: PlanIncidentType, duty: User, n: int) -> Incident:
    return svc.incident_register(
        data=svc.IncidentInput(
            incident_type=t,
            title=f"基准事件{n}",
            place="县城",
            description="基准测试",
            received_at=timezone.now() - timedelta(minutes=5),
            people_count=10,
        ),
        acting_user=duty,
    )


def bench_activation(commander: User, duty: User, admin: User, repeats: int) -> dict[str, Any]:
    t = _plan("基准预案100人", 100, commander, admin)
    samples = []
    for n in range(repeats):
        incident = _incident(t, duty, n)
        began = time.perf_counter()
        svc.incident_activate(incident=incident, grade=4, acting_user=commander)
        samples.append((time.perf_counter() - began) * 1000)
        assert incident.responders.count() == 100  # noqa: S101
        with notifications_suppressed():  # off the board measured next
            svc.incident_stand_down(incident=incident, resolution="基准测试结束",
                                    acting_user=commander)  # fmt: skip
    return summarize(samples)


def fill_board(commander: User, duty: User, admin: User, n: int) -> None:
    t = _plan("基准预案12人", 12, commander, admin)
    have = Incident.objects.filter(status="active", plan_version__plan__name="基准预案12人").count()
    with notifications_suppressed():
        for k in range(have, n):
            svc.incident_activate(incident=_incident(t, duty, k), grade=4, acting_user=commander)


def fill_hazards(n: int, admin: User) -> None:
    have = Hazard.objects.count()
    rng = random.Random(13)  # noqa: S311 - synthetic data
    units = list(Unit.objects.all())
    people = list(User.objects.filter(unit__isnull=False)[:50])
    places = [KeyPlace.objects.get_or_create(unit=u, name=f"{u.name}重点场所",
                                             defaults={"checklist": "安全出口畅通"})[0]
              for u in units]  # fmt: skip
    today = timezone.localdate()
    for first in range(have, max(have, n), BATCH):
        rows = []
        for i in range(first, min(n, first + BATCH)):
            p = rng.choice(places)
            status = rng.choice(["open", "open", "rectified", "closed", "closed", "closed"])
            deadline = today + timedelta(days=rng.randint(-200, 60))
            major = rng.random() < 0.05
            rows.append(Hazard(
                unit_id=p.unit_id, place=p, item="安全出口畅通", description=f"合成隐患{i}",
                level="major" if major else "general", deadline=deadline,
                responsible=rng.choice(people), status=status, created_by=admin,
                measures="整改" if major else "", contingency="值守" if major else "",
                rectified_on=deadline - timedelta(days=rng.randint(-5, 10))
                if status != "open" else None,
            ))  # fmt: skip
        with transaction.atomic():
            Hazard.objects.bulk_create(rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE emergency_hazard")


def measure(fn: Any, repeats: int) -> dict[str, Any]:
    fn()
    fn()
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    return summarize(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hazards", type=int, default=100_000)
    parser.add_argument("--incidents", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--name", help="write bench/results/<name>.json")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    for code, label in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": label})
    seed_demo()
    commander, duty = User.objects.get(username="commander"), User.objects.get(username="duty")
    admin = User.objects.get(username="admin")
    figures: dict[str, Any] = {"activate.100_members": bench_activation(commander, duty, admin, 5)}
    fill_board(commander, duty, admin, args.incidents)
    fill_hazards(args.hazards, admin)
    client = Client()
    client.force_login(commander)

    def get(url: str) -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response

    figures["selector.board"] = measure(lambda: selectors.board_rows(user=commander), args.repeats)
    figures["http.board"] = measure(lambda: get("/emergency/"), args.repeats)
    figures["http.plans_baseline"] = measure(lambda: get("/emergency/plans/"), args.repeats)
    leader = User.objects.get(username="leader")
    for name, f in {
        "open": selectors.HazardFilters(),
        "overdue": selectors.HazardFilters(status="overdue"),
        "major": selectors.HazardFilters(status="all", level="major"),
    }.items():
        qs = selectors.hazard_list_for_user(user=leader, filters=f)
        figures[f"selector.hazards.{name}"] = measure(
            lambda qs=qs: (list(qs[:200]), qs.count()), args.repeats)  # fmt: skip

    def board() -> None:
        today = timezone.localdate()
        f = selectors.HazardFilters()
        counts = selectors.hazard_counts(user=leader, today=today)
        selectors.hazard_board_count(user=leader, filters=f, counts=counts, today=today)
        selectors.hazard_board_page(user=leader, filters=f, offset=0, limit=50, today=today)

    figures["selector.hazard_board"] = measure(board, args.repeats)
    client.force_login(leader)
    figures["http.hazard_board"] = measure(lambda: get("/emergency/hazards/"), args.repeats)
    figures["http.hazard_rates"] = measure(lambda: get("/emergency/hazards/rates/"), 5)
    figures["http.hazard_board_overdue"] = measure(
        lambda: get("/emergency/hazards/?status=overdue"), args.repeats)  # fmt: skip
    result = {
        "database": connection.vendor,
        "hazards": Hazard.objects.count(),
        "active_incidents": Incident.objects.filter(status="active").count(),
        "machine": machine(),
        "note": "shared machine: 2 cores, several agents running at the same time",
        "figures": figures,
    }
    for key, value in figures.items():
        print(f"{key:32} median {value['median_ms']:8.2f} ms   p95 {value['p95_ms']:8.2f} ms")
    if args.name:
        write_json(args.name, result)


if __name__ == "__main__":
    main()
