"""Celery app: Redis broker in production (REDIS_URL); eager in the embedded setup."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
app = Celery("huajie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
