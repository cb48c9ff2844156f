"""Sending mail over SMTP (aiosmtplib): one message, STARTTLS and login when configured, a bounded wait."""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr
from pathlib import Path

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


def build(
    sender: str, recipient: str, subject: str, body: str, attachments: Sequence[Path] = ()
) -> EmailMessage:
    message = EmailMessage()
    name, address = parseaddr(sender)
    message["From"] = formataddr((name, address)) if address else sender
    message["To"] = recipient
    message["Subject"] = subject.replace("\r", " ").replace("\n", " ")
    message["Message-ID"] = make_msgid(domain=address.rpartition("@")[2] or "parley.local")
    message.set_content(body)
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


async def send(settings: Settings, message: EmailMessage) -> None:
    if not settings.smtp_host:
        raise MailNotConfigured("no SMTP server is configured (PARLEY_SMTP_HOST)")
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
