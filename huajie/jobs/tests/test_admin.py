from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from huajie.jobs.models import JobOutcome, JobRun, JobTrigger
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
LIST = "/admin/jobs/jobrun/"


@pytest.fixture
def runs(db):
    def run(job: str, hours_ago: int, outcome: str, **fields: str) -> JobRun:
        started = NOW - timedelta(hours=hours_ago)
        return JobRun.objects.create(
            job=job,
            trigger=JobTrigger.SCHEDULER,
            started_at=started,
            finished_at=started + timedelta(seconds=2),
            outcome=outcome,
            **fields,
        )

    return [
        run("petitions.sweep_deadlines", 26, JobOutcome.OK, result="12"),
        run("jobs.prune_runs", 5, JobOutcome.FAILED, error="Traceback …\nOSError: 磁盘已满"),
        run("petitions.sweep_deadlines", 2, JobOutcome.OK, result="7"),
    ]


def staff(role: str | None, username: str):
    user = make_user(make_unit(), *([role] if role else []), username=username)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_admins_see_the_runs_newest_first_with_each_jobs_last_run_and_next_due(client, runs):
    client.force_login(staff(RoleCode.ADMIN, "sysadmin"))
    with time_machine.travel(NOW, tick=False):
        page = client.get(LIST).content.decode()
    assert page.index("OSError: 磁盘已满") < page.index(">12<")
    status = page[page.index('id="job-status"') : page.index('id="changelist"')]
    assert "每天 07:00" in status and "2026-03-02 07:00" in status  # last run 07:00 today
    assert "2026-03-03 07:00" in status  # next due
    assert "2026-03-03 03:30" in status and "失败" in status
    assert "2026-03-02 03:30 的计划尚未运行" in status  # the failed run was on demand


def test_the_list_filters_by_job_and_outcome(client, runs):
    client.force_login(staff(RoleCode.ADMIN, "sysadmin"))
    response = client.get(LIST, {"job": "jobs.prune_runs", "outcome": "failed"})
    assert [run.pk for run in response.context["cl"].result_list] == [runs[1].pk]
    response = client.get(LIST, {"job": "petitions.sweep_deadlines"})
    assert [run.pk for run in response.context["cl"].result_list] == [runs[2].pk, runs[0].pk]


def test_runs_are_for_administrators_only_and_nobody_edits_them(client, runs):
    client.force_login(staff(RoleCode.CLERK, "clerk"))
    assert client.get(LIST).status_code == 403
    client.force_login(staff(RoleCode.ADMIN, "sysadmin"))
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}{runs[0].pk}/delete/").status_code == 403
    detail = client.get(f"{LIST}{runs[0].pk}/change/").content.decode()
    assert 'name="_save"' not in detail
