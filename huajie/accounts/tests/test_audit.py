import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from huajie.accounts.admin import SecurityEventAdmin
from huajie.accounts.models import AppendOnlyError, SecurityEvent, SecurityEventKind
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import make_user

from .conftest import PASSWORD, login


@pytest.mark.django_db
def test_login_logout_and_failure_are_recorded_with_ip_and_browser(client, clerk):
    client.defaults["HTTP_USER_AGENT"] = "Mozilla/5.0 (Windows NT 10.0) Chrome/120"
    login(client, "wangli", "wrong-password")
    login(client, "wangli", PASSWORD)
    response = client.post("/accounts/logout/", follow=True)
    assert "您已退出登录。" in response.content.decode()

    events = list(SecurityEvent.objects.order_by("id"))
    assert [e.kind for e in events] == [
        SecurityEventKind.LOGIN_FAILED,
        SecurityEventKind.LOGIN,
        SecurityEventKind.LOGOUT,
    ]
    failed, logged_in, logged_out = events
    assert failed.user is None and failed.username == "wangli"
    assert logged_in.user == clerk and logged_out.user == clerk
    assert all(e.ip_address == "127.0.0.1" for e in events)
    assert all(e.user_agent.startswith("Mozilla/5.0") for e in events)


@pytest.mark.django_db
def test_logout_needs_a_post(client, clerk):
    login(client, "wangli", PASSWORD)
    assert client.get("/accounts/logout/").status_code == 405
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.LOGOUT).exists()


@pytest.fixture
def event(clerk):
    return SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, user=clerk, username="wangli")


@pytest.mark.django_db
def test_the_model_refuses_to_update_or_delete_an_event(event):
    event.username = "someone-else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(pk=event.pk).update(username="x")
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(pk=event.pk).delete()
    assert SecurityEvent.objects.get(pk=event.pk).username == "wangli"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sql", "vendors"),
    [
        (
            "UPDATE accounts_securityevent SET username = 'x' WHERE id = %s",
            {"sqlite", "postgresql"},
        ),
        ("DELETE FROM accounts_securityevent WHERE id = %s", {"postgresql"}),
    ],
)
def test_the_database_refuses_sql_that_bypasses_the_model(event, sql, vendors):
    if connection.vendor not in vendors:
        pytest.skip(f"no such append-only trigger on {connection.vendor} (see migration 0002)")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert SecurityEvent.objects.get(pk=event.pk).username == "wangli"


@pytest.mark.django_db
def test_a_user_with_an_audit_trail_cannot_be_deleted(event, clerk):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        clerk.delete()


@pytest.mark.django_db
def test_admins_may_read_the_audit_but_nobody_may_change_it(unit, event):
    admin_user = make_user(unit, RoleCode.ADMIN, username="sysadmin")
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    handler = make_user(unit, RoleCode.HANDLER, username="handler")
    handler.is_staff = True
    handler.save(update_fields=["is_staff"])
    model_admin = SecurityEventAdmin(SecurityEvent, site)
    rf = RequestFactory()
    for user, can_view in [(admin_user, True), (handler, False)]:
        request = rf.get("/admin/")
        request.user = user
        assert model_admin.has_view_permission(request, event) is can_view
        assert model_admin.has_module_permission(request) is can_view
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, event)
        assert not model_admin.has_delete_permission(request, event)


@pytest.mark.django_db
def test_an_admin_sees_the_audit_list_and_a_read_only_detail_page(client, unit, event):
    admin_user = make_user(unit, RoleCode.ADMIN, username="sysadmin")
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    login(client, "sysadmin", PASSWORD)
    listing = client.get("/admin/accounts/securityevent/?kind=login&q=wangli")
    assert listing.status_code == 200
    assert "wangli" in listing.content.decode()
    detail = client.get(f"/admin/accounts/securityevent/{event.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.get("/admin/accounts/securityevent/add/").status_code == 403
    assert client.post(f"/admin/accounts/securityevent/{event.pk}/delete/").status_code == 403
    assert SecurityEvent.objects.filter(pk=event.pk).exists()
