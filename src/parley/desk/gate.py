"""The contact rule (routing/access.py) on the desk's interactions: an interaction records a contact (same
id, same queue), so whoever may not touch the contact may not touch its interaction either.

`InteractionUser` / `InteractionSupervisor` stand in for `AnyUser` / `Supervisor` on a route with
`{interaction_id}`. Holder-only actions (hold, notes, wrap-up, the script, offers) still check the holder
themselves: a queue member passes this gate but is refused there as `not-yours`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from parley.desk.service import NoSuchInteraction
from parley.desk.tables import CustomerRow, InteractionRow
from parley.platform.deps import DB, AnyUser, Supervisor
from parley.platform.identity import Principal, Role
from parley.routing import store as routing_store
from parley.routing.access import ContactFacts
from parley.routing.gate import GATE_ATTRIBUTE, Trail, TrailDep, check

GATE_ROWS = "parley_interaction_gate_rows"
#: The interaction with its customer in one round trip: the script panel reads both again from the session.
_WITH_CUSTOMER = (
    select(InteractionRow, CustomerRow)
    .outerjoin(CustomerRow, CustomerRow.id == InteractionRow.customer_id)
    .where(InteractionRow.id == bindparam("interaction_id"))
)


async def _interaction_gate(trail: Trail, interaction_id: str, me: Principal, db: AsyncSession) -> Principal:
    found = None
    if len(interaction_id) <= 36:
        found = (await db.execute(_WITH_CUSTOMER, {"interaction_id": interaction_id})).one_or_none()
    if found is None:
        raise NoSuchInteraction(f"no interaction {interaction_id}")
    row: InteractionRow = found[0]
    # The session's identity map holds rows weakly: keep these for the request, so that the endpoint's own
    # `db.get` of the interaction (and of its customer) finds them without a second round trip.
    db.info[GATE_ROWS] = tuple(found)
    offered: frozenset[str] = frozenset()
    if row.agent_id != me.user_id and not me.role.at_least(Role.SUPERVISOR):
        offered = await routing_store.offered_to(db, interaction_id)  # on offer, an interaction has no agent
    holder = str(row.agent_id) if row.agent_id is not None else None
    facts = ContactFacts(id=row.id, queue_id=row.queue_id, agent_id=holder, offered_to=offered)
    # The endpoint goes on with the same read (as it did before this gate): no commit in between.
    await check(trail, db, me, facts, "interaction", end_read=False)
    return me


async def _any_user_on_interaction(trail: TrailDep, interaction_id: str, me: AnyUser, db: DB) -> Principal:
    return await _interaction_gate(trail, interaction_id, me, db)


async def _supervisor_on_interaction(
    trail: TrailDep, interaction_id: str, me: Supervisor, db: DB
) -> Principal:
    return await _interaction_gate(trail, interaction_id, me, db)


setattr(_any_user_on_interaction, GATE_ATTRIBUTE, True)
setattr(_supervisor_on_interaction, GATE_ATTRIBUTE, True)
InteractionUser = Annotated[Principal, Depends(_any_user_on_interaction)]
InteractionSupervisor = Annotated[Principal, Depends(_supervisor_on_interaction)]
