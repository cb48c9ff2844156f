"""How the desk shows its records: an interaction, a customer, a customer's card with its history. Used by
every desk edge (interactions, customers, the script panel) and by other slices that show interactions."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from parley.desk import store
from parley.desk.interaction import Timeline, call_legs
from parley.desk.schemas import CustomerCard, CustomerOut, Durations, HistoryItem, InteractionOut, MomentOut
from parley.desk.service import Desk, Past
from parley.desk.tables import CustomerRow, InteractionRow

MAX_HOLDS_WITHOUT_CONFIRMATION = 2
HISTORY_LIMIT = 50


def hold_needs_confirmation(timeline: Timeline) -> bool:
    """Customers should be held once or twice at most: a further hold is put only when confirmed."""
    return timeline.count("hold") >= MAX_HOLDS_WITHOUT_CONFIRMATION


def customer_out(row: CustomerRow) -> CustomerOut:
    return CustomerOut.model_validate(row, from_attributes=True)


async def customer_card(
    db: AsyncSession,
    desk: Desk,
    row: CustomerRow,
    history: list[Past] | None = None,
    current: InteractionRow | None = None,
) -> CustomerCard:
    """The card with the customer's latest interactions; `history`, when the caller read it already
    (`Desk.history`, HISTORY_LIMIT rows), saves the round trip. With `current` (the interaction on the desk),
    `returning` means contacts before this call: its own legs (a transfer's parts) are not earlier ones."""
    if history is None:
        history = await desk.history(db, row.id, HISTORY_LIMIT)
    items = [history_item(past, agent) for past, agent in history]
    count = len(history)
    if count >= HISTORY_LIMIT:  # only then are there more than the history shows
        count = await store.interactions_of_customer(db, row.id)
    if current is None:
        earlier = count - 1
    else:
        legs = call_legs(current.id, {item.id: item.transferred_from for item in items})
        earlier = count - len(legs & {item.id for item in items} | {current.id})
    return CustomerCard(
        **customer_out(row).model_dump(),
        returning=earlier > 0,
        interactions_count=count,
        history=items,
    )


def history_item(row: InteractionRow, agent_name: str | None = None) -> HistoryItem:
    item = HistoryItem.model_validate(row, from_attributes=True)
    item.agent_name = agent_name
    moved = next((m for m in row.timeline[:3] if m.get("kind") == "transferred-in"), None)
    if moved is not None:
        item.transferred_from = str(moved.get("data", {}).get("from") or "") or None
    return item


def interaction_out(
    row: InteractionRow, now: float, customer_name: str | None = None, agent_name: str | None = None
) -> InteractionOut:
    timeline = Timeline.from_list(row.phase, row.timeline)
    return InteractionOut(
        id=row.id,
        channel=row.channel,
        direction=row.direction,
        queue_id=row.queue_id,
        request_type=row.request_type,
        subject=row.subject,
        from_address=row.from_address,
        customer_id=row.customer_id,
        customer_name=customer_name,
        agent_id=row.agent_id,
        agent_name=agent_name,
        run_id=row.run_id,
        outcome=row.outcome,
        notes=row.notes,
        phase=row.phase,
        holds=timeline.count("hold"),
        hold_needs_confirmation=hold_needs_confirmation(timeline),
        captured={k: v for k, v in row.captured.items() if not k.startswith("_")},
        received_at=row.received_at,
        answered_at=row.answered_at,
        ended_at=row.ended_at,
        closed_at=row.closed_at,
        durations=Durations(**timeline.durations(None if row.closed_at else now)),
        timeline=[
            MomentOut(at=datetime.fromtimestamp(m.at, UTC), kind=m.kind, data=m.data)
            for m in timeline.moments
        ],
    )
