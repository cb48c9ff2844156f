"""HTTP edge of the email channel: email offers on an interaction, and the offer editors' tools."""

from __future__ import annotations

from fastapi import APIRouter

from parley.channels.email import service
from parley.channels.email.deps import EmailOffersDep
from parley.channels.email.schemas import AttachmentOut, EmailIn, EmailPreview, EmailPreviewIn
from parley.desk.gate import InteractionUser
from parley.desk.schemas import EmailOut
from parley.platform.bounds import DbId
from parley.platform.deps import DB, AnyUser, Supervisor

offers = APIRouter(prefix="/api/interactions", tags=["desk"])
email_tools = APIRouter(prefix="/api/email", tags=["desk"])


@offers.post("/{interaction_id}/emails", response_model=EmailOut, status_code=201)
async def send_offer(
    interaction_id: str, body: EmailIn, me: InteractionUser, db: DB, emails: EmailOffersDep
) -> EmailOut:
    """Send an email offer once: the same key (a double click) returns the first attempt, not a resend."""
    sent = await emails.send(db, me, interaction_id, body)
    return EmailOut.model_validate(sent, from_attributes=True)


@offers.post("/{interaction_id}/emails/{email_id}/retry", response_model=EmailOut)
async def retry_offer(
    interaction_id: str, email_id: DbId, me: InteractionUser, db: DB, emails: EmailOffersDep
) -> EmailOut:
    retried = await emails.retry(db, me, interaction_id, email_id)
    return EmailOut.model_validate(retried, from_attributes=True)


@email_tools.post("/preview")
async def preview_email(body: EmailPreviewIn, _: AnyUser) -> EmailPreview:
    """The email the markup makes, exactly as sent: the HTML document and the plain-text part."""
    return service.preview(body.body)


@email_tools.get("/attachments")
async def list_attachments(_: Supervisor, emails: EmailOffersDep) -> list[AttachmentOut]:
    """The files in the server's attachments folder that email templates may attach, by name."""
    return [AttachmentOut(name=name, size=size) for name, size in emails.attachments()]
