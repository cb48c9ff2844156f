"""Sending mail: messages built with a text and an HTML part, sent over SMTP (aiosmtplib; STARTTLS and login
when configured, a bounded wait) or kept by the development mailbox (`devmail`)."""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from pathlib import Path
from typing import Protocol

import aiosmtplib

from parley.config import Settings
from parley.platform.errors import DomainError


class MailFailed(DomainError):
    code = "mail-failed"
    status = 502
    title = "Sending the email failed"
    keeps_changes = True  # the failed attempt is recorded so it can be retried


class MailNotConfigured(DomainError):
    code = "mail-not-configured"
    status = 503
    title = "Email is not configured"
    keeps_changes = True


class Outbox(Protocol):
    """Where built messages go: an SMTP server in production, the development mailbox in `make run`."""

    async def deliver(self, message: EmailMessage) -> None:
        """Send `message`; raises MailFailed or MailNotConfigured."""


class SmtpOutbox:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def deliver(self, message: EmailMessage) -> None:
        await send(self.settings, message)


def build(
    sender: str,
    recipient: str,
    subject: str,
    text: str,
    html: str | None = None,
    attachments: Sequence[Path] = (),
    now: datetime | None = None,
) -> EmailMessage:
    """One message: the text part, the HTML alternative when given (multipart/alternative), then the
    attachments (the whole in multipart/mixed)."""
    message = EmailMessage()
    name, address = parseaddr(sender)
    message["From"] = formataddr((name, address)) if address else sender
    message["To"] = recipient
    message["Subject"] = subject.replace("\r", " ").replace("\n", " ")
    message["Date"] = format_datetime(now or datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=address.rpartition("@")[2] or "parley.local")
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for path in attachments:
        kind, _ = mimetypes.guess_type(path.name)
        maintype, _, subtype = (kind or "application/octet-stream").partition("/")
        message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return message


def attachment_path(folder: Path, name: str) -> Path | None:
    """The file an email template names, only inside `folder` (no paths, no traversal); None if absent."""
    if not name or name != Path(name).name or name.startswith("."):
        return None
    path = folder / name
    return path if path.is_file() else None


def attachment_files(folder: Path | None) -> list[tuple[str, int]]:
    """The files templates may attach (name, size), sorted by name; none when the folder does not exist."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(
        (path.name, path.stat().st_size)
        for path in folder.iterdir()
        if attachment_path(folder, path.name) is not None
    )


async def send(settings: Settings, message: EmailMessage) -> None:
    if not settings.smtp_host:
        raise MailNotConfigured(
            "no SMTP server is configured (PARLEY_SMTP_HOST; for development: PARLEY_DEV_MAILBOX=true)"
        )
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    try:
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=password,
            start_tls=settings.smtp_starttls,
            timeout=settings.smtp_timeout_seconds,
        )
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
        raise MailFailed(f"the SMTP server refused or could not be reached: {error}") from None
