"""Celery tasks (Redis broker in production; eager in the embedded SQLite setup)."""

from celery import shared_task

from .services import petitions_sweep


@shared_task(name="petitions.sweep_deadlines")
def sweep_deadlines() -> int:
    return petitions_sweep()
