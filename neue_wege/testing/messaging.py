"""Real local servers for the messaging tests: an SMTP server (aiosmtpd) and a recording HTTP
SMS gateway (http.server), both on 127.0.0.1 with a port the system picks."""

from __future__ import annotations

import email
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def free_port() -> int:
    """A port that was free a moment ago (aiosmtpd's controller needs a real port number)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SmtpRecorder:
    port: int
    received: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.original_content)
        message["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
        self.received.append(message)
        return "250 OK"

    def bodies(self) -> list[str]:
        out = []
        for message in self.received:
            payload = message.get_payload(decode=True)
            out.append(payload.decode(message.get_content_charset() or "utf-8").rstrip("\r\n")
                       if isinstance(payload, bytes) else str(message.get_payload()))
        return out


@contextmanager
def smtp_server() -> Iterator[SmtpRecorder]:
    """A real SMTP server on 127.0.0.1; `recorder.received` holds the parsed messages."""
    from aiosmtpd.controller import Controller

    recorder = SmtpRecorder(port=free_port())
    controller = Controller(recorder, hostname="127.0.0.1", port=recorder.port)
    controller.start()
    try:
        yield recorder
    finally:
        controller.stop()


@dataclass
class SmsGatewayRecorder:
    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    # Status codes to answer, one per request, then 200 (to test failures and retries).
    answers: list[int] = field(default_factory=list)


@contextmanager
def sms_gateway() -> Iterator[SmsGatewayRecorder]:
    """A generic HTTP SMS gateway on 127.0.0.1 that records every JSON POST."""
    recorder = SmsGatewayRecorder(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            recorder.requests.append({"path": self.path, "headers": dict(self.headers),
                                      "json": json.loads(body or b"{}")})
            status = recorder.answers.pop(0) if recorder.answers else 200
            answer = json.dumps({"id": f"sms-{len(recorder.requests)}"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}/sms"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
