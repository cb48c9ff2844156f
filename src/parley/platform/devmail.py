"""The development mailbox: with no SMTP server configured and PARLEY_DEV_MAILBOX on (as in `make run`), the
messages the server sends are kept whole in the database (`dev_mail`) and read on the admin page Mailbox.

Kept in the database rather than caught by an SMTP listener of our own: no port to choose or to collide
with, nothing to start or stop, the same on every app server, and it survives restarts. The message is stored
as the exact bytes SMTP would carry, so what the page shows is what a real server would receive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses

from sqlalchemy import JSON, Integer, LargeBinary, String, Text, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from parley.config import Settings
from parley.platform.db import Base, Database, UtcDateTime
from parley.platform.errors import NotFound
from parley.platform.mail import MailFailed, Outbox, SmtpOutbox

KEEP = 500  # the newest messages kept; older ones are dropped as new ones arrive


class DevMailRow(Base):
    __tablename__ = "dev_mail"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sender: Mapped[str] = mapped_column(String(320))
    recipients: Mapped[list[str]] = mapped_column(JSON)
    subject: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    raw: Mapped[bytes] = mapped_column(LargeBinary)


class NoSuchMail(NotFound):
    code = "no-such-mail"


class DevMailbox:
    """An `Outbox` that keeps each message in `dev_mail`, in its own short transaction (as SMTP would
    accept it independently of the request that sent it)."""

    def __init__(self, database: Database, clock: Callable[[], datetime]) -> None:
        self.database = database
        self.clock = clock

    async def deliver(self, message: EmailMessage) -> None:
        raw = message.as_bytes(policy=policy.SMTP)
        fields = [*message.get_all("To", []), *message.get_all("Cc", []), *message.get_all("Bcc", [])]
        row = DevMailRow(
            created_at=self.clock(),
            sender=getaddresses([str(message.get("From", ""))])[0][1][:320],
            recipients=[address for _, address in getaddresses([str(f) for f in fields]) if address],
            subject=str(message.get("Subject", "")),
            size=len(raw),
            raw=raw,
        )
        try:
            async with self.database.transaction() as db:
                db.add(row)
                await db.flush()
                await db.execute(delete(DevMailRow).where(DevMailRow.id <= row.id - KEEP))
        except SQLAlchemyError as error:
            raise MailFailed(f"the development mailbox could not keep the message: {error}") from None


def outbox_for(settings: Settings, database: Database, clock: Callable[[], datetime]) -> Outbox:
    """SMTP when a server is configured (production); the development mailbox only without one."""
    if settings.dev_mailbox and not settings.smtp_host:
        return DevMailbox(database, clock)
    return SmtpOutbox(settings)


# ------------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class Attachment:
    index: int
    filename: str
    content_type: str
    size: int
    content: bytes


@dataclass(frozen=True, slots=True)
class Opened:
    row: DevMailRow
    message_id: str | None
    html: str | None
    text: str | None
    attachments: list[Attachment]


def open_message(row: DevMailRow) -> Opened:
    """The parts of a kept message: its text, its HTML and its attachments."""
    message = message_from_bytes(row.raw, _class=EmailMessage, policy=policy.default)
    assert isinstance(message, EmailMessage)
    html_part = message.get_body(("html",))
    text_part = message.get_body(("plain",))
    attachments = []
    for index, part in enumerate(message.iter_attachments()):
        assert isinstance(part, EmailMessage)
        content = part.get_payload(decode=True)
        data = content if isinstance(content, bytes) else b""
        attachments.append(
            Attachment(
                index, part.get_filename() or f"part-{index}", part.get_content_type(), len(data), data
            )
        )
    return Opened(
        row,
        str(message.get("Message-ID", "")) or None,
        str(html_part.get_content()) if html_part is not None else None,
        str(text_part.get_content()) if text_part is not None else None,
        attachments,
    )


# ------------------------------------------------------------------------------------------------- store

_SUMMARY = (
    DevMailRow.id,
    DevMailRow.created_at,
    DevMailRow.sender,
    DevMailRow.recipients,
    DevMailRow.subject,
    DevMailRow.size,
)


@dataclass(frozen=True, slots=True)
class Summary:
    id: int
    created_at: datetime
    sender: str
    recipients: list[str]
    subject: str
    size: int


async def newest(db: AsyncSession, limit: int, before: int | None) -> list[Summary]:
    """The newest messages first, without their bodies; `before` pages on to older ones."""
    query = select(*_SUMMARY).order_by(DevMailRow.id.desc()).limit(limit)
    if before is not None:
        query = query.where(DevMailRow.id < before)
    return [Summary(*row) for row in await db.execute(query)]


async def get(db: AsyncSession, mail_id: int) -> DevMailRow:
    row = await db.get(DevMailRow, mail_id)
    if row is None:
        raise NoSuchMail(f"no message {mail_id} in the development mailbox")
    return row


async def clear(db: AsyncSession) -> None:
    await db.execute(delete(DevMailRow))
