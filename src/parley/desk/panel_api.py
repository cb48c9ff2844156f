"""HTTP edge of the operator's desk page: what the agent is working on now, the script panel, "no suitable
answer" feedback, and the demo contact button (email offers: `offers_api`; custom fields: `fields_api`)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from pydantic import BaseModel, Field

from parley.desk import store
from parley.desk.api import HISTORY_LIMIT, customer_card, interaction_out
from parley.desk.demo_contacts import DEMO_CALLERS, QueueChoice, pick_demo_queue
from parley.desk.gate import InteractionUser
from parley.desk.interaction import TRANSFERRED, Phase
from parley.desk.schemas import CustomerCard, EmailOut, InteractionOut
from parley.desk.scripting import sync_fields
from parley.desk.service import Desk, InteractionClosed, NoSuchInteraction, Past
from parley.desk.tables import (
    CustomerRow,
    InteractionRow,
    OutgoingEmailRow,
    ScriptFeedbackRow,
)
from parley.platform.deps import DB, AnyUser, Supervisor
from parley.platform.errors import Conflict, Forbidden, InvalidInput, NotYours
from parley.platform.identity import Principal
from parley.routing.commands import NewContact
from parley.routing.messages import contact_view
from parley.routing.model import Channel
from parley.routing.service import Router
from parley.scripts.runs import Runs
from parley.scripts.runtime import Runner, RunState
from parley.scripts.schemas import AnswerIn, ObjectionIn, RunOut
from parley.scripts.tables import ScriptRunRow

desk = APIRouter(prefix="/api/desk", tags=["desk"])
panel = APIRouter(prefix="/api/interactions", tags=["desk"])
feedback = APIRouter(prefix="/api/script-feedback", tags=["desk"])


class NoScriptRun(Conflict):
    code = "no-script-run"


class DemoContactsOff(Forbidden):
    code = "demo-contacts-off"


class NoQueueForDemo(InvalidInput):
    code = "no-queue-for-demo"


class OutcomeOut(BaseModel):
    id: str
    label: str
    success: bool


class DeskItem(BaseModel):
    interaction: InteractionOut
    contact: dict[str, Any] | None = Field(description="The routing contact: offer expiry, wrap-up end")
    customer: CustomerCard | None
    run: RunOut | None
    outcomes: list[OutcomeOut] = Field(default_factory=list, description="How the script's run may end")
    script_error: str | None = Field(None, description="Why the queue's script could not start")
    emails: list[EmailOut]
    placed: dict[str, str] = Field(default_factory=dict, description="Captured field -> where it was written")


class DeskOut(BaseModel):
    server_time: float = Field(description="The server's clock (epoch seconds), for countdowns")
    state: str
    reason: str | None
    state_since: float
    items: list[DeskItem]
    demo_contacts: bool


class FeedbackIn(BaseModel):
    said: str = Field(min_length=1, max_length=2000, description="What the customer said that no answer fits")


class FeedbackOut(BaseModel):
    id: int
    script_slug: str
    version: int
    step: str
    said: str
    interaction_id: str | None
    agent_id: int | None
    created_at: datetime


def runs_of(request: Request) -> Runs:
    runs: Runs = request.app.state.runs
    return runs


def run_out(row: ScriptRunRow, runner: Runner, state: RunState) -> RunOut:
    return RunOut(
        id=row.id,
        script=row.script_slug,
        version=row.version,
        started_at=row.started_at,
        finished_at=row.finished_at,
        view=runner.view(state),
        transcript=state.transcript,
    )


@dataclass
class ItemRows:
    """What a desk item shows besides the interaction and its run, read in as few round trips as can be."""

    customer: CustomerRow | None
    emails: list[OutgoingEmailRow]
    history: list[Past]


async def item_rows(request: Request, db: DB, row: InteractionRow, customer: CustomerRow | None) -> ItemRows:
    emails = await store.emails_of(db, row.id)
    desk_: Desk = request.app.state.desk
    history = await desk_.history(db, customer.id, HISTORY_LIMIT) if customer is not None else []
    return ItemRows(customer, emails, history)


async def desk_item(
    request: Request,
    db: DB,
    me: Principal,
    row: InteractionRow,
    contact: dict[str, Any] | None = None,
    opened: tuple[ScriptRunRow, Runner, RunState] | None = None,
    rows: ItemRows | None = None,
) -> DeskItem:
    """One item of the desk; with `opened` and `rows` (read by the caller) it reads nothing more."""
    now = request.app.state.clock().timestamp()
    if rows is None:
        customer = await store.customer(db, row.customer_id)
        rows = await item_rows(request, db, row, customer)
    run, outcomes = None, []
    if row.run_id:
        run_row, runner, state = opened or await runs_of(request).open(db, me, row.run_id)
        run = run_out(run_row, runner, state)
        script, _ = runner.library.get(state.slug, state.version)
        outcomes = [OutcomeOut(id=o.id, label=o.label, success=o.success) for o in script.outcomes.values()]
    card = await customer_card(request, db, rows.customer, rows.history, row) if rows.customer else None
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


def _check_own(row: InteractionRow | None, interaction_id: str, me: Principal) -> InteractionRow:
    if row is None:
        raise NoSuchInteraction(f"no interaction {interaction_id}")
    if row.agent_id != me.user_id:
        raise NotYours("this interaction is not yours")
    return row


async def own_interaction(db: DB, interaction_id: str, me: Principal) -> InteractionRow:
    return _check_own(await store.interaction(db, interaction_id), interaction_id, me)


async def _own_with_customer(
    db: DB, interaction_id: str, me: Principal
) -> tuple[InteractionRow, CustomerRow | None]:
    """The agent's interaction and its customer: both read by the gate already (desk/gate.py), so this
    finds them in the session without a round trip."""
    row = _check_own(await store.interaction(db, interaction_id), interaction_id, me)
    return row, await store.customer(db, row.customer_id)


# -------------------------------------------------------------------------------------------- the desk


@desk.get("", response_model=DeskOut)
async def my_desk(request: Request, me: AnyUser, db: DB) -> DeskOut:
    """Everything the desk page shows, from the server: a reload or a reconnect restores it all."""
    router: Router = request.app.state.router
    await router.ensure_agent(me.user_id, me.display_name)

    def mine(engine: Any, _now: float) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        agent = engine.agents[str(me.user_id)]
        work = {cid: contact_view(engine.contacts[cid]) for cid in agent.work if cid in engine.contacts}
        return agent.as_dict(), work

    agent, work = await router.read(mine)
    rows = {r.id: r for r in await store.open_interactions(db, list(work), me.user_id)}
    items = [await desk_item(request, db, me, row, work.get(row.id)) for row in rows.values()]
    items.sort(key=lambda item: item.interaction.received_at)
    return DeskOut(
        server_time=request.app.state.clock().timestamp(),
        state=agent["state"],
        reason=agent["reason"],
        state_since=agent["state_since"],
        items=items,
        demo_contacts=request.app.state.settings.demo_contacts,
    )


def _demo_candidates(engine: Any, agent_id: str) -> list[QueueChoice]:
    """The agent's queues with their tier and script (every queue, at tier 1, for someone not an agent)."""
    agent = engine.agents.get(agent_id)
    if agent is None:
        return [QueueChoice(q, 1, engine.queues[q].script) for q in sorted(engine.queues)]
    return [
        QueueChoice(m.queue_id, m.tier, engine.queues[m.queue_id].script)
        for m in agent.profile.memberships
        if m.queue_id in engine.queues
    ]


@desk.post("/demo-contact", status_code=status.HTTP_201_CREATED)
async def demo_contact(request: Request, me: AnyUser, db: DB) -> dict[str, Any]:
    """A pretend inbound call for trying the desk (only when the server runs with demo contacts on): from a
    demo customer, to the queue the agent answers first, preferring one whose script is in the agent's
    language, with a reason for calling in that script's language."""
    if not request.app.state.settings.demo_contacts:
        raise DemoContactsOff("demo contacts are off on this server (PARLEY_DEMO_CONTACTS)")
    router: Router = request.app.state.router
    candidates = await router.read(lambda e, _n: _demo_candidates(e, str(me.user_id)))
    languages = await runs_of(request).languages(db, {c.script for c in candidates if c.script})
    picked = pick_demo_queue(candidates, languages, me.language)
    if picked is None:
        raise NoQueueForDemo("there is no queue to send a demo contact to; create one first")
    queue_id, language = picked
    caller, subject = random.choice(DEMO_CALLERS[language])  # noqa: S311 - a demo, not a secret
    customer = await request.app.state.desk.match(db, caller.phone, create=True)
    if customer is not None and not customer.name:
        customer.name = caller.name
    await db.commit()  # the customer exists before routing's own transaction looks for it
    arrival = NewContact(Channel.VOICE, queue=queue_id, from_address=caller.phone, subject=subject)
    contact, _ = await router.add_contact(arrival, me.username)
    return {"id": contact.id, "state": contact.state.value, "queue_id": contact.queue_id}


# ---------------------------------------------------------------------------------------- script panel


async def _script_step(request: Request, db: DB, me: Principal, interaction_id: str, act: Any) -> DeskItem:
    row, customer = await _own_with_customer(db, interaction_id, me)
    if not row.run_id:
        raise NoScriptRun("no script runs for this interaction (its queue has no script)")
    if row.phase == Phase.CLOSED.value:
        raise InteractionClosed("the interaction is closed")
    runs = runs_of(request)
    run_row, runner, state = await runs.open(db, me, row.run_id, lock=True)
    # Everything the response shows is read before anything changes: on SQLite the write lock is then held
    # only for the UPDATEs and the commit, and nothing is read back after it. The rows read here are the
    # ones changed below, so the response shows the answer's effect.
    rows = await item_rows(request, db, row, customer)
    state = act(runner, state)
    runs.save(run_row, state)
    placed = await sync_fields(db, runner, state, row, customer, request.app.state.settings.phone_region)
    if state.finished and state.outcome and row.outcome in (None, "", TRANSFERRED):
        row.outcome = state.outcome
    await db.commit()
    item = await desk_item(request, db, me, row, opened=(run_row, runner, state), rows=rows)
    item.placed = placed
    return item


@panel.post("/{interaction_id}/script/answer", response_model=DeskItem)
async def script_answer(
    request: Request, interaction_id: str, body: AnswerIn, me: InteractionUser, db: DB
) -> DeskItem:
    return await _script_step(request, db, me, interaction_id, lambda r, s: r.answer(s, body.answer))


@panel.post("/{interaction_id}/script/back", response_model=DeskItem)
async def script_back(request: Request, interaction_id: str, me: InteractionUser, db: DB) -> DeskItem:
    return await _script_step(request, db, me, interaction_id, lambda r, s: r.back(s))


@panel.post("/{interaction_id}/script/objection", response_model=DeskItem)
async def script_objection(
    request: Request, interaction_id: str, body: ObjectionIn, me: InteractionUser, db: DB
) -> DeskItem:
    return await _script_step(request, db, me, interaction_id, lambda r, s: r.objection(s, body.objection))


@panel.post("/{interaction_id}/script/feedback", response_model=FeedbackOut, status_code=201)
async def no_suitable_answer(
    request: Request, interaction_id: str, body: FeedbackIn, me: InteractionUser, db: DB
) -> FeedbackOut:
    row = await own_interaction(db, interaction_id, me)
    if not row.run_id:
        raise NoScriptRun("no script runs for this interaction")
    _, _, state = await runs_of(request).open(db, me, row.run_id)
    item = ScriptFeedbackRow(
        script_slug=state.at_slug,
        version=state.at_version,
        step=state.step,
        said=body.said,
        interaction_id=row.id,
        agent_id=me.user_id,
        created_at=request.app.state.clock(),
    )
    db.add(item)
    await db.flush()
    return FeedbackOut.model_validate(item, from_attributes=True)


@feedback.get("", response_model=list[FeedbackOut])
async def feedback_of_script(
    _: Supervisor,
    db: DB,
    script: Annotated[str, Query(min_length=1, max_length=80)],
    step: Annotated[str | None, Query(max_length=80)] = None,
) -> list[FeedbackOut]:
    rows = await store.feedback_of_script(db, script, step)
    return [FeedbackOut.model_validate(r, from_attributes=True) for r in rows]
