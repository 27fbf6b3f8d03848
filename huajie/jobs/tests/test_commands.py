from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from huajie.jobs.management.commands import run_scheduler
from huajie.jobs.models import JobOutcome, JobRun, JobTrigger
from huajie.jobs.registry import Job, all_jobs

TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, 6, 59, 30, tzinfo=TZ)


class Stop(Exception):
    pass


def boom() -> None:
    raise RuntimeError("数据库连接中断")


@pytest.mark.django_db
def test_once_runs_every_registered_job_due_now(capsys):
    # The clock stands still: on a slow run the every-minute jobs would be due again.
    with time_machine.travel(START, tick=False):
        call_command("run_scheduler", "--once")
        out = capsys.readouterr().out
        assert "petitions.sweep_deadlines 成功" in out and "jobs.prune_runs 成功" in out
        assert set(JobRun.objects.values_list("job", "trigger")) == {
            (job.name, JobTrigger.SCHEDULER) for job in all_jobs()
        }
        call_command("run_scheduler", "--once")
        assert JobRun.objects.count() == len(all_jobs())  # nothing more was due


@pytest.mark.django_db
def test_the_scheduler_sleeps_until_the_next_due_job_and_a_failure_does_not_stop_it(
    only_jobs, monkeypatch, capsys
):
    calls: list[str] = []

    def daily() -> str:
        calls.append("daily")
        return "done"

    only_jobs(
        Job(name="t.boom", run=boom, every=timedelta(minutes=1)),
        Job(name="t.daily", run=daily, at=(time(7, 0),)),
    )
    sleeps: list[float] = []
    with time_machine.travel(START, tick=False) as clock:

        def sleep(seconds: float) -> None:
            sleeps.append(seconds)
            if len(sleeps) == 3:
                raise Stop
            clock.shift(timedelta(seconds=seconds))

        monkeypatch.setattr(run_scheduler.time, "sleep", sleep)
        # between rounds the scheduler drops stale connections; here that is the test's own
        monkeypatch.setattr(run_scheduler, "close_old_connections", lambda: None)
        with pytest.raises(Stop):
            call_command("run_scheduler")
    assert sleeps == [30.0, 60.0, 60.0]
    assert calls == ["daily", "daily"]  # the missed 07:00 of yesterday at start, then today's
    assert JobRun.objects.filter(job="t.boom", outcome=JobOutcome.FAILED).count() == 3
    out = capsys.readouterr().out
    assert "t.boom 失败：RuntimeError: 数据库连接中断" in out
    assert "2026-03-02 07:00:00 t.daily 成功：done" in out


@pytest.mark.django_db
def test_run_job_runs_one_job_on_demand(capsys):
    call_command("run_job", "jobs.prune_runs")
    assert "jobs.prune_runs 成功：0" in capsys.readouterr().out
    run = JobRun.objects.get()
    assert run.trigger == JobTrigger.COMMAND and run.slot is None


@pytest.mark.django_db
def test_run_job_fails_loudly_for_cron_when_the_job_fails(extra_job):
    extra_job(Job(name="t.boom", run=boom, at=(time(7, 0),)))
    with pytest.raises(CommandError, match="运行失败"):
        call_command("run_job", "t.boom")
    assert JobRun.objects.get().outcome == JobOutcome.FAILED


@pytest.mark.django_db
def test_run_job_names_the_known_jobs_when_the_name_is_wrong():
    known = "、".join(job.name for job in all_jobs())
    with pytest.raises(CommandError, match=f"已登记的任务：{known}"):
        call_command("run_job", "petitions.sweep")


@pytest.mark.django_db
def test_run_job_without_a_name_lists_schedule_last_run_and_next_due(capsys):
    with time_machine.travel(START, tick=False):
        call_command("run_job", "jobs.prune_runs")
        capsys.readouterr()
        call_command("run_job")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(all_jobs())
    assert (
        "jobs.prune_runs  每天 03:30  上次：2026-03-02 06:59:30 成功  下次：2026-03-03 03:30"
        in lines
    )
    assert "petitions.sweep_deadlines  每天 07:00  上次：从未运行  下次：2026-03-02 07:00" in lines


@pytest.mark.django_db
def test_sweep_deadlines_still_works_and_is_recorded_as_the_job(capsys):
    call_command("sweep_deadlines")
    assert "petitions.sweep_deadlines 成功" in capsys.readouterr().out
    assert JobRun.objects.get().job == "petitions.sweep_deadlines"


@pytest.mark.django_db
def test_a_round_that_fails_outright_is_logged_and_tried_again_a_minute_later(monkeypatch, caplog):
    def database_away() -> list[JobRun]:
        raise ConnectionError("数据库不可用")

    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        raise Stop

    monkeypatch.setattr(run_scheduler, "jobs_run_due", database_away)
    monkeypatch.setattr(run_scheduler, "close_old_connections", lambda: None)
    monkeypatch.setattr(run_scheduler.time, "sleep", sleep)
    with pytest.raises(Stop):
        call_command("run_scheduler")
    assert sleeps == [run_scheduler.IDLE_SECONDS]
    assert "Scheduler round failed" in caplog.text and "数据库不可用" in caplog.text
