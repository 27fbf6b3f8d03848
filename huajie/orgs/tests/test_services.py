import pytest
from django.core.management import call_command

from huajie.common.errors import ApplicationError
from huajie.orgs import services
from huajie.orgs.demo import DEMO_LOGINS
from huajie.orgs.models import Unit, User, WorkGroup
from huajie.orgs.tests.factories import make_unit


@pytest.mark.django_db
def test_unit_paths_follow_a_move_of_the_subtree():
    root = make_unit("县政府")
    town = make_unit("镇政府", parent=root)
    village = make_unit("村委会", parent=town)
    other = make_unit("另一个镇", parent=root)
    town.parent = other
    services.unit_save(unit=town, acting_user=None)
    village.refresh_from_db()
    assert village.path == f"/{root.pk}/{other.pk}/{town.pk}/{village.pk}/"
    assert village.depth == 3
    assert village.is_within(other) and not village.is_within(make_unit("无关"))


@pytest.mark.django_db
def test_a_unit_cannot_move_under_its_own_descendant():
    root = make_unit("县政府")
    town = make_unit("镇政府", parent=root)
    root.parent = town
    with pytest.raises(ApplicationError, match="不能把单位移到它自己或它的下级单位之下"):
        services.unit_save(unit=root, acting_user=None)
    root.refresh_from_db()
    assert root.parent_id is None


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_every_login_has_a_unit_and_role():
    call_command("seed_demo")
    counts = (Unit.objects.count(), User.objects.count(), WorkGroup.objects.count())
    call_command("seed_demo")
    assert (Unit.objects.count(), User.objects.count(), WorkGroup.objects.count()) == counts
    assert Unit.objects.filter(kind="village").count() == 9
    assert Unit.objects.filter(kind="town").count() == 3
    assert Unit.objects.filter(kind="mediation").count() == 3
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert user.unit is not None and login.role in user.role_codes
        assert user.check_password("Huajie@2026")
