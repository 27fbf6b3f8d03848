from datetime import time, timedelta

import pytest

from huajie.jobs.registry import Job, all_jobs, get_job


def noop() -> None:
    return None


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"every": timedelta(minutes=5), "at": (time(7, 0),)}, {"every": timedelta(seconds=30)}],
)
def test_a_job_runs_either_every_interval_of_a_minute_or_more_or_at_daily_times(kwargs):
    with pytest.raises(ValueError, match="demo"):
        Job(name="demo", run=noop, **kwargs)


def test_the_apps_declare_their_jobs_in_their_jobs_module():
    names = [job.name for job in all_jobs()]
    assert names == sorted(names)
    assert {"petitions.sweep_deadlines", "jobs.prune_runs"} <= set(names)
    assert get_job("jobs.prune_runs").at == (time(3, 30),)


def test_an_unknown_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="jobs.prune_runs"):
        get_job("nope")
