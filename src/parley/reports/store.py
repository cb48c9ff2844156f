"""Queries of the reports: the interactions a filter matches, a page at a time (the search) or in keyset
chunks (the export). They read the desk's interactions and customers; matching a customer by what was typed
is the desk's own query (`desk.store.interactions_of_customers_like`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts import directory
from parley.desk.store import interactions_of_customers_like
from parley.desk.tables import CustomerRow, InteractionRow
from parley.reports.model import InteractionFilter

#: An interaction found by the search, with its customer's name and its agent's display name.
Found = tuple[InteractionRow, str | None, str | None]
#: An interaction of the export, with its customer's name.
Exported = tuple[InteractionRow, str | None]


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
        select(InteractionRow, CustomerRow.name)
        .outerjoin(CustomerRow, CustomerRow.id == InteractionRow.customer_id)
        .where(*where)
        .order_by(InteractionRow.received_at.desc())
        .limit(limit)
        .offset(offset)
    )
    page = (await db.execute(query)).all()
    # Agents' names through the accounts interface (one more round trip for the page), not its table.
    names = await directory.display_names(db, {row.agent_id for row, _ in page if row.agent_id is not None})
    return total, [(row, name, names.get(row.agent_id) if row.agent_id else None) for row, name in page]


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
