"""Notices reach the people concerned, show in the top bar, and open the case."""

from datetime import date

import pytest
import time_machine

from huajie.petitions.models import Notification
from huajie.petitions.tests.factories import make_county, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def c():
    with time_machine.travel(date(2025, 10, 20)):
        yield make_county()


def assigned(c):
    from huajie.petitions import services as s

    p = register(c)
    s.petition_accept(petition=p, acting_user=c.clerk, expected_version=p.version)
    s.petition_assign(
        petition=p,
        acting_user=c.clerk,
        expected_version=p.version,
        handling_unit=c.dept,
        responsible_leader=c.dept_leader,
        handler=c.handler,
    )
    return p


def test_the_bell_counts_unread_notices_and_opening_one_reads_it(c, client):
    p = assigned(c)
    client.force_login(c.handler)
    home = client.get("/").content.decode()
    assert 'data-testid="bell"' in home and ">1</span>" in home
    page = client.get("/petitions/notifications/").content.decode()
    assert p.reg_no in page and "未读" in page
    notice = Notification.objects.get(user=c.handler)
    response = client.post(f"/petitions/notifications/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/petitions/{p.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_nobody_reads_anothers_notices(c, client):
    assigned(c)
    notice = Notification.objects.get(user=c.handler)
    client.force_login(c.outsider)
    client.post(f"/petitions/notifications/{notice.pk}/")
    notice.refresh_from_db()
    assert notice.read_at is None
    assert "暂无通知" in client.get("/petitions/notifications/").content.decode()


def test_read_all(c, client):
    assigned(c)
    client.force_login(c.dept_leader)
    client.post("/petitions/notifications/read-all/")
    assert not Notification.objects.filter(user=c.dept_leader, read_at__isnull=True).exists()
