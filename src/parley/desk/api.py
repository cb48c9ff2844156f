"""HTTP edge of the desk: customers, interactions (timeline, holds, notes, wrap-up, corrections). The
interaction search and its CSV export are the reports slice's (reports/api.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from parley.accounts.deps import AccountsDep
from parley.desk import store
from parley.desk.deps import DeskDep
from parley.desk.errors import HoldNeedsConfirmation, NoSuchInteraction, NotYours
from parley.desk.gate import InteractionSupervisor, InteractionUser
from parley.desk.interaction import Timeline
from parley.desk.lifecycle import correct_closed, move, save_notes_of, wrap_up_and_go
from parley.desk.schemas import (
    CorrectionIn,
    CustomerCard,
    CustomerIn,
    CustomerOut,
    HoldIn,
    InteractionOut,
    MergeIn,
    NotesIn,
    OutcomeLabel,
    WrapUpIn,
)
from parley.desk.tables import CustomerRow, InteractionRow
from parley.desk.views import (
    HISTORY_LIMIT,
    customer_card,
    customer_out,
    hold_needs_confirmation,
    interaction_out,
)
from parley.platform.bounds import DbId
from parley.platform.deps import DB, AnyUser, ClientIp, Supervisor
from parley.platform.identity import Principal, Role
from parley.routing.deps import RouterDep
from parley.scripts.deps import RunsDep

__all__ = ["HISTORY_LIMIT", "customer_card", "customer_out", "interaction_out"]  # importable from here too

customers = APIRouter(prefix="/api/customers", tags=["desk"])
interactions = APIRouter(prefix="/api/interactions", tags=["desk"])


# ------------------------------------------------------------------------------------------------ customers


@customers.get("", response_model=list[CustomerOut])
async def search_customers(
    _: AnyUser,
    db: DB,
    desk: DeskDep,
    q: Annotated[str, Query(max_length=200, description="Name, company, phone or email")] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[CustomerOut]:
    return [customer_out(row) for row in await desk.search(db, q, limit)]


@customers.post("", response_model=CustomerOut, status_code=status.HTTP_201_CREATED)
async def create_customer(body: CustomerIn, _: AnyUser, db: DB, desk: DeskDep) -> CustomerOut:
    row = CustomerRow(created_at=desk.clock())
    return customer_out(await desk.save_customer(db, row, body.model_dump()))


@customers.get("/{customer_id}", response_model=CustomerCard)
async def get_customer(customer_id: DbId, _: AnyUser, db: DB, desk: DeskDep) -> CustomerCard:
    return await customer_card(db, desk, await desk.customer(db, customer_id))


@customers.put("/{customer_id}", response_model=CustomerOut)
async def update_customer(
    customer_id: DbId, body: CustomerIn, _: AnyUser, db: DB, desk: DeskDep
) -> CustomerOut:
    """Replace the customer's card: send every field back (custom fields without a definition any more are
    accepted unchanged), as the customer form does; a field left out is emptied."""
    row = await desk.customer(db, customer_id)
    return customer_out(await desk.save_customer(db, row, body.model_dump()))


@customers.post("/{customer_id}/merge", response_model=CustomerOut)
async def merge_customers(
    customer_id: DbId, body: MergeIn, _: Supervisor, db: DB, desk: DeskDep
) -> CustomerOut:
    return customer_out(await desk.merge(db, customer_id, body.other_id))


# ------------------------------------------------------------------------------------------- interactions


async def _interaction(db: DB, interaction_id: str, me: Principal, own: bool = False) -> InteractionRow:
    row = await store.interaction(db, interaction_id)
    if row is None:
        raise NoSuchInteraction(f"no interaction {interaction_id}")
    # Past the gate (desk/gate.py), the record itself stays its agent's (and supervisors', unless `own`):
    # a member of the queue may act on the contact but not read a colleague's notes.
    if row.agent_id != me.user_id and (own or not me.role.at_least(Role.SUPERVISOR)):
        raise NotYours("this interaction is not yours")
    return row


@interactions.get("/outcomes", response_model=list[OutcomeLabel])
async def outcome_labels(_: AnyUser, db: DB, runs: RunsDep) -> list[OutcomeLabel]:
    """Every outcome an interaction has or a published script can end with, and its label in the script
    (none for an outcome no script defines: the common ones the UI translates, or one typed at wrap-up)."""
    labels = await runs.outcome_labels(db)
    ids = sorted({*labels, *await store.used_outcomes(db)})
    return [OutcomeLabel(id=i, label=labels.get(i)) for i in ids]


@interactions.get("/{interaction_id}", response_model=InteractionOut)
async def get_interaction(interaction_id: str, me: InteractionUser, db: DB, desk: DeskDep) -> InteractionOut:
    row = await _interaction(db, interaction_id, me)
    return interaction_out(row, desk.clock().timestamp(), agent_name=await desk.agent_name(db, row.agent_id))


@interactions.post("/{interaction_id}/hold", response_model=InteractionOut)
async def hold(
    interaction_id: str, body: HoldIn, me: InteractionUser, db: DB, desk: DeskDep
) -> InteractionOut:
    row = await _interaction(db, interaction_id, me, own=True)
    timeline = Timeline.from_list(row.phase, row.timeline)
    if hold_needs_confirmation(timeline) and not body.confirm:
        raise HoldNeedsConfirmation(
            f"this would be hold number {timeline.count('hold') + 1}; customers should be held once or "
            "twice at most. Send confirm: true to hold anyway",
            hold=timeline.count("hold") + 1,
        )
    return interaction_out(move(desk, row, timeline, "hold"), desk.clock().timestamp())


@interactions.post("/{interaction_id}/resume", response_model=InteractionOut)
async def resume(interaction_id: str, me: InteractionUser, db: DB, desk: DeskDep) -> InteractionOut:
    row = await _interaction(db, interaction_id, me, own=True)
    timeline = Timeline.from_list(row.phase, row.timeline)
    return interaction_out(move(desk, row, timeline, "resume"), desk.clock().timestamp())


@interactions.put("/{interaction_id}/notes", response_model=InteractionOut)
async def save_notes(
    interaction_id: str, body: NotesIn, me: InteractionUser, db: DB, desk: DeskDep
) -> InteractionOut:
    row = await _interaction(db, interaction_id, me, own=True)
    return interaction_out(save_notes_of(desk, row, body.notes), desk.clock().timestamp())


@interactions.post("/{interaction_id}/wrap-up", response_model=InteractionOut)
async def wrap_up(
    interaction_id: str, body: WrapUpIn, me: InteractionUser, db: DB, desk: DeskDep, router: RouterDep
) -> InteractionOut:
    """Record the outcome and notes, end the wrap-up, and go ready (or not ready) again — one step."""
    row = await _interaction(db, interaction_id, me, own=True)
    await wrap_up_and_go(db, router, row, me.user_id, body)
    return interaction_out(row, desk.clock().timestamp())


@interactions.post("/{interaction_id}/correction", response_model=InteractionOut)
async def correct(
    interaction_id: str,
    body: CorrectionIn,
    me: InteractionSupervisor,
    db: DB,
    desk: DeskDep,
    accounts: AccountsDep,
    ip: ClientIp,
) -> InteractionOut:
    """A supervisor's correction of a closed interaction's outcome or notes, with a reason: the old and new
    values and the reason go into the interaction's timeline and the audit log."""
    row = await _interaction(db, interaction_id, me)
    changes = correct_closed(desk, row, me.username, body)
    await accounts.audit(
        db,
        me,
        "interaction.corrected",
        target=interaction_id,
        ip=ip,
        reason=body.reason.strip(),
        changes=changes,
    )
    return interaction_out(row, desk.clock().timestamp())
