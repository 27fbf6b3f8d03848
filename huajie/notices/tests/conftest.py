"""A real HTTP receiver on 127.0.0.1 (a random port, in a thread) standing in for a WeCom or
DingTalk group robot: it records every request and answers what the test tells it to."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class Received:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class Receiver:
    port: int = 0
    requests: list[Received] = field(default_factory=list)
    replies: list[tuple[int, bytes]] = field(default_factory=list)  # used first, in order
    default: tuple[int, bytes] = (200, b'{"errcode":0,"errmsg":"ok"}')
    delay: float = 0.0

    def url(self, path: str = "/robot/send?access_token=abc123") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            parts = urlsplit(self.path)
            receiver.requests.append(
                Received(
                    path=parts.path,
                    query=parse_qs(parts.query),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=json.loads(raw.decode()),
                )
            )
            if receiver.delay:
                time.sleep(receiver.delay)
            status, answer = receiver.replies.pop(0) if receiver.replies else receiver.default
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
