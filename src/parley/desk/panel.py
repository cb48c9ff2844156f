"""The agent's desk and its script panel: what the agent works on now, each item with its customer's card,
its script run and its emails; a script answer moves the run, puts what it captured where it belongs and
answers with the item as it now is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parley.desk import store
from parley.desk.errors import InteractionClosed, NoScriptRun, NoSuchInteraction, NotYours
from parley.desk.interaction import TRANSFERRED, Phase
from parley.desk.schemas import DeskItem, DeskOut, EmailOut, OutcomeOut
from parley.desk.scripting import sync_fields
from parley.desk.service import Desk, Past
from parley.desk.tables import CustomerRow, InteractionRow, OutgoingEmailRow, ScriptFeedbackRow
from parley.desk.views import HISTORY_LIMIT, customer_card, interaction_out
from parley.platform.identity import Principal
from parley.routing.engine import Engine
from parley.routing.messages import contact_view
from parley.routing.service import Router
from parley.scripts.runs import Act, Runs
from parley.scripts.runtime import Runner, RunState
from parley.scripts.tables import ScriptRunRow
from parley.scripts.views import run_out

#: A run as `Runs.open` gives it.
Opened = tuple[ScriptRunRow, Runner, RunState]


@dataclass
class ItemRows:
    """What a desk item shows besides the interaction and its run, read in as few round trips as can be."""

    customer: CustomerRow | None
    emails: list[OutgoingEmailRow]
    history: list[Past]


@dataclass(frozen=True)
class AgentNow:
    """The agent as routing sees them, with the contacts routing gives them (by id)."""

    state: str
    reason: str | None
    state_since: float
    work: dict[str, dict[str, Any]]


async def item_rows(
    db: AsyncSession, desk: Desk, me: Principal, row: InteractionRow, customer: CustomerRow | None
) -> ItemRows:
    emails = await store.emails_of(db, row.id)
    # The agent's own name is known: a history of their own contacts costs no lookup of names.
    known = {me.user_id: me.display_name}
    history = await desk.history(db, customer.id, HISTORY_LIMIT, known) if customer is not None else []
    return ItemRows(customer, emails, history)


async def desk_item(
    db: AsyncSession,
    desk: Desk,
    runs: Runs,
    me: Principal,
    row: InteractionRow,
    contact: dict[str, Any] | None = None,
    opened: Opened | None = None,
    rows: ItemRows | None = None,
) -> DeskItem:
    """One item of the desk; with `opened` and `rows` (read by the caller) it reads nothing more."""
    now = desk.clock().timestamp()
    if rows is None:
        rows = await item_rows(db, desk, me, row, await store.customer(db, row.customer_id))
    run, outcomes = None, []
    if row.run_id:
        run_row, runner, state = opened or await runs.open(db, me, row.run_id)
        run = run_out(run_row, runner, state)
        script, _ = runner.library.get(state.slug, state.version)
        outcomes = [OutcomeOut(id=o.id, label=o.label, success=o.success) for o in script.outcomes.values()]
    card = await customer_card(db, desk, rows.customer, rows.history, row) if rows.customer else None
    return DeskItem(
        interaction=interaction_out(
            row, now, agent_name=me.display_name if row.agent_id == me.user_id else None
        ),
        contact=contact,
        customer=card,
        run=run,
        outcomes=outcomes,
        script_error=row.captured.get("_script_error"),
        emails=[EmailOut.model_validate(e, from_attributes=True) for e in rows.emails],
    )


def check_own(row: InteractionRow | None, interaction_id: str, me: Principal) -> InteractionRow:
    """The interaction when it is the agent's (they hold it); refused otherwise."""
    if row is None:
        raise NoSuchInteraction(f"no interaction {interaction_id}")
    if row.agent_id != me.user_id:
        raise NotYours("this interaction is not yours")
    return row


async def own_interaction(db: AsyncSession, interaction_id: str, me: Principal) -> InteractionRow:
    return check_own(await store.interaction(db, interaction_id), interaction_id, me)


async def own_with_customer(
    db: AsyncSession, interaction_id: str, me: Principal
) -> tuple[InteractionRow, CustomerRow | None]:
    """The agent's interaction and its customer: both read by the gate already (desk/gate.py), so this
    finds them in the session without a round trip."""
    row = check_own(await store.interaction(db, interaction_id), interaction_id, me)
    return row, await store.customer(db, row.customer_id)


# -------------------------------------------------------------------------------------------- the desk


def _agent_now(engine: Engine, user_id: int) -> AgentNow:
    agent = engine.agents[str(user_id)]
    work = {cid: contact_view(engine.contacts[cid]) for cid in agent.work if cid in engine.contacts}
    return AgentNow(agent.state.value, agent.reason, agent.state_since, work)


async def my_desk(
    db: AsyncSession, desk: Desk, runs: Runs, router: Router, me: Principal, demo_contacts: bool
) -> DeskOut:
    """Everything the desk page shows, from the server: a reload or a reconnect restores it all."""
    await router.ensure_agent(me.user_id, me.display_name)
    agent = await router.read(lambda engine, _now: _agent_now(engine, me.user_id))
    rows = {r.id: r for r in await store.open_interactions(db, list(agent.work), me.user_id)}
    items = [await desk_item(db, desk, runs, me, row, agent.work.get(row.id)) for row in rows.values()]
    items.sort(key=lambda item: item.interaction.received_at)
    return DeskOut(
        server_time=desk.clock().timestamp(),
        state=agent.state,
        reason=agent.reason,
        state_since=agent.state_since,
        items=items,
        demo_contacts=demo_contacts,
    )


# ---------------------------------------------------------------------------------------- script panel


async def script_step(
    db: AsyncSession, desk: Desk, runs: Runs, me: Principal, interaction_id: str, step: Act
) -> DeskItem:
    """Move the interaction's script run by `step`, put what it captured where it belongs, end the run's
    outcome onto the interaction, commit, and answer with the item as it now is."""
    row, customer = await own_with_customer(db, interaction_id, me)
    if not row.run_id:
        raise NoScriptRun("no script runs for this interaction (its queue has no script)")
    if row.phase == Phase.CLOSED.value:
        raise InteractionClosed("the interaction is closed")
    run_row, runner, state = await runs.open(db, me, row.run_id, lock=True)
    # Everything the response shows is read before anything changes: on SQLite the write lock is then held
    # only for the UPDATEs and the commit, and nothing is read back after it. The rows read here are the
    # ones changed below, so the response shows the answer's effect.
    rows = await item_rows(db, desk, me, row, customer)
    state = step(runner, state)
    runs.save(run_row, state)
    placed = await sync_fields(db, runner, state, row, customer, desk.region)
    if state.finished and state.outcome and row.outcome in (None, "", TRANSFERRED):
        row.outcome = state.outcome
    await db.commit()
    item = await desk_item(db, desk, runs, me, row, opened=(run_row, runner, state), rows=rows)
    item.placed = placed
    return item


async def no_suitable_answer(
    db: AsyncSession, desk: Desk, runs: Runs, me: Principal, interaction_id: str, said: str
) -> ScriptFeedbackRow:
    """Record, for the script's author, what the customer said at the run's step that no answer fits."""
    row = await own_interaction(db, interaction_id, me)
    if not row.run_id:
        raise NoScriptRun("no script runs for this interaction")
    _, _, state = await runs.open(db, me, row.run_id)
    item = ScriptFeedbackRow(
        script_slug=state.at_slug,
        version=state.at_version,
        step=state.step,
        said=said,
        interaction_id=row.id,
        agent_id=me.user_id,
        created_at=desk.clock(),
    )
    db.add(item)
    await db.flush()
    return item
