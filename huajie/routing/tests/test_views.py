"""The registration form's fragment and the admin's routing pages."""

from __future__ import annotations

import pytest

from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_county, make_unit, make_user
from huajie.petitions.models import Category
from huajie.petitions.services.categories import categories_load
from huajie.routing.services import keyword_rule_save, router_train

pytestmark = pytest.mark.django_db
SUGGEST = "/routing/suggest/"
RUNS = "/admin/routing/trainingrun/"


def staff_admin():
    user = make_user(make_unit(), RoleCode.ADMIN, username="sysadmin")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_the_registration_form_has_the_suggestion_slot_and_its_script(client):
    c = make_county()
    client.force_login(c.clerk)
    page = client.get("/petitions/new/").content.decode()
    assert 'id="routing-suggestions"' in page and 'data-routing-url="/routing/suggest/"' in page
    assert "routing/suggest.js" in page


def test_the_fragment_lists_the_proposals_labelled_as_rules(client):
    c = make_county()
    categories_load(triples=[("劳动和社会保障", "工资福利", "工资发放")])
    keyword_rule_save(
        category=Category.objects.get(name="工资发放"),
        keyword_text="拖欠工资",
        unit=c.other_dept,
        acting_user=c.clerk,
    )
    client.force_login(c.clerk)
    html = client.post(SUGGEST, {"title": "拖欠工资", "content": "三个月"}).content.decode()
    assert "劳动和社会保障/工资福利/工资发放" in html and "按关键词规则" in html
    assert 'data-routing-rank="1"' in html and c.other_dept.name in html
    assert client.post(SUGGEST, {"title": "路灯不亮"}).content.decode().strip() == ""


def test_the_fragment_is_refused_to_users_without_an_intake_role(client):
    client.force_login(make_user(make_unit(), RoleCode.MEDIATOR))
    assert client.post(SUGGEST, {"title": "拖欠工资"}).status_code == 403
    assert client.get(SUGGEST).status_code == 405


def test_the_admin_page_shows_the_rules_in_use_before_any_model(client, db):
    client.force_login(staff_admin())
    page = client.get(RUNS).content.decode()
    assert "尚无可用模型：按关键词规则建议" in page


def test_the_admin_page_shows_the_model_in_use_and_its_figures(client, history):
    router_train()
    client.force_login(staff_admin())
    page = client.get(RUNS).content.decode()
    assert "模型 v1" in page and "router-v0001.joblib" in page
    assert "问题分类" in page and "承办单位" in page and "宏平均F1" in page
    assert "建议采纳率" in page


def test_the_admin_can_train_from_the_page(client, history):
    client.force_login(staff_admin())
    response = client.post(RUNS + "train/", follow=True)
    assert "已训练模型 v1" in response.content.decode()
    assert "训练用时：读取历史" in response.content.decode()  # where the time went


def test_the_admin_page_warns_about_a_damaged_model_file(client, history, router_dir):
    router_train()
    (router_dir / "router-v0001.joblib").write_bytes(b"\0")
    from huajie.routing import store

    store.forget()
    client.force_login(staff_admin())
    page = client.get(RUNS).content.decode()
    assert "router-v0001.joblib 已损坏或版本不符" in page


def test_others_cannot_see_the_routing_admin(client, db):
    user = make_user(make_unit(), RoleCode.CLERK)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    assert client.get(RUNS).status_code in (302, 403)


def test_the_suggestion_records_list_cases_by_number_not_by_summary(client):
    from huajie.petitions.tests.factories import register

    c = make_county()
    case = register(c, title="某局长收受红包")
    client.force_login(staff_admin())
    page = client.get("/admin/routing/suggestion/").content.decode()
    assert case.reg_no in page and "某局长收受红包" not in page
    from huajie.routing.models import Suggestion

    recorded = Suggestion.objects.get(petition=case)
    detail = client.get(f"/admin/routing/suggestion/{recorded.pk}/change/").content.decode()
    assert case.reg_no in detail and "某局长收受红包" not in detail


def test_the_unit_accepted_on_the_form_reaches_the_case_suggestion(client):
    """The slot's hidden x_routing_unit is posted with the form and stored with the case; a
    form sent back with an error keeps it."""
    from huajie.petitions.models import Petition
    from huajie.petitions.tests.test_views import registration_post
    from huajie.routing.models import Suggestion

    c = make_county()
    categories_load(triples=[("城乡建设", "城市建设和市政管理", "小区管理")])
    keyword_rule_save(
        category=Category.objects.get(name="小区管理"),
        keyword_text="外墙、物业",
        unit=c.other_dept,
        acting_user=c.clerk,
    )
    client.force_login(c.clerk)
    chosen = {"x_routing_unit": str(c.other_dept.pk)}
    bad = client.post("/petitions/new/", registration_post(received_on="", **chosen))
    assert bad.status_code == 400
    assert f'name="x_routing_unit" value="{c.other_dept.pk}"' in bad.content.decode()
    client.post("/petitions/new/", registration_post(**chosen))
    recorded = Suggestion.objects.get(petition=Petition.objects.get())
    assert recorded.units[0]["id"] == c.other_dept.pk
    assert recorded.chosen_unit == c.other_dept and recorded.unit_rank == 1


def test_the_admin_page_shows_acceptance_per_month_and_per_unit_with_counts(client):
    from huajie.petitions.tests.factories import register

    c = make_county()
    categories_load(triples=[("城乡建设", "城市建设和市政管理", "小区管理")])
    leaf = Category.objects.get(name="小区管理")
    keyword_rule_save(category=leaf, keyword_text="外墙", unit=c.dept, acting_user=c.clerk)
    register(c, title="小区外墙脱落", category=leaf, extras={"x_routing_unit": str(c.dept.pk)})
    client.force_login(staff_admin())
    page = client.get(RUNS).content.decode()
    assert 'data-testid="acceptance-months"' in page and 'data-testid="acceptance-units"' in page
    assert page.count("1/1（100%）") >= 4 and c.office.name in page
