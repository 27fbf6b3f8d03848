"""Issue 15 item 11 (个人信息保护法): no clear ID or phone number reaches the logs, the database,
a URL or an error page — through a registration, a search by ID and by phone, a failed validation
and a server error, with every logger at DEBUG (SQL included) and what the error e-mail to ADMINS
would carry; the database read whole, table by table (sessions decoded)."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.views.debug import ExceptionReporter

from huajie.duty.services.log import entry_create
from huajie.mediation.tests.factories import make_town
from huajie.mediation.tests.factories import register as register_dispute
from huajie.orgs.models import RoleCode
from huajie.orgs.tests.factories import VALID_IDS, make_user
from huajie.petitions import services as petition_services
from huajie.petitions.models import Petition
from huajie.petitions.tests.factories import County, make_county

pytestmark = pytest.mark.django_db
ID_NUMBER = VALID_IDS[3]  # "440304199511053038"
PHONE = "13700001111"
DUTY_PHONE = "13600002222"
SECRETS = (ID_NUMBER, PHONE, DUTY_PHONE, "137 0000 1111", VALID_IDS[1], "13987654321")
NOW = datetime(2025, 10, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v or "" for k, v in attrs if k in ("href", "action", "src", "hx-get")]


class Everything(logging.Handler):
    """Every record formatted with its traceback, and for a server error the report Django's
    AdminEmailHandler would mail (POST data, each frame's variables)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.text = io.StringIO()
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.text.write(self.format(record) + "\n")
        request = getattr(record, "request", None)
        if record.exc_info and request is not None:
            kind, value, trace = record.exc_info
            report = ExceptionReporter(request, kind, value, trace, is_email=True)
            self.text.write(report.get_traceback_text() + "\n")


@pytest.fixture
def logs() -> Iterator[Everything]:
    """Every logger at DEBUG, the SQL of every query logged too."""
    handler = Everything()
    loggers = [logging.getLogger(), *map(logging.getLogger, list(logging.root.manager.loggerDict))]
    levels = [(lg, lg.level) for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    connection.force_debug_cursor = True
    try:
        yield handler
    finally:
        connection.force_debug_cursor = False
        logging.getLogger().removeHandler(handler)
        for lg, level in levels:
            lg.setLevel(level)


def registration(**overrides: str) -> dict[str, str]:
    data = {
        "received_on": "2025/9/30",
        "channel": "visit",
        "petition_class": "complaint",
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "200",
        "p-0-name": "何秀梅",
        "p-0-id_number": ID_NUMBER,
        "p-0-phone": "137 0000 1111",
        "p-0-address": "清河县城关镇西门社区5栋",
        "title": "楼道积水无人处理",
        "content": "西门社区5栋楼道长期积水，多次反映无果，请求物业和住建部门处理。",
        "category": "",
        "region": "",
        "place": "西门社区5栋",
    }
    data.update(overrides)
    return data


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


class Walk:
    """A clerk's session, keeping every URL asked, redirected to or linked, and every page."""

    def __init__(self, c: County) -> None:
        self.client = Client(raise_request_exception=False)
        self.client.force_login(c.clerk)
        self.urls: list[str] = []
        self.pages: dict[str, str] = {}

    def send(self, method: str, url: str, data: dict[str, str] | None = None) -> Any:
        response = getattr(self.client, method)(url, data or {})
        self.urls.append(url)
        while response.status_code in (301, 302, 303):
            self.urls.append(response["Location"])
            response = self.client.get(response["Location"])
        body = response.content.decode()
        if response.get("Content-Type", "").startswith("text/html"):
            parser = Urls()
            parser.feed(body)
            self.urls += parser.urls
        self.pages[f"{method.upper()} {url} → {response.status_code}"] = body
        return response


def without_input_values(html: str) -> str:
    """A page less what the user typed into its inputs (kept so that bad input loses nothing)."""
    return re.sub(r'<input[^>]*\svalue="[^"]*"', "<input", html)


def test_no_clear_id_or_phone_number_in_logs_database_urls_or_error_pages(
    logs: Everything, monkeypatch: pytest.MonkeyPatch
) -> None:
    with time_machine.travel(NOW, tick=False):
        c = make_county()
        walk = Walk(c)
        # a registration through the page, and the case's page with its masked numbers
        walk.send("post", reverse("petitions:register"), registration())
        petition = Petition.objects.get(title="楼道积水无人处理")
        assert walk.send("get", reverse("petitions:detail", args=[petition.pk])).status_code == 200
        # searches by ID number and by phone number, then a page of the result
        for keyword in (ID_NUMBER, "137-0000-1111"):
            found = walk.send("post", reverse("petitions:index"), {"q": keyword, "status": ""})
            assert (
                "楼道积水无人处理" in found.content.decode()
                and "共 <strong>1</strong> 条" in found.content.decode()
            )
        assert any("qt=" in url for url in walk.urls)
        walk.send("get", walk.urls[-3] + "&page=1&sort=reg_no")
        # failed validations: a wrong phone beside a valid ID, a wrong check digit
        register = reverse("petitions:register")
        bad_phone = walk.send("post", register, registration(**{"p-0-phone": "1370000111"}))
        wrong_digit = {"p-0-id_number": ID_NUMBER[:-1] + "9"}
        bad_id = walk.send("post", register, registration(**wrong_digit))
        assert bad_phone.status_code == bad_id.status_code == 400
        # the API's validation error and a server error while registering
        api = walk.client.post(
            "/api/v1/petitions/",
            {"petitioners": [{"name": "何秀梅", "id_number": ID_NUMBER, "phone": "137000011"}]},
            content_type="application/json",
        )
        assert api.status_code == 400
        walk.pages["API 400"] = api.content.decode()

        def fail(**kwargs: Any) -> None:
            raise RuntimeError("the database went away")

        monkeypatch.setattr(petition_services, "petition_register", fail)  # a fault injected
        crashed = walk.send("post", reverse("petitions:register"), registration())
        assert crashed.status_code == 500

    # the other tables that hold numbers: a dispute's parties, a duty-log caller
    with time_machine.travel(date(2025, 12, 20)):
        register_dispute(make_town())
    entry_create(
        unit=c.office, received_at=NOW, channel="phone", content="来电反映楼道积水。",
        caller_name="何女士", caller_phone=DUTY_PHONE,
        acting_user=make_user(c.office, RoleCode.DUTY_OFFICER),
    )  # fmt: skip
    log_text = logs.text.getvalue()
    assert "Internal Server Error" in log_text and "INSERT" in log_text  # the capture works
    assert leaks(log_text) == [], "a number in the logs"
    assert [u for u in walk.urls if leaks(u)] == [], "a number in a URL"
    assert leaks(without_input_values(crashed.content.decode())) == []
    for name, body in walk.pages.items():
        assert leaks(without_input_values(body)) == [], f"a number on {name}"
    dump = database_dump()
    assert leaks(dump) == [], "a number in the database"
    print(  # the figures in docs/reliability.md (pytest -s)
        f"privacy: {log_text.count(chr(10))} log lines, {len(walk.urls)} URLs, "
        f"{len(walk.pages)} pages, {len(dump.splitlines())} dumped rows and statements"
    )


def database_dump() -> str:
    """Every row of every table as text (SQLite's own dump as well), sessions decoded."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor, include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            parts += [repr(row) for row in cursor.fetchall()]
            if table == "django_session":
                cursor.execute("SELECT session_data FROM django_session")
                parts += [repr(SessionStore().decode(data)) for (data,) in cursor.fetchall()]
    if connection.vendor == "sqlite":
        parts += list(connection.connection.iterdump())
    dump = "\n".join(parts)
    assert "何秀梅" in dump and "楼道积水无人处理" in dump  # the case is in it
    return dump


def test_a_search_by_number_travels_as_a_token_paging_and_export_included() -> None:
    from openpyxl import load_workbook

    with time_machine.travel(NOW, tick=False):
        c = make_county()
        client = Client()
        client.force_login(c.clerk)
        client.post(reverse("petitions:register"), registration())
        petition = Petition.objects.get(title="楼道积水无人处理")
        answer = client.post(reverse("petitions:index"), {"q": ID_NUMBER, "per_page": "50"})
        location = answer["Location"]
        assert answer.status_code == 302 and "qt=" in location and "per_page=50" in location
        assert not leaks(location)
        html = client.get(location + "&sort=reg_no&page=1").content.decode()
        assert petition.reg_no in html and "共 <strong>1</strong> 条" in html
        assert f'value="{ID_NUMBER}"' in html  # the box still shows what was typed
        links = Urls()
        links.feed(html)
        export = next(u for u in links.urls if u.startswith("/imports/export"))
        assert "qt=" in export and not leaks(export)
        workbook = client.get(export).getvalue()  # the streamed file, read whole
        sheet = load_workbook(io.BytesIO(workbook)).active
        assert sheet is not None and sheet.max_row == 2  # the header and the one case

        # the same address in another session: the number is not behind it there
        other = Client()
        other.force_login(c.clerk)
        html = other.get(location).content.decode()
        assert "检索的条件已过期" in html and 'data-testid="search-expired"' in html
        # a registration number stays readable in the address
        plain = client.post(reverse("petitions:index"), {"q": petition.reg_no})
        assert f"q={petition.reg_no}" in plain["Location"]
