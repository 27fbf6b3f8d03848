from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from huajie.jobs import registry
from huajie.jobs.registry import Job


@pytest.fixture
def only_jobs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Replace the registry with the given jobs for one test."""

    def replace(*jobs: Job) -> None:
        monkeypatch.setattr(registry, "_JOBS", {job.name: job for job in jobs})

    yield replace


@pytest.fixture
def extra_job(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Job], Job]]:
    """Add a job to the registry for one test."""

    def add(job: Job) -> Job:
        monkeypatch.setitem(registry._JOBS, job.name, job)
        return job

    yield add
