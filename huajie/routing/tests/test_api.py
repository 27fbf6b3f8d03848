"""The API: proposals for a text, and the suggestion recorded with a case (scoped)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_county, make_unit, make_user
from huajie.petitions.models import Category
from huajie.petitions.services.categories import categories_load
from huajie.petitions.tests.factories import register
from huajie.routing.services import keyword_rule_save, router_train

pytestmark = pytest.mark.django_db
URL = "/api/v1/routing/suggestions/"


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def rules():
    c = make_county()
    categories_load(triples=[("劳动和社会保障", "工资福利", "工资发放")])
    keyword_rule_save(
        category=Category.objects.get(name="工资发放"),
        keyword_text="拖欠工资、讨薪",
        unit=c.other_dept,
        acting_user=c.clerk,
    )
    return c


def test_a_text_gets_categories_with_their_path_and_units_with_confidence(rules):
    body = {"title": "拖欠工资", "content": "老板拖欠工资三个月，请帮忙讨薪"}
    data = _client(rules.clerk).post(URL, body, format="json").json()
    assert data["source"] == "rules" and data["source_label"] == "关键词规则"
    assert data["categories"][0]["name"] == "劳动和社会保障/工资福利/工资发放"
    assert 0 < data["categories"][0]["confidence"] <= 1
    assert data["units"] == [
        {
            "id": rules.other_dept.pk,
            "name": rules.other_dept.name,
            "confidence": 0.8,
        }  # 4 hits: 2 in the summary, 2 in the content
    ]


def test_the_accused_unit_is_never_proposed(rules):
    body = {"title": "拖欠工资", "content": "讨薪", "accused_unit": rules.other_dept.pk}
    data = _client(rules.clerk).post(URL, body, format="json").json()
    assert data["units"] == [] and data["categories"]


def test_empty_text_gets_nothing_and_no_error(rules):
    response = _client(rules.clerk).post(URL, {"title": "", "content": "嗯"}, format="json")
    assert response.status_code == 200
    assert response.json()["source"] == "none" and response.json()["categories"] == []


def test_a_user_without_an_intake_role_is_refused(rules):
    nobody = make_user(rules.dept, RoleCode.MEDIATOR)
    response = _client(nobody).post(URL, {"title": "拖欠工资"}, format="json")
    assert response.status_code == 403
    assert "登记、办理或值班人员" in response.json()["message"]


def test_the_recorded_suggestion_of_a_case_and_another_units_case_is_404(rules):
    case = register(rules, title="拖欠工资", content="讨薪", category=Category.objects.get(level=3))
    url = f"/api/v1/routing/petitions/{case.pk}/suggestion/"
    data = _client(rules.clerk).get(url).json()
    assert data["source"] == "rules" and data["category_rank"] == 1
    assert data["chosen_category"] == case.category_id
    stranger = make_user(make_unit("外县信访局"), RoleCode.CLERK)
    assert _client(stranger).get(url).status_code == 404


def test_the_model_answers_once_trained(history):
    router_train()
    clerk = history.county.clerk
    data = _client(clerk).post(URL, {"title": "单位拖欠工资三个月"}, format="json").json()
    assert data["source"] == "model" and data["model_version"] == 1
    assert data["source_label"] == "模型 v1"
    assert data["categories"][0]["name"] == "劳动和社会保障"
