"""Queries of the desk: interactions, customers (what the API reads), email offers, script feedback and
custom field definitions. Functions take the session and typed arguments and return rows or plain values;
the API modules call them (or the service does) and import no SQLAlchemy."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from parley.desk.identity import identity_of
from parley.desk.interaction import Phase
from parley.desk.tables import (
    CustomerFieldRow,
    CustomerIdentityRow,
    CustomerRow,
    InteractionRow,
    OutgoingEmailRow,
    QueueScriptRow,
    ScriptFeedbackRow,
)
from parley.routing.engine import Engine

# ------------------------------------------------------------------------------------------- interactions


async def interaction(db: AsyncSession, interaction_id: str) -> InteractionRow | None:
    """The interaction (from the session when the gate read it already); none for an id too long to be one."""
    return await db.get(InteractionRow, interaction_id) if len(interaction_id) <= 36 else None


async def interactions_of_customer(db: AsyncSession, customer_id: int) -> int:
    count = await db.scalar(select(func.count()).where(InteractionRow.customer_id == customer_id))
    return count or 0


async def open_interactions(db: AsyncSession, ids: Sequence[str], agent_id: int) -> list[InteractionRow]:
    """The interactions routing gives the agent (`ids`) and those the agent has open (talking, on hold,
    wrapping up)."""
    open_phases = [Phase.TALKING.value, Phase.ON_HOLD.value, Phase.WRAP_UP.value]
    rows = await db.scalars(
        select(InteractionRow).where(
            (InteractionRow.id.in_(list(ids)))
            | ((InteractionRow.agent_id == agent_id) & InteractionRow.phase.in_(open_phases))
        )
    )
    return list(rows)


def wrap_up_recorder(
    interaction_id: str, outcome: str | None, notes: str | None
) -> Callable[[AsyncSession, Engine, bool], Awaitable[None]]:
    """What the wrap-up writes in routing's transaction: the outcome and notes, unless the interaction was
    closed meanwhile (the wrap-up time ran out) and this command did not end it (`ending`)."""

    async def record(session: AsyncSession, _engine: Engine, ending: bool) -> None:
        own = await session.get(InteractionRow, interaction_id)
        if own is None or (not ending and own.phase == Phase.CLOSED.value):
            return  # closed meanwhile: closed means closed
        if outcome is not None:
            own.outcome = outcome
        if notes is not None:
            own.notes = notes

    return record


async def used_outcomes(db: AsyncSession) -> list[str]:
    """Every outcome an interaction has."""
    used = await db.scalars(
        select(InteractionRow.outcome).where(InteractionRow.outcome.is_not(None)).distinct()
    )
    return [u for u in used if u]


# -------------------------------------------------------------------------------------------- customers


def customers_like(text: str, region: str) -> ColumnElement[bool]:
    """Customers whose name or company contains `text`, or whose phone or email it is."""
    identity = identity_of(text, region)
    like = f"%{text.strip().lower()}%"
    conditions = [func.lower(CustomerRow.name).like(like), func.lower(CustomerRow.company).like(like)]
    if identity is not None:
        conditions.append(
            CustomerRow.id.in_(
                select(CustomerIdentityRow.customer_id).where(CustomerIdentityRow.value == identity[1])
            )
        )
    return or_(*conditions)


def interactions_of_customers_like(text: str, region: str) -> ColumnElement[bool]:
    """Interactions of the customers `customers_like(text)` finds, or from an address containing it
    (a caller with no card yet)."""
    like = f"%{text.strip().lower()}%"
    return or_(
        InteractionRow.customer_id.in_(select(CustomerRow.id).where(customers_like(text, region))),
        func.lower(InteractionRow.from_address).like(like),
    )


async def customer(db: AsyncSession, customer_id: int | None) -> CustomerRow | None:
    """The customer row as stored (not followed to the card it was merged into), none without an id."""
    return await db.get(CustomerRow, customer_id) if customer_id else None


# ------------------------------------------------------------------------------------------ email offers

# The statements of every script answer, built once: building them cost more than running them.
_EMAILS_OF = (
    select(OutgoingEmailRow)
    .where(OutgoingEmailRow.interaction_id == bindparam("interaction_id"))
    .order_by(OutgoingEmailRow.id)
)


async def emails_of(db: AsyncSession, interaction_id: str) -> list[OutgoingEmailRow]:
    return list(await db.scalars(_EMAILS_OF, {"interaction_id": interaction_id}))


async def email(db: AsyncSession, email_id: int) -> OutgoingEmailRow | None:
    return await db.get(OutgoingEmailRow, email_id)


async def email_by_key(db: AsyncSession, interaction_id: str, key: str) -> OutgoingEmailRow | None:
    """The email sent (or tried) on the interaction under this idempotency key."""
    found: OutgoingEmailRow | None = await db.scalar(
        select(OutgoingEmailRow).where(
            OutgoingEmailRow.interaction_id == interaction_id, OutgoingEmailRow.idempotency_key == key
        )
    )
    return found


async def record_email(db: AsyncSession, email: OutgoingEmailRow) -> OutgoingEmailRow | None:
    """Record the email and commit (before it is sent: a concurrent double click finds it). None when
    recorded; the first email when one with the same key beat it (the transaction is rolled back)."""
    interaction_id, key = email.interaction_id, email.idempotency_key
    db.add(email)
    try:
        await db.commit()
    except IntegrityError:
        await db.rollback()
        found = await email_by_key(db, interaction_id, key)
        assert found is not None
        return found
    return None


# --------------------------------------------------------------------------------------- script feedback


async def feedback_of_script(db: AsyncSession, script: str, step: str | None) -> list[ScriptFeedbackRow]:
    """The "no suitable answer" feedback on a script (or one of its steps), newest first, at most 500."""
    query = select(ScriptFeedbackRow).where(ScriptFeedbackRow.script_slug == script)
    if step:
        query = query.where(ScriptFeedbackRow.step == step)
    return list(await db.scalars(query.order_by(ScriptFeedbackRow.id.desc()).limit(500)))


# ----------------------------------------------------------------------------------------- custom fields


async def custom_fields(db: AsyncSession) -> list[CustomerFieldRow]:
    return list(await db.scalars(select(CustomerFieldRow).order_by(CustomerFieldRow.name)))


async def custom_field(db: AsyncSession, name: str) -> CustomerFieldRow | None:
    return await db.get(CustomerFieldRow, name)


async def custom_field_names(db: AsyncSession) -> set[str]:
    return set(await db.scalars(select(CustomerFieldRow.name)))


async def identity_owner(db: AsyncSession, kind: str, value: str) -> int | None:
    """The customer a normalized phone or email belongs to, if any."""
    owner: int | None = await db.scalar(
        select(CustomerIdentityRow.customer_id).where(
            CustomerIdentityRow.kind == kind, CustomerIdentityRow.value == value
        )
    )
    return owner


# ----------------------------------------------------------------------------------------- queue scripts


async def queue_scripts(db: AsyncSession) -> dict[str, str]:
    """queue id -> the slug of the script the desk opens when an agent answers a contact of that queue."""
    rows = await db.execute(select(QueueScriptRow.queue_id, QueueScriptRow.script))
    return {row.queue_id: row.script for row in rows}


async def queue_script(db: AsyncSession, queue_id: str) -> str | None:
    """The slug of the script bound to the queue, if any."""
    found: str | None = await db.scalar(
        select(QueueScriptRow.script).where(QueueScriptRow.queue_id == queue_id)
    )
    return found


async def bind_queue_script(
    db: AsyncSession, queue_id: str, script: str | None, by: int | None, now: datetime
) -> None:
    """Bind the script to the queue (replacing any), or unbind the queue's script (`script` None)."""
    row = await db.get(QueueScriptRow, queue_id)
    if script is None:
        if row is not None:
            await db.delete(row)
        return
    if row is None:
        db.add(QueueScriptRow(queue_id=queue_id, script=script, updated_at=now, updated_by=by))
    else:
        row.script, row.updated_at, row.updated_by = script, now, by
