"""Verification fixtures: a real SMTP server and a recording Notify stand-in on loopback,
and rows that are due for verification."""

from __future__ import annotations

import email
import json
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from catalogue.models import Availability, Intervention

REFUSED = "refused@example.org"


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Mailbox:
    """An aiosmtpd handler that keeps every message it accepts; REFUSED is refused (550)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address == REFUSED:
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content
        raw = content if isinstance(content, bytes) else str(content).encode()
        self.messages.append(email.message_from_bytes(raw))
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on a fixed loopback port that a test can stop and start."""

    def __init__(self) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def config(self) -> dict[str, Any]:
        """App settings pointing at this server."""
        return {
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": self.port,
            "MAIL_DEFAULT_SENDER": "RAR Directory <rar-directory@example.org>",
        }


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A started SMTP server on loopback; stopped after the test."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_server_down() -> Iterator[SmtpServer]:
    """An SMTP server whose port is known but which is not started yet."""
    server = SmtpServer()
    yield server
    server.stop()


class NotifyRecorder(BaseHTTPRequestHandler):
    """Answers like GOV.UK Notify's send-email endpoint and records each request."""

    received: list[dict[str, Any]]
    status: list[int]

    def do_POST(self) -> None:  # noqa: N802 (the http.server method name)
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        self.received.append(
            {"path": self.path, "authorization": self.headers.get("Authorization"), "json": body}
        )
        status = self.status.pop(0) if self.status else 201
        payload = {"id": "740e5834-3a29-46b4-9a6f-16142fde533a", "reference": body.get("reference")}
        if status >= 400:
            payload = {"status_code": status, "errors": [{"error": "Error", "message": "refused"}]}
        encoded = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(encoded)))
        self.end_headers()
        self.wfile.write(encoded)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test reads `received` instead."""


@pytest.fixture
def notify_server() -> Iterator[Any]:
    """A local HTTP server standing in for Notify; `.received` and `.status` (answers to
    give, first to last, then 201) are lists on the returned object."""
    handler = type("Recorder", (NotifyRecorder,), {"received": [], "status": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.received = handler.received  # type: ignore[attr-defined]
    server.status = handler.status  # type: ignore[attr-defined]
    server.base_url = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    yield server
    server.shutdown()
    server.server_close()


# A Notify API key has the shape name-<service id>-<secret>, each id a UUID.
NOTIFY_KEY = (
    "test-" + "26785a09-ab16-4eb0-8407-a37497a57506" + "-" + "3d844edf-8d35-48ac-975b-e847b4f122b0"
)


@pytest.fixture
def due_row(
    make_intervention: Callable[..., Intervention], make_availability: Callable[..., Availability]
) -> Callable[..., Availability]:
    """A factory: a row last confirmed `days` ago (default 70), with a contact."""

    def create(
        intervention: Intervention | None = None,
        region: str = "london",
        days: int = 70,
        email_address: str | None = "provider@example.org",
        **fields: Any,
    ) -> Availability:
        intervention = intervention or make_intervention()
        contact = (
            {
                "contact_name": "Pat Provider",
                "contact_email": email_address,
                "contact_organisation": "Sample Provider Ltd",
            }
            if email_address
            else {}
        )
        confirmed = datetime.now() - timedelta(days=days)
        return make_availability(intervention, region, confirmed_at=confirmed, **(contact | fields))

    return create
