"""One action registry (issue 9): the case page and the API offer the same actions to the same
people, the permission is decided once, and every screen action exists in the API — including the
re-review hearing, which pauses the answer clock (《信访工作条例》第三十六条)."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from huajie.common.errors import ApplicationError
from huajie.common.timeline import EventSource
from huajie.orgs.tests.factories import make_user
from huajie.petitions import services as s
from huajie.petitions.actions import ACTIONS
from huajie.petitions.models import Petition
from huajie.petitions.tests import stages
from huajie.petitions.tests.factories import County, make_county, register

pytestmark = pytest.mark.django_db
TODAY = date(2025, 10, 20)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY):
        yield


@pytest.fixture
def c() -> County:
    return make_county()


def api_actions(user, petition: Petition) -> set[str]:
    client = APIClient()
    client.force_authenticate(user)
    detail = client.get(f"/api/v1/petitions/{petition.pk}/", format="json").json()
    return {a["action"] for a in detail.get("actions", [])}


def page_actions(client, user, petition: Petition) -> set[str]:
    client.force_login(user)
    response = client.get(reverse("petitions:detail", args=[petition.pk]))
    if response.status_code == 404:
        return set()
    return set(re.findall(r'data-action="([a-z_]+)"', response.content.decode()))


def in_handling(c: County) -> Petition:
    return stages.handling(c)


def under_rereview(c: County) -> Petition:
    p = in_handling(c)
    s.petition_reply(
        petition=p,
        acting_user=c.handler,
        expected_version=p.version,
        request="维修外墙",
        facts="外墙确有脱落",
        reasons="属物业维修责任",
        decision="explain",
        legal_basis="《物业管理条例》第五十五条",
    )
    s.petition_request_review(
        petition=p, acting_user=c.clerk, expected_version=p.version, reason="不服",
        reviewing_unit=c.county,
    )  # fmt: skip
    s.petition_answer_review(
        petition=p, acting_user=c.county_leader, expected_version=p.version, decision="explain",
        opinion="维持",
    )  # fmt: skip
    s.petition_request_rereview(
        petition=p, acting_user=c.clerk, expected_version=p.version, reason="仍不服",
        reviewing_unit=c.county,
    )  # fmt: skip
    return p


def test_the_case_page_and_the_api_offer_the_same_actions_to_everyone(client, c):
    second_clerk = make_user(c.office, "clerk")
    people = [c.clerk, second_clerk, c.office_leader, c.handler, c.dept_leader, c.county_leader,
              c.outsider]  # fmt: skip
    cases = [register(c), in_handling(c), under_rereview(c)]
    for petition in cases:
        for user in people:
            petition.refresh_from_db()
            assert page_actions(client, user, petition) == api_actions(user, petition), (
                user.username,
                petition.status,
            )


def test_every_action_of_the_registry_is_an_api_path_with_its_own_schema(c):
    schema = APIClient()
    schema.force_authenticate(c.clerk)
    text = schema.get("/api/v1/schema/").content.decode()
    for action in ACTIONS:
        assert f"/api/v1/petitions/{{id}}/actions/{action.name}/:" in text
    for name in ("extend", "note", "instruction", "remind", "supervise", "return_visit"):
        assert name in ACTIONS  # the screen's non-status actions


def test_the_full_view_button_is_shown_exactly_to_those_the_service_lets_see(client, c):
    second_clerk = make_user(c.office, "clerk")
    p = in_handling(c)
    for user in (c.clerk, second_clerk, c.handler, c.dept_leader, c.office_leader):
        client.force_login(user)
        html = client.get(reverse("petitions:detail", args=[p.pk])).content.decode()
        shown = "查看完整信息" in html
        party = p.parties.first()
        assert party is not None
        answer = client.post(reverse("petitions:reveal", args=[p.pk]), {"party": party.pk})
        assert shown == (answer.status_code == 200), user.username
    client.force_login(second_clerk)
    html = client.get(reverse("petitions:detail", args=[p.pk])).content.decode()
    assert "查看完整信息" not in html  # the registrar's colleague, with nothing to do on it


def test_a_rereview_hearing_pauses_and_resumes_the_answer_clock_through_the_api(c):
    p = under_rereview(c)
    answer = p.clocks.get(kind="rereview_answer")
    assert answer.due == date(2025, 11, 19)
    client = APIClient()
    client.force_authenticate(c.county_leader)
    url = f"/api/v1/petitions/{p.pk}/actions/"
    assert "hearing_start" in api_actions(c.county_leader, p)
    assert "hearing_start" not in api_actions(c.clerk, p)  # only the re-reviewing organ
    response = client.post(f"{url}hearing_start/", {"version": p.version, "note": "召开听证会"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert {a["action"] for a in body["actions"]} >= {"hearing_end"}
    paused = p.clocks.get(kind="rereview_answer")
    assert paused.paused_on == TODAY and paused.due is None
    with time_machine.travel(date(2025, 10, 27)):
        response = client.post(f"{url}hearing_end/", {"version": body["version"]})
    assert response.status_code == 200, response.json()
    resumed = p.clocks.get(kind="rereview_answer")
    assert resumed.due == date(2025, 11, 26)  # the 7 hearing days are not counted
    p.refresh_from_db()
    assert p.next_due == resumed.due
    kinds = list(p.events.filter(action__startswith="hearing").values_list("action", "source"))
    assert kinds == [("hearing_start", EventSource.API), ("hearing_end", EventSource.API)]


@pytest.mark.parametrize(
    ("on", "code"),
    [
        (date(2025, 10, 21), "date_in_future"),
        (date(1999, 12, 31), "date_too_early"),
        (date(2025, 9, 29), "date_before_receipt"),
    ],
)
def test_an_action_dated_outside_the_case_is_refused(c, on, code):
    p = register(c)  # received 2025-09-30
    with pytest.raises(ApplicationError) as err:
        s.petition_accept(petition=p, acting_user=c.clerk, expected_version=p.version, on=on)
    assert err.value.code == code and err.value.field == "on"
    p.refresh_from_db()
    assert p.status == "registered"


def test_a_step_dated_before_the_previous_one_is_refused(c):
    p = register(c)
    s.petition_accept(
        petition=p, acting_user=c.clerk, expected_version=p.version, on=date(2025, 10, 9)
    )
    with pytest.raises(ApplicationError) as err:
        s.petition_assign(
            petition=p, acting_user=c.clerk, expected_version=p.version, handling_unit=c.dept,
            responsible_leader=c.dept_leader, handler=c.handler, on=date(2025, 10, 8),
        )  # fmt: skip
    assert err.value.code == "date_before_previous_step"
    assert "2025-10-09" in err.value.message


def test_an_expired_handling_limit_cannot_be_extended(c):
    p = in_handling(c)  # accepted 2025-10-09: the handling limit ends 2025-12-08
    with time_machine.travel(date(2025, 12, 10)):
        p.refresh_from_db()
        assert "extend" not in api_actions(c.dept_leader, p)
        with pytest.raises(ApplicationError) as err:
            s.petition_extend(
                petition=p, acting_user=c.dept_leader, expected_version=p.version, days=10,
                reason="情况复杂",
            )  # fmt: skip
    assert err.value.code == "handling_expired"
    assert p.clocks.get(kind="handling").extension_days == 0


def test_the_web_screens_and_the_api_mark_their_events(client, c):
    p = register(c)
    client.force_login(c.clerk)
    client.post(
        reverse("petitions:act", args=[p.pk, "note"]),
        {"note-text": "电话联系物业", "note-version": str(p.version)},
    )
    api = APIClient()
    api.force_authenticate(c.clerk)
    p.refresh_from_db()
    api.post(f"/api/v1/petitions/{p.pk}/actions/note/", {"version": p.version, "text": "再次联系"})
    sources = list(p.events.order_by("id").values_list("kind", "source"))
    assert sources == [
        ("registered", EventSource.SYSTEM),
        ("note", EventSource.WEB),
        ("note", EventSource.API),
    ]


def test_nobody_is_notified_about_their_own_supervision(c):
    from huajie.notices.models import Notice

    p = in_handling(c)
    s.petition_supervise(
        petition=p, acting_user=c.dept_leader, kind="notice", note="请本周内办结",
        expected_version=p.version,
    )  # fmt: skip
    assert not Notice.objects.filter(recipient=c.dept_leader, message__contains="督办").exists()
    assert Notice.objects.filter(recipient=c.handler, message__contains="督办").exists()
