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
from parley.platform.addresses import one_address, one_line, one_mailbox
from parley.platform.errors import DomainError


class MailFailed(DomainError):
    code = "mail-failed"
    status = 502
    title = "Sending the email failed"
    keeps_changes = True  # the failed attempt is recorded so it can be retried


class Unsendable(DomainError):
    """A message that must not be built: its To or From is not exactly one address. Permanent: sending it
    again cannot succeed, so it is not retried."""

    code = "mail-unsendable"
    status = 422
    title = "This email cannot be sent"
    keeps_changes = True  # the attempt is recorded as failed


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


def check_addresses(sender: str, recipient: str) -> tuple[str, str, str]:
    """The sender's display name and address and the recipient, or Unsendable when either is not exactly
    one address (a list, a group, a second address after a comma or semicolon)."""
    to = one_address(recipient)
    if to is None:
        raise Unsendable(f"the recipient {recipient!r} is not exactly one email address", header="To")
    name, address = parseaddr(sender)
    if not one_mailbox(address) or "," in sender or ";" in sender:
        raise Unsendable(f"the sender {sender!r} is not exactly one email address", header="From")
    return name, address, to


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
    attachments (the whole in multipart/mixed). Defence in depth, whatever the caller checked: the To is
    exactly one address and the From one address (else Unsendable), the subject one line."""
    name, address, to = check_addresses(sender, recipient)
    message = EmailMessage()
    message["From"] = formataddr((one_line(name).strip(), address))
    message["To"] = to
    message["Subject"] = one_line(subject)
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
