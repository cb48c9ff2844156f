"""Queries of the desk: interactions, customers (what the API reads), email offers, script feedback and
custom field definitions. Functions take the session and typed arguments and return rows or plain values;
the API modules call them (or the service does) and import no SQLAlchemy."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts.tables import UserRow
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

#: An interaction found by the search, with its customer's name and its agent's display name.
Found = tuple[InteractionRow, str | None, str | None]
#: An interaction of the export, with its customer's name.
Exported = tuple[InteractionRow, str | None]

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


async def user_name(db: AsyncSession, user_id: int | None) -> str | None:
    """The display name of an agent (none for none)."""
    user = await db.get(UserRow, user_id) if user_id is not None else None
    return user.display_name if user is not None else None


# ------------------------------------------------------------------------------- search and CSV export


@dataclass(frozen=True)
class InteractionFilter:
    """What the interaction search and the export match (every given condition)."""

    customer: int | None = None
    customer_search: str | None = None
    agent: int | None = None
    queue: str | None = None
    outcome: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _conditions(match: InteractionFilter, region: str) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if match.customer is not None:
        found.append(InteractionRow.customer_id == match.customer)
    if match.customer_search and match.customer_search.strip():
        found.append(interactions_of_customers_like(match.customer_search, region))
    if match.agent is not None:
        found.append(InteractionRow.agent_id == match.agent)
    if match.queue:
        found.append(InteractionRow.queue_id == match.queue)
    if match.outcome:
        found.append(InteractionRow.outcome == match.outcome)
    if match.since is not None:
        found.append(InteractionRow.received_at >= match.since)
    if match.until is not None:
        found.append(InteractionRow.received_at < match.until)
    return found


async def search_interactions(
    db: AsyncSession, match: InteractionFilter, region: str, limit: int, offset: int
) -> tuple[int, list[Found]]:
    """How many interactions match in all, and a page of them, newest first."""
    where = _conditions(match, region)
    total = await db.scalar(select(func.count()).select_from(InteractionRow).where(*where)) or 0
    query = (
        select(InteractionRow, CustomerRow.name, UserRow.display_name)
        .outerjoin(CustomerRow, CustomerRow.id == InteractionRow.customer_id)
        .outerjoin(UserRow, UserRow.id == InteractionRow.agent_id)
        .where(*where)
        .order_by(InteractionRow.received_at.desc())
        .limit(limit)
        .offset(offset)
    )
    return total, [(row, name, agent) for row, name, agent in await db.execute(query)]


async def export_chunk(
    db: AsyncSession,
    match: InteractionFilter,
    region: str,
    limit: int,
    after: tuple[datetime, str] | None,
) -> list[Exported]:
    """The next `limit` interactions that match, oldest first, after the last one sent (keyset paging)."""
    query = (
        select(InteractionRow, CustomerRow.name)
        .outerjoin(CustomerRow, CustomerRow.id == InteractionRow.customer_id)
        .where(*_conditions(match, region))
        .order_by(InteractionRow.received_at, InteractionRow.id)
        .limit(limit)
    )
    if after is not None:
        at, last = after
        query = query.where(
            or_(
                InteractionRow.received_at > at,
                and_(InteractionRow.received_at == at, InteractionRow.id > last),
            )
        )
    return [(row, name) for row, name in (await db.execute(query)).all()]


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
