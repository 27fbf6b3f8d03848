import pytest
from django.urls import reverse

from huajie.accounts.navigation import PLANNED
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_user

from .conftest import PASSWORD, login

# role -> a phrase from its card (Chinese, the default language)
CARD_TEXT = {
    RoleCode.CLERK: "登记信访事项",
    RoleCode.HANDLER: "暂无待办。新分派的信访事项会出现在这里。",
    RoleCode.LEADER: "待阅/督办",
    RoleCode.MEDIATOR: "矛盾纠纷调解",
    RoleCode.DUTY_OFFICER: "值班值守",
    RoleCode.COMMANDER: "启动应急预案，调度各工作组。",
    RoleCode.ADMIN: "安全审计",
}


@pytest.mark.django_db
def test_home_needs_a_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


@pytest.mark.django_db
def test_the_login_page_names_the_product(client):
    page = client.get("/accounts/login/").content.decode()
    assert "化解" in page and "Huajie" in page
    assert "信访·调解·值班·应急 一体化平台" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(RoleCode.values))
def test_home_greets_the_user_and_shows_the_card_of_their_role(client, unit, role):
    user = make_user(unit, role, username=f"u-{role}")
    user.full_name = "赵六"
    user.save(update_fields=["full_name"])
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "您好，赵六" in page
    assert unit.name in page
    assert CARD_TEXT[role] in page
    others = [text for code, text in CARD_TEXT.items() if code != role]
    assert not any(text in page for text in others)


@pytest.mark.django_db
def test_links_to_modules_not_built_yet_are_disabled_and_say_so(client, unit):
    planned = PLANNED[0]  # not built yet (statistics)
    client.force_login(make_user(unit, RoleCode.LEADER, username="someone"))
    page = client.get("/").content.decode()
    assert "建设中" in page
    assert f'href="{planned.route}"' not in page and "/analytics/" not in page
    assert 'href="/orgs/"' in page


@pytest.mark.django_db
def test_the_admin_card_links_to_the_admin_screens(client, unit):
    admin_user = make_user(unit, RoleCode.ADMIN, username="sysadmin")
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    client.force_login(admin_user)
    page = client.get("/").content.decode()
    for name in [
        "admin:index",
        "admin:orgs_user_changelist",
        "admin:orgs_holidayschedule_changelist",
        "admin:accounts_securityevent_changelist",
    ]:
        assert f'href="{reverse(name)}"' in page


@pytest.mark.django_db
def test_the_admin_console_link_is_for_admins_only(client, clerk):
    client.force_login(clerk)
    assert f'href="{reverse("admin:index")}"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_user_without_roles_is_told_what_to_do(client, unit):
    client.force_login(make_user(unit, username="norole"))
    page = client.get("/").content.decode()
    assert "您的账户尚未分配角色" in page


@pytest.mark.django_db
def test_the_language_switch_changes_the_interface_to_english_and_back(client, clerk):
    login(client, "wangli", PASSWORD)
    assert "退出登录" in client.get("/").content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "Log out" in page and "Hello, 王丽" in page
    assert '<html lang="en">' in page

    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "您好，王丽" in client.get("/").content.decode()
