"""Email offers from the desk: the rendered template edited and sent (HTML with a text part, through the
configured outbox), stored on the interaction, retried on failure, never sent twice for one key; and the
tools of the offer editors: the preview of the markup and the files templates may attach."""

from __future__ import annotations

from fastapi import APIRouter, Request

from parley.desk import store
from parley.desk.gate import InteractionUser
from parley.desk.identity import normalize_email
from parley.desk.interaction import Timeline
from parley.desk.panel_api import own_interaction, runs_of
from parley.desk.schemas import AttachmentOut, EmailIn, EmailOut, EmailPreview, EmailPreviewIn
from parley.desk.service import refuse_email
from parley.desk.tables import InteractionRow, OutgoingEmailRow
from parley.platform import mail
from parley.platform.bounds import DbId
from parley.platform.deps import DB, AnyUser, Supervisor
from parley.platform.errors import Conflict, InvalidInput, NotFound
from parley.platform.identity import Principal
from parley.scripts import markup
from parley.scripts.placeholders import unfilled

offers = APIRouter(prefix="/api/interactions", tags=["desk"])
email_tools = APIRouter(prefix="/api/email", tags=["desk"])


class NoConsent(Conflict):
    code = "no-email-consent"


class AttachmentMissing(InvalidInput):
    code = "attachment-missing"


class NoSuchEmail(NotFound):
    code = "no-such-email"


class UnfilledPlaceholder(InvalidInput):
    code = "unfilled-placeholder"


# ---------------------------------------------------------------------------------------- email offers


@offers.post("/{interaction_id}/emails", response_model=EmailOut, status_code=201)
async def send_offer(
    request: Request, interaction_id: str, body: EmailIn, me: InteractionUser, db: DB
) -> EmailOut:
    """Send an email offer once: the same key (a double click) returns the first attempt, not a resend."""
    row = await own_interaction(db, interaction_id, me)
    recipient = normalize_email(body.to)
    if recipient is None:
        raise refuse_email(body.to, "to")
    if row.customer_id:
        customer = await store.customer(db, row.customer_id)
        if customer is not None and customer.consent.get("email_offers") is False:
            raise NoConsent("the customer has not agreed to email offers")
    existing = await store.email_by_key(db, row.id, body.key)
    if existing is not None:
        return EmailOut.model_validate(existing, from_attributes=True)
    gaps = unfilled(body.subject + "\n" + body.body)
    if gaps:
        raise UnfilledPlaceholder(
            f"replace {', '.join('{{ ' + name + ' }}' for name in gaps)} with the customer's details first",
            names=gaps,
        )
    sender, attachments = await _from_template(request, db, me, row, body.template)
    folder = request.app.state.settings.attachments_dir
    missing = [name for name in attachments if mail.attachment_path(folder, name) is None]
    if missing:
        raise AttachmentMissing(
            f"the template attaches {', '.join(missing)}, which is not in the attachments folder on the "
            "server; ask an administrator to add it (PARLEY_ATTACHMENTS_DIR)",
            missing=missing,
        )
    email = OutgoingEmailRow(
        interaction_id=row.id,
        idempotency_key=body.key,
        template=body.template,
        sender=sender,
        recipient=recipient,
        subject=body.subject,
        body=body.body,
        attachments=attachments,
        agent_id=me.user_id,
        created_at=request.app.state.clock(),
    )
    first = await store.record_email(db, email)  # recorded before sending: a double click finds it
    if first is not None:
        return EmailOut.model_validate(first, from_attributes=True)
    return await _deliver(request, db, email)


@offers.post("/{interaction_id}/emails/{email_id}/retry", response_model=EmailOut)
async def retry_offer(
    request: Request, interaction_id: str, email_id: DbId, me: InteractionUser, db: DB
) -> EmailOut:
    await own_interaction(db, interaction_id, me)
    email = await store.email(db, email_id)
    if email is None or email.interaction_id != interaction_id:
        raise NoSuchEmail(f"no email {email_id} on this interaction", email=email_id)
    if email.status == "sent":
        return EmailOut.model_validate(email, from_attributes=True)
    try:
        mail.check_addresses(email.sender, email.recipient)
    except mail.Unsendable as refused:  # permanent: another attempt cannot succeed, so none is made
        email.status = "failed"
        email.error = refused.detail[:500]
        raise
    await db.commit()
    return await _deliver(request, db, email)


async def _from_template(
    request: Request, db: DB, me: Principal, row: InteractionRow, template: str | None
) -> tuple[str, list[str]]:
    """The template's sender (the campaign's address) and attachments, when the script's email step names
    the template; otherwise the server's sender and nothing attached."""
    if template and row.run_id:
        _, runner, state = await runs_of(request).open(db, me, row.run_id)
        view = runner.view(state)
        if view.email and view.email.get("template") == template:
            sender = str(view.email.get("sender") or request.app.state.settings.smtp_sender)
            return sender, [str(name) for name in view.email.get("attachments", [])]
    default: str = request.app.state.settings.smtp_sender
    return default, []


async def _deliver(request: Request, db: DB, email: OutgoingEmailRow) -> EmailOut:
    """Send outside any open transaction (SMTP may be slow), then record the result."""
    folder = request.app.state.settings.attachments_dir
    files = [path for name in email.attachments if (path := mail.attachment_path(folder, name)) is not None]
    rendered = markup.render_email(email.body)
    error: str | None = None
    outbox: mail.Outbox = request.app.state.outbox
    try:
        message = mail.build(
            email.sender,
            email.recipient,
            email.subject,
            rendered.text,
            rendered.html,
            files,
            now=request.app.state.clock(),
        )
        await outbox.deliver(message)
    except (mail.MailFailed, mail.MailNotConfigured, mail.Unsendable) as failed:
        error = failed.detail[:500]
    now = request.app.state.clock()
    email.attempts += 1
    email.status = "failed" if error else "sent"
    email.error = error
    email.sent_at = None if error else now
    if not error:
        interaction = await store.interaction(db, email.interaction_id)
        if interaction is not None:
            timeline = Timeline.from_list(interaction.phase, interaction.timeline)
            if timeline.can("email-sent"):
                timeline.apply("email-sent", now.timestamp(), to=email.recipient, subject=email.subject)
                interaction.timeline = timeline.as_list()
    await db.flush()
    return EmailOut.model_validate(email, from_attributes=True)


# ---------------------------------------------------------------------------------------- editor tools


@email_tools.post("/preview")
async def preview_email(body: EmailPreviewIn, _: AnyUser) -> EmailPreview:
    """The email the markup makes, exactly as sent: the HTML document and the plain-text part."""
    rendered = markup.render_email(body.body)
    return EmailPreview(
        html=rendered.html,
        text=rendered.text,
        unsafe_links=[problem.address for problem in rendered.problems],
    )


@email_tools.get("/attachments")
async def list_attachments(request: Request, _: Supervisor) -> list[AttachmentOut]:
    """The files in the server's attachments folder that email templates may attach, by name."""
    folder = request.app.state.settings.attachments_dir
    return [AttachmentOut(name=name, size=size) for name, size in mail.attachment_files(folder)]
