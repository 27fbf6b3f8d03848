"""A portal-only deployment (in the DMZ, in front of the same database): production settings with
a URL map that mounts only /portal/ and the static files (`config/urls_portal.py`)."""

from .production import *  # noqa: F403

ROOT_URLCONF = "config.urls_portal"
