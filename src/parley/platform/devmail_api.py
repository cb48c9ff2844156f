"""The development mailbox's admin API: the caught messages, one message's parts, its attachments."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from annotated_types import Ge, Le
from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel

from parley.platform import devmail
from parley.platform.bounds import INT32_MAX, DbId
from parley.platform.deps import DB, Admin, OutboxDep

dev_mail = APIRouter(prefix="/api/dev-mail", tags=["operations"])


class DevMailSummary(BaseModel):
    id: int
    created_at: datetime
    sender: str
    recipients: list[str]
    subject: str
    size: int


class DevMailList(BaseModel):
    enabled: bool  # false: this server sends through SMTP (or not at all) and keeps nothing here
    messages: list[DevMailSummary]


class DevMailAttachment(BaseModel):
    index: int
    filename: str
    content_type: str
    size: int


class DevMailOut(DevMailSummary):
    message_id: str | None
    html: str | None
    text: str | None
    attachments: list[DevMailAttachment]


@dev_mail.get("")
async def list_dev_mail(
    _: Admin,
    db: DB,
    outbox: OutboxDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before: Annotated[
        int | None, Query(ge=1, le=INT32_MAX, description="Messages with an id below this")
    ] = None,
) -> DevMailList:
    enabled = isinstance(outbox, devmail.DevMailbox)
    rows = await devmail.newest(db, limit, before)
    return DevMailList(
        enabled=enabled, messages=[DevMailSummary.model_validate(r, from_attributes=True) for r in rows]
    )


@dev_mail.delete("", status_code=status.HTTP_204_NO_CONTENT)
async def clear_dev_mail(_: Admin, db: DB) -> None:
    await devmail.clear(db)


@dev_mail.get("/{mail_id}")
async def get_dev_mail(mail_id: DbId, _: Admin, db: DB) -> DevMailOut:
    opened = devmail.open_message(await devmail.get(db, mail_id))
    row = opened.row
    return DevMailOut(
        id=row.id,
        created_at=row.created_at,
        sender=row.sender,
        recipients=row.recipients,
        subject=row.subject,
        size=row.size,
        message_id=opened.message_id,
        html=opened.html,
        text=opened.text,
        attachments=[
            DevMailAttachment(index=a.index, filename=a.filename, content_type=a.content_type, size=a.size)
            for a in opened.attachments
        ],
    )


@dev_mail.get("/{mail_id}/raw", response_class=Response)
async def get_dev_mail_source(mail_id: DbId, _: Admin, db: DB) -> Response:
    row = await devmail.get(db, mail_id)
    return Response(
        row.raw,
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="message-{row.id}.eml"'},
    )


@dev_mail.get("/{mail_id}/attachments/{index}", response_class=Response)
async def get_dev_mail_attachment(
    mail_id: DbId, index: Annotated[int, Ge(0), Le(1000)], _: Admin, db: DB
) -> Response:
    opened = devmail.open_message(await devmail.get(db, mail_id))
    found = next((a for a in opened.attachments if a.index == index), None)
    if found is None:
        raise devmail.NoSuchMail(f"message {mail_id} has no attachment {index}")
    # Served as a download, never rendered in the app's origin (an attached HTML file could hold scripts).
    return Response(
        found.content,
        media_type="application/octet-stream",
        headers={"Content-Disposition": _disposition(found.filename)},
    )


def _disposition(filename: str) -> str:
    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
