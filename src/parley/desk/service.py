"""The desk service: interactions follow routing, customers are found (or created) from the contact.

`on_routing` runs inside the transaction that stores what routing did, so an interaction's timeline never
disagrees with the routing event log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, assert_never

from sqlalchemy import ColumnElement, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts import directory
from parley.desk import store
from parley.desk.custom_fields import check_fields
from parley.desk.errors import (
    BadEmail,
    BadPhone,
    IdentityTaken,
    InteractionClosed,
    MergeIntoItself,
    NoSuchCustomer,
    NoSuchInteraction,
    SeveralEmails,
    refuse_email,
)
from parley.desk.identity import identity_of, normalize_email, normalize_phone
from parley.desk.interaction import TRANSFERRED, InteractionEvent, Phase, Timeline
from parley.desk.scripting import start_for
from parley.desk.tables import CustomerFieldRow, CustomerIdentityRow, CustomerRow, InteractionRow
from parley.platform.clock import Clock
from parley.platform.errors import DomainError
from parley.routing.events import RoutingChanged
from parley.routing.model import ROUTING_EVENT_KINDS, RoutingEventKind
from parley.routing.state import Contact
from parley.scripts.runs import Runs

# The errors live in desk/errors.py; these names stay importable from here for older imports.
__all__ = [
    "FROM_ROUTING",
    "BadEmail",
    "BadPhone",
    "Desk",
    "IdentityTaken",
    "InteractionClosed",
    "MergeIntoItself",
    "NoSuchCustomer",
    "NoSuchInteraction",
    "Past",
    "SeveralEmails",
    "interaction_event",
    "refuse_email",
    "when",
]


def interaction_event(kind: RoutingEventKind) -> InteractionEvent | None:
    """What a routing event records on the contact's timeline (None: nothing). Every kind is named, so a
    new routing event fails type checking until someone decides what the desk makes of it."""
    match kind:
        case "entered" | "callback-due":
            return "queued"  # when the timeline can take it (not when a contact waits again after an offer)
        case "refused" | "offered" | "abandoned" | "wrap-up-ended" | "cancelled":
            return kind
        case "transfer-started" | "transfer-answered" | "transfer-cancelled" | "transferred":
            return kind
        case "rescinded" | "missed" | "declined":
            return "offer-withdrawn"
        case "accepted":
            return "answered"
        case "completed":
            return "ended"
        case "callback-cancelled" | "callback-failed":
            return "cancelled"
        case (
            "escalated"
            | "overflowed"
            | "overflow-skipped"
            | "callback-requested"
            | "callback-scheduled"
            | "callback-attempt"
            | "agent-state"
        ):
            return None
        case _:
            assert_never(kind)


#: routing event -> interaction event, looked up once per event
FROM_ROUTING: dict[RoutingEventKind, InteractionEvent | None] = {
    kind: interaction_event(kind) for kind in ROUTING_EVENT_KINDS
}
# Built once: the desk reads a customer's history on every script answer, and building the statement cost
# more than running it.
_HISTORY = (
    select(InteractionRow)
    .where(InteractionRow.customer_id == bindparam("customer_id"))
    .order_by(InteractionRow.received_at.desc())
)
#: An earlier interaction of a customer, with the display name of the agent who took it.
Past = tuple[InteractionRow, str | None]
_HISTORY_50 = _HISTORY.limit(50)
#: What of a routing event's data goes on the timeline.
MOMENT_DATA = ("reason", "wait", "to", "mode", "leg", "note", "by", "why", "attempts")


def when(seconds: float | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


class Desk:
    def __init__(self, clock: Clock, region: str = "VN", runs: Runs | None = None, company: str = "") -> None:
        self.clock = clock
        self.region = region
        self.runs = runs
        self.company = company

    # ---------------------------------------------------------------- following routing

    async def on_routing(self, db: AsyncSession, drained: RoutingChanged) -> None:
        contact_ids = {e.contact_id for e in drained.events if e.contact_id}
        if not contact_ids:
            return
        rows = {
            r.id: r
            for r in await db.scalars(select(InteractionRow).where(InteractionRow.id.in_(contact_ids)))
        }
        for event in drained.events:
            if not event.contact_id:
                continue
            row = rows.get(event.contact_id)
            if row is None:
                contact = drained.contacts.get(event.contact_id)
                if contact is None or event.kind not in ("entered", "refused", "callback-scheduled"):
                    continue
                row = rows[contact.id] = await self._open(db, contact)
            timeline = Timeline.from_list(row.phase, row.timeline)
            kind = FROM_ROUTING[event.kind]
            if kind is None or not timeline.can(kind):
                continue
            # Not routing's "talk" (it includes holds, which only the desk knows): durations are derived.
            data = {k: v for k, v in event.data.items() if k in MOMENT_DATA}
            timeline.apply(kind, event.at, **data)
            if kind == "answered" and event.agent_id:
                row.agent_id = int(event.agent_id)
                row.answered_at = when(event.at)
                await self._start_script(db, row, event.queue_id, event.data.get("wait"))
            elif kind == "ended":
                row.ended_at = when(event.at)
            elif kind == "transferred" and not row.outcome:
                row.outcome = TRANSFERRED  # the script's end or the wrap-up may still say more
            elif kind in ("wrap-up-ended", "abandoned", "refused", "cancelled"):
                row.closed_at = when(event.at)
            if event.queue_id:
                row.queue_id = event.queue_id
            self._store(row, timeline)

    async def _start_script(
        self, db: AsyncSession, row: InteractionRow, queue_id: str | None, waited: float | None
    ) -> None:
        slug = await store.queue_script(db, queue_id) if queue_id else None
        if not slug or self.runs is None or row.run_id or row.agent_id is None:
            return
        agent = await directory.person(db, row.agent_id)
        customer = await db.get(CustomerRow, row.customer_id) if row.customer_id else None
        if agent is None:
            return
        count = (
            await db.scalar(select(func.count()).where(InteractionRow.customer_id == row.customer_id)) or 0
        )
        try:
            async with db.begin_nested():
                await start_for(db, self.runs, self.company, row, slug, agent, customer, count, waited)
        except DomainError as error:
            # A missing or unpublished script must not stop the call: the desk shows the contact without it.
            row.captured = {**row.captured, "_script_error": error.detail}

    async def _open(self, db: AsyncSession, contact: Contact) -> InteractionRow:
        data = contact.data
        moved = data.get("transfer")
        earlier = (
            await db.get(InteractionRow, str(moved.get("from", ""))) if isinstance(moved, dict) else None
        )
        if earlier is not None and earlier.customer_id is not None:
            customer = await db.get(CustomerRow, earlier.customer_id)  # as the first agent knew them
        else:
            customer = await self.match(db, str(data.get("from", "")), create=True)
        row = InteractionRow(
            id=contact.id,
            channel=contact.channel.value,
            direction="outbound" if contact.callback else "inbound",
            queue_id=contact.queue_id,
            request_type=data.get("request_type"),
            subject=str(data.get("subject", "")),
            from_address=str(data.get("from", "")),
            customer_id=customer.id if customer else None,
            phase=Phase.RECEIVED.value,
            timeline=[],
            received_at=when(contact.arrived_at),
        )
        timeline = Timeline.started(contact.arrived_at)
        if isinstance(moved, dict):
            keep = ("from", "from_agent", "from_agent_name", "from_queue", "mode", "note")
            timeline.apply("transferred-in", contact.arrived_at, **{k: moved[k] for k in keep if k in moved})
            row.direction = earlier.direction if earlier is not None else row.direction
        self._store(row, timeline)
        db.add(row)
        return row

    def _store(self, row: InteractionRow, timeline: Timeline) -> None:
        row.phase = timeline.phase.value
        row.timeline = timeline.as_list()
        row.updated_at = self.clock()

    # ---------------------------------------------------------------- customers

    async def match(self, db: AsyncSession, raw: str, create: bool = False) -> CustomerRow | None:
        """The customer whose phone or email this is; a new card for a new caller when `create`."""
        identity = identity_of(raw, self.region)
        if identity is None:
            return None
        kind, value = identity
        found = await db.scalar(
            select(CustomerRow)
            .join(CustomerIdentityRow, CustomerIdentityRow.customer_id == CustomerRow.id)
            .where(CustomerIdentityRow.kind == kind, CustomerIdentityRow.value == value)
        )
        if found is not None or not create:
            return found
        customer = CustomerRow(
            phones=[value] if kind == "phone" else [],
            emails=[value] if kind == "email" else [],
            fields={},
            tags=[],
            consent={},
        )
        db.add(customer)
        await db.flush()
        db.add(CustomerIdentityRow(customer_id=customer.id, kind=kind, value=value))
        return customer

    def normalize(self, phones: Iterable[str], emails: Iterable[str]) -> tuple[list[str], list[str]]:
        clean_phones, clean_emails = [], []
        for raw in phones:
            phone = normalize_phone(raw, self.region)
            if phone is None:
                raise BadPhone(f"{raw!r} is not a phone number", field="phones", value=raw)
            if phone not in clean_phones:
                clean_phones.append(phone)
        for raw in emails:
            email = normalize_email(raw)
            if email is None:
                raise refuse_email(raw, "emails")
            if email not in clean_emails:
                clean_emails.append(email)
        return clean_phones, clean_emails

    async def save_customer(self, db: AsyncSession, row: CustomerRow, values: dict[str, Any]) -> CustomerRow:
        if values.get("fields"):
            defined = {f.name: f.type for f in await db.scalars(select(CustomerFieldRow))}
            check_fields(defined, values["fields"], row.fields or {})
        phones, emails = self.normalize(values.pop("phones", row.phones), values.pop("emails", row.emails))
        for key, value in values.items():
            setattr(row, key, value)
        row.phones, row.emails = phones, emails
        row.updated_at = self.clock()
        if row.id is None:
            db.add(row)
            await db.flush()
        await self._set_identities(db, row)
        return row

    async def _set_identities(self, db: AsyncSession, row: CustomerRow) -> None:
        wanted = {("phone", p) for p in row.phones} | {("email", e) for e in row.emails}
        values = [value for _, value in wanted]
        query = select(CustomerIdentityRow).where(CustomerIdentityRow.value.in_(values))
        existing = (await db.scalars(query)).all() if values else []
        for identity in existing:
            if identity.customer_id != row.id and (identity.kind, identity.value) in wanted:
                raise IdentityTaken(
                    f"{identity.value} belongs to customer {identity.customer_id}; merge the two instead",
                    customer_id=identity.customer_id,
                    value=identity.value,
                )
        for identity in await db.scalars(
            select(CustomerIdentityRow).where(CustomerIdentityRow.customer_id == row.id)
        ):
            if (identity.kind, identity.value) not in wanted:
                await db.delete(identity)
        have = {(i.kind, i.value) for i in existing if i.customer_id == row.id}
        for kind, value in sorted(wanted - have):
            db.add(CustomerIdentityRow(customer_id=row.id, kind=kind, value=value))

    async def customer(self, db: AsyncSession, customer_id: int) -> CustomerRow:
        row = await db.get(CustomerRow, customer_id)
        if row is None:
            raise NoSuchCustomer(f"no customer {customer_id}", customer=customer_id)
        if row.merged_into is not None:
            return await self.customer(db, row.merged_into)
        return row

    async def merge(self, db: AsyncSession, keep_id: int, other_id: int) -> CustomerRow:
        """Fold `other` into `keep`: contact details, fields not set on `keep`, tags and the history."""
        if keep_id == other_id:
            raise MergeIntoItself("a customer cannot be merged into itself")
        keep, other = await self.customer(db, keep_id), await self.customer(db, other_id)
        for identity in await db.scalars(
            select(CustomerIdentityRow).where(CustomerIdentityRow.customer_id == other.id)
        ):
            identity.customer_id = keep.id
        keep.phones = list(dict.fromkeys([*keep.phones, *other.phones]))
        keep.emails = list(dict.fromkeys([*keep.emails, *other.emails]))
        keep.fields = {**other.fields, **keep.fields}
        keep.tags = list(dict.fromkeys([*keep.tags, *other.tags]))
        keep.consent = {**other.consent, **keep.consent}
        keep.name = keep.name or other.name
        keep.company = keep.company or other.company
        for interaction in await db.scalars(
            select(InteractionRow).where(InteractionRow.customer_id == other.id)
        ):
            interaction.customer_id = keep.id
        other.merged_into = keep.id
        other.phones, other.emails = [], []
        keep.updated_at = other.updated_at = self.clock()
        return keep

    def customers_like(self, text: str) -> ColumnElement[bool]:
        """Customers whose name or company contains `text`, or whose phone or email it is."""
        return store.customers_like(text, self.region)

    async def search(self, db: AsyncSession, text: str, limit: int) -> list[CustomerRow]:
        query = select(CustomerRow).where(CustomerRow.merged_into.is_(None))
        if text.strip():
            query = query.where(self.customers_like(text))
        rows = await db.scalars(query.order_by(CustomerRow.updated_at.desc(), CustomerRow.id).limit(limit))
        return list(rows)

    async def agent_name(self, db: AsyncSession, user_id: int | None) -> str | None:
        """The display name of an agent (none for none)."""
        agent = await directory.person(db, user_id)
        return agent.display_name if agent is not None else None

    async def history(
        self, db: AsyncSession, customer_id: int, limit: int = 50, known: Mapping[int, str] | None = None
    ) -> list[Past]:
        """The customer's latest interactions, newest first, each with its agent's name. `known` names
        agents the caller knows already (the signed-in agent): when those took every interaction, the
        names cost no second round trip."""
        query = _HISTORY_50 if limit == 50 else _HISTORY.limit(limit)
        rows = list(await db.scalars(query, {"customer_id": customer_id}))
        names = dict(known or {})
        unknown = {row.agent_id for row in rows if row.agent_id is not None and row.agent_id not in names}
        names.update(await directory.display_names(db, unknown))
        return [(row, names.get(row.agent_id) if row.agent_id is not None else None) for row in rows]
