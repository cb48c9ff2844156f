"""Email offers as a use case: checked (one address, consent, no placeholder left, every attachment on the
server), recorded before sending so a double click finds the first attempt, sent outside any open
transaction, and the result written to the email and the interaction's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from parley.channels.email.errors import AttachmentMissing, NoConsent, NoSuchEmail, UnfilledPlaceholder
from parley.channels.email.schemas import EmailIn, EmailPreview
from parley.config import Settings
from parley.desk import store
from parley.desk.errors import refuse_email
from parley.desk.identity import normalize_email
from parley.desk.interaction import Timeline
from parley.desk.panel import own_interaction
from parley.desk.tables import InteractionRow, OutgoingEmailRow
from parley.platform import mail
from parley.platform.clock import Clock
from parley.platform.identity import Principal
from parley.scripts import markup
from parley.scripts.placeholders import unfilled
from parley.scripts.runs import Runs


def preview(body: str) -> EmailPreview:
    """The email the markup makes, exactly as sent: the HTML document and the plain-text part."""
    rendered = markup.render_email(body)
    return EmailPreview(
        html=rendered.html,
        text=rendered.text,
        unsafe_links=[problem.address for problem in rendered.problems],
    )


@dataclass(frozen=True, slots=True)
class EmailOffers:
    settings: Settings
    clock: Clock
    outbox: mail.Outbox
    runs: Runs

    async def send(
        self, db: AsyncSession, me: Principal, interaction_id: str, offer: EmailIn
    ) -> OutgoingEmailRow:
        """Send an offer once: the same key (a double click) returns the first attempt, not a resend."""
        row = await own_interaction(db, interaction_id, me)
        recipient = normalize_email(offer.to)
        if recipient is None:
            raise refuse_email(offer.to, "to")
        await _check_consent(db, row)
        existing = await store.email_by_key(db, row.id, offer.key)
        if existing is not None:
            return existing
        _check_filled(offer.subject + "\n" + offer.body)
        sender, attachments = await self._from_template(db, me, row, offer.template)
        self._check_attachments(attachments)
        email = OutgoingEmailRow(
            interaction_id=row.id,
            idempotency_key=offer.key,
            template=offer.template,
            sender=sender,
            recipient=recipient,
            subject=offer.subject,
            body=offer.body,
            attachments=attachments,
            agent_id=me.user_id,
            created_at=self.clock(),
        )
        first = await store.record_email(db, email)  # recorded (and committed) before sending
        if first is not None:
            return first  # a concurrent attempt with the same key won the race
        return await self._deliver(db, email)

    async def retry(
        self, db: AsyncSession, me: Principal, interaction_id: str, email_id: int
    ) -> OutgoingEmailRow:
        """Send a failed offer again; one already sent is returned as it is."""
        await own_interaction(db, interaction_id, me)
        email = await store.email(db, email_id)
        if email is None or email.interaction_id != interaction_id:
            raise NoSuchEmail(f"no email {email_id} on this interaction", email=email_id)
        if email.status == "sent":
            return email
        try:
            mail.check_addresses(email.sender, email.recipient)
        except mail.Unsendable as refused:  # permanent: another attempt cannot succeed, so none is made
            email.status = "failed"
            email.error = refused.detail[:500]
            raise
        await db.commit()  # no transaction stays open while SMTP talks
        return await self._deliver(db, email)

    def attachments(self) -> list[tuple[str, int]]:
        """The files in the server's attachments folder that email templates may attach, with their size."""
        return mail.attachment_files(self.settings.attachments_dir)

    async def _from_template(
        self, db: AsyncSession, me: Principal, row: InteractionRow, template: str | None
    ) -> tuple[str, list[str]]:
        """The template's sender (the campaign's address) and attachments, when the script's email step names
        the template; otherwise the server's sender and nothing attached."""
        if template and row.run_id:
            _, runner, state = await self.runs.open(db, me, row.run_id)
            view = runner.view(state)
            if view.email and view.email.get("template") == template:
                sender = str(view.email.get("sender") or self.settings.smtp_sender)
                return sender, [str(name) for name in view.email.get("attachments", [])]
        return self.settings.smtp_sender, []

    def _attachment(self, name: str) -> Path | None:
        folder = self.settings.attachments_dir  # always set once Settings is validated
        return mail.attachment_path(folder, name) if folder is not None else None

    def _check_attachments(self, names: list[str]) -> None:
        missing = [name for name in names if self._attachment(name) is None]
        if missing:
            raise AttachmentMissing(
                f"the template attaches {', '.join(missing)}, which is not in the attachments folder on the "
                "server; ask an administrator to add it (PARLEY_ATTACHMENTS_DIR)",
                missing=missing,
            )

    async def _deliver(self, db: AsyncSession, email: OutgoingEmailRow) -> OutgoingEmailRow:
        """Send outside any open transaction (SMTP may be slow), then record the result."""
        files = [path for name in email.attachments if (path := self._attachment(name)) is not None]
        rendered = markup.render_email(email.body)
        error: str | None = None
        try:
            message = mail.build(
                email.sender,
                email.recipient,
                email.subject,
                rendered.text,
                rendered.html,
                files,
                now=self.clock(),
            )
            await self.outbox.deliver(message)
        except (mail.MailFailed, mail.MailNotConfigured, mail.Unsendable) as failed:
            error = failed.detail[:500]
        now = self.clock()
        email.attempts += 1
        email.status = "failed" if error else "sent"
        email.error = error
        email.sent_at = None if error else now
        if not error:
            await _on_timeline(db, email, now.timestamp())
        await db.flush()
        return email


async def _check_consent(db: AsyncSession, row: InteractionRow) -> None:
    if row.customer_id:
        customer = await store.customer(db, row.customer_id)
        if customer is not None and customer.consent.get("email_offers") is False:
            raise NoConsent("the customer has not agreed to email offers")


def _check_filled(text: str) -> None:
    gaps = unfilled(text)
    if gaps:
        raise UnfilledPlaceholder(
            f"replace {', '.join('{{ ' + name + ' }}' for name in gaps)} with the customer's details first",
            names=gaps,
        )


async def _on_timeline(db: AsyncSession, email: OutgoingEmailRow, at: float) -> None:
    """The sent offer on the interaction's timeline (when its phase still takes one)."""
    interaction = await store.interaction(db, email.interaction_id)
    if interaction is not None:
        timeline = Timeline.from_list(interaction.phase, interaction.timeline)
        if timeline.can("email-sent"):
            timeline.apply("email-sent", at, to=email.recipient, subject=email.subject)
            interaction.timeline = timeline.as_list()
