"""How the outbox's messages leave: SMTP, GOV.UK Notify, or not at all (development).

A transport raises DeliveryFailed; `permanent` says whether trying again could help.
"""

from __future__ import annotations

import smtplib
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Any, Protocol

from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from verification.models import OutboxMessage

SMTP_TIMEOUT_SECONDS = 15
NOTIFY_TIMEOUT_SECONDS = 15
# Notify answers these when the request itself is wrong: sending it again cannot succeed.
NOTIFY_PERMANENT = frozenset({400, 403})


class DeliveryFailed(Exception):
    """A message was not delivered; `permanent` when another attempt would fail the same."""

    def __init__(self, reason: str, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class Transport(Protocol):
    """Delivers one outbox message, or raises DeliveryFailed."""

    name: str

    def send(self, message: OutboxMessage) -> None:
        """Deliver the message."""


class SmtpTransport:
    """Delivery through an SMTP server (STARTTLS and sign-in when configured)."""

    name = "smtp"

    def __init__(
        self, host: str, port: int, use_tls: bool, username: str, password: str, sender: str
    ) -> None:
        self.host, self.port, self.use_tls = host, port, use_tls
        self.username, self.password, self.sender = username, password, sender

    def send(self, message: OutboxMessage) -> None:
        """Send the message as plain text; 5xx answers are permanent, the rest are not."""
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = formataddr((message.recipient_name, message.recipient))
        email["Subject"] = message.subject
        email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
        email.set_content(message.body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
                if self.use_tls:
                    smtp.starttls()
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryFailed(f"recipient refused: {exc.recipients}", permanent=True) from exc
        except smtplib.SMTPResponseException as exc:
            reason = f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"
            raise DeliveryFailed(reason, permanent=500 <= exc.smtp_code < 600) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc


class NotifyTransport:
    """Delivery through GOV.UK Notify: a template per stage, filled with the message's fields."""

    name = "notify"

    def __init__(self, api_key: str, template_ids: Mapping[str, str], base_url: str) -> None:
        self.client = NotificationsAPIClient(
            api_key, base_url=base_url, timeout=NOTIFY_TIMEOUT_SECONDS
        )
        self.template_ids = dict(template_ids)

    def send(self, message: OutboxMessage) -> None:
        """Ask Notify to send the message's template; 400 and 403 are permanent."""
        template_id = self.template_ids.get(message.stage)
        if not template_id:
            raise DeliveryFailed(f"no Notify template id for the {message.stage} message")
        try:
            self.client.send_email_notification(
                email_address=message.recipient,
                template_id=template_id,
                personalisation=dict(message.personalisation),
                reference=f"outbox-{message.id}",
            )
        except APIError as exc:
            permanent = exc.status_code in NOTIFY_PERMANENT
            raise DeliveryFailed(f"Notify {exc}", permanent=permanent) from exc


def transport_from(config: Mapping[str, Any]) -> Transport | None:
    """The transport the configuration names: Notify, else SMTP, else none (keep them)."""
    if config.get("NOTIFY_API_KEY"):
        ask = str(config.get("NOTIFY_TEMPLATE_ID") or "")
        templates = {
            "asked": ask,
            "reminded": str(config.get("NOTIFY_REMINDER_TEMPLATE_ID") or ask),
            "urgent": str(config.get("NOTIFY_URGENT_TEMPLATE_ID") or ask),
        }
        return NotifyTransport(
            str(config["NOTIFY_API_KEY"]), templates, str(config["NOTIFY_BASE_URL"])
        )
    if config.get("MAIL_SERVER"):
        return SmtpTransport(
            str(config["MAIL_SERVER"]),
            int(config.get("MAIL_PORT") or 25),
            bool(config.get("MAIL_USE_TLS")),
            str(config.get("MAIL_USERNAME") or ""),
            str(config.get("MAIL_PASSWORD") or ""),
            str(config.get("MAIL_DEFAULT_SENDER") or "rar-directory@localhost"),
        )
    return None
