"""The SMS backends: the file and console backends, and the HTTP gateway adapter against a real
local HTTP server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from huajie.portal.sms import (
    ConsoleBackend,
    FileBackend,
    HttpGatewayBackend,
    Sms,
    SmsError,
    backend,
    send_now,
)


class Gateway(BaseHTTPRequestHandler):
    received: list[dict] = []
    answer = b'{"ok": true}'

    def do_POST(self):  # noqa: N802 - http.server's name
        length = int(self.headers["Content-Length"])
        Gateway.received.append(
            {"body": json.loads(self.rfile.read(length)), "auth": self.headers["Authorization"]}
        )
        self.send_response(200)
        self.end_headers()
        self.wfile.write(Gateway.answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Gateway.received = []
    Gateway.answer = b'{"ok": true}'
    yield f"http://127.0.0.1:{server.server_port}/send"
    server.shutdown()
    server.server_close()


def test_the_gateway_adapter_posts_the_text_with_its_token(settings, gateway):
    settings.PORTAL_SMS_BACKEND = "huajie.portal.sms.HttpGatewayBackend"
    settings.PORTAL_SMS_GATEWAY = {"url": gateway, "token": "s3cret", "sign": "【清河县信访局】"}
    assert isinstance(backend(), HttpGatewayBackend)
    assert send_now(Sms(phone="13907311234", text="您的验证码为123456", purpose="code"))
    (call,) = Gateway.received
    assert call["auth"] == "Bearer s3cret"
    assert call["body"] == {
        "phone": "13907311234",
        "text": "您的验证码为123456",
        "purpose": "code",
        "sign": "【清河县信访局】",
    }


def test_a_refusal_by_the_gateway_is_a_failed_send_not_a_crash(settings, gateway):
    Gateway.answer = b'{"ok": false, "error": "quota"}'
    with pytest.raises(SmsError):
        HttpGatewayBackend({"url": gateway}).send(Sms("13907311234", "x"))
    settings.PORTAL_SMS_BACKEND = "huajie.portal.sms.HttpGatewayBackend"
    settings.PORTAL_SMS_GATEWAY = {"url": gateway}
    assert send_now(Sms("13907311234", "x")) is False


def test_an_unreachable_gateway_is_a_failed_send(settings):
    settings.PORTAL_SMS_BACKEND = "huajie.portal.sms.HttpGatewayBackend"
    settings.PORTAL_SMS_GATEWAY = {"url": "http://127.0.0.1:9/send", "timeout": 1}
    assert send_now(Sms("13907311234", "x")) is False


def test_the_gateway_needs_its_url():
    with pytest.raises(SmsError, match="PORTAL_SMS_GATEWAY"):
        HttpGatewayBackend({})


def test_the_file_backend_appends_one_json_line_per_text(tmp_path):
    out = FileBackend(tmp_path / "sms.log")
    out.send(Sms("13907311234", "第一条"))
    out.send(Sms("13907311235", "第二条"))
    lines = [json.loads(x) for x in (tmp_path / "sms.log").read_text("utf-8").splitlines()]
    assert [(x["phone"], x["text"]) for x in lines] == [
        ("13907311234", "第一条"),
        ("13907311235", "第二条"),
    ]


def test_the_console_backend_prints(capsys):
    ConsoleBackend().send(Sms("13907311234", "您好"))
    assert "13907311234" in capsys.readouterr().out


def test_a_failed_send_is_logged_without_the_number_or_the_text(settings, gateway, caplog):
    Gateway.answer = b'{"ok": false}'
    settings.PORTAL_SMS_BACKEND = "huajie.portal.sms.HttpGatewayBackend"
    settings.PORTAL_SMS_GATEWAY = {"url": gateway}
    with caplog.at_level("WARNING"):
        assert send_now(Sms("13907311234", "您的验证码为654321", purpose="code")) is False
    logged = caplog.text
    assert "portal SMS not sent" in logged
    assert "13907311234" not in logged and "654321" not in logged
