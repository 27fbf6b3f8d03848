"""The session's user comes with its unit and the unit's parent, in one query."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from huajie.accounts.backends import UnitModelBackend
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_unit, make_user


def test_one_query_reads_the_user_its_unit_and_its_parent(db, django_assert_num_queries):
    town = make_unit("城关镇")
    user = make_user(make_unit("城关镇人民调解委员会", parent=town), RoleCode.CLERK)
    with django_assert_num_queries(1):
        loaded = UnitModelBackend().get_user(user.pk)
        assert loaded is not None and loaded.unit is not None
        assert loaded.unit.parent == town and loaded.unit.parent.parent is None


def test_an_inactive_or_unknown_user_is_nobody(clerk):
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])
    assert UnitModelBackend().get_user(clerk.pk) is None
    assert UnitModelBackend().get_user(10**9) is None


def test_it_is_the_backend_of_sessions_and_passwords_still_sign_in(clerk):
    assert settings.AUTHENTICATION_BACKENDS == ["huajie.accounts.backends.UnitModelBackend"]
    client = Client()
    assert client.login(username="wangli", password="Test-Passw0rd!")
    assert client.session["_auth_user_backend"] == "huajie.accounts.backends.UnitModelBackend"
