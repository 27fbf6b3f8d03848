from __future__ import annotations

import pytest

from huajie.orgs.models import RoleCode, Unit, User
from huajie.orgs.tests.factories import make_unit, make_user

PASSWORD = "Test-Passw0rd!"


@pytest.fixture
def unit(db: None) -> Unit:
    return make_unit("清河县信访局")


@pytest.fixture
def clerk(unit: Unit) -> User:
    user = make_user(unit, RoleCode.CLERK, username="wangli")
    user.full_name = "王丽"
    user.save(update_fields=["full_name"])
    return user


def login(client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})
