"""Periodic jobs: one registry read by the embedded scheduler and by Celery beat."""
