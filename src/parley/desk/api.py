"""HTTP edge of the desk: customers, interactions (timeline, holds, notes, wrap-up), search and CSV export."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import Response, StreamingResponse
from pydantic import AwareDatetime

from parley.accounts.deps import accounts_of
from parley.desk import store
from parley.desk.gate import InteractionSupervisor, InteractionUser
from parley.desk.interaction import Phase, Timeline, call_legs
from parley.desk.schemas import (
    CorrectionIn,
    CustomerCard,
    CustomerIn,
    CustomerOut,
    Durations,
    HistoryItem,
    HoldIn,
    InteractionOut,
    MergeIn,
    MomentOut,
    NotesIn,
    OutcomeLabel,
    WrapUpIn,
)
from parley.desk.service import Desk, InteractionClosed, NoSuchInteraction, Past
from parley.desk.store import InteractionFilter
from parley.desk.tables import CustomerRow, InteractionRow
from parley.platform.bounds import INT32_MAX, DbId
from parley.platform.deps import DB, AnyUser, Supervisor, client_ip
from parley.platform.errors import Conflict, InvalidInput, NotYours
from parley.platform.identity import Principal, Role
from parley.routing.engine import Engine
from parley.routing.model import Presence
from parley.routing.service import Router
from parley.scripts.runs import Runs

customers = APIRouter(prefix="/api/customers", tags=["desk"])
interactions = APIRouter(prefix="/api/interactions", tags=["desk"])
MAX_HOLDS_WITHOUT_CONFIRMATION = 2


class HoldNeedsConfirmation(Conflict):
    code = "hold-confirm-needed"


def _hold_needs_confirmation(timeline: Timeline) -> bool:
    """Customers should be held once or twice at most: a further hold is put only when confirmed."""
    return timeline.count("hold") >= MAX_HOLDS_WITHOUT_CONFIRMATION


class NotInWrapUp(Conflict):
    code = "not-in-wrap-up"


class NotClosed(Conflict):
    code = "interaction-not-closed"


class NothingToCorrect(InvalidInput):
    code = "nothing-to-correct"


def _desk(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


# ------------------------------------------------------------------------------------------------ customers


def customer_out(row: CustomerRow) -> CustomerOut:
    return CustomerOut.model_validate(row, from_attributes=True)


HISTORY_LIMIT = 50


async def customer_card(
    request: Request,
    db: DB,
    row: CustomerRow,
    history: list[Past] | None = None,
    current: InteractionRow | None = None,
) -> CustomerCard:
    """The card with the customer's latest interactions; `history`, when the caller read it already
    (`Desk.history`, HISTORY_LIMIT rows), saves the round trip. With `current` (the interaction on the desk),
    `returning` means contacts before this call: its own legs (a transfer's parts) are not earlier ones."""
    if history is None:
        history = await _desk(request).history(db, row.id, HISTORY_LIMIT)
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


@customers.get("", response_model=list[CustomerOut])
async def search_customers(
    request: Request,
    _: AnyUser,
    db: DB,
    q: Annotated[str, Query(max_length=200, description="Name, company, phone or email")] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[CustomerOut]:
    return [customer_out(row) for row in await _desk(request).search(db, q, limit)]


@customers.post("", response_model=CustomerOut, status_code=status.HTTP_201_CREATED)
async def create_customer(request: Request, body: CustomerIn, _: AnyUser, db: DB) -> CustomerOut:
    row = CustomerRow(created_at=_desk(request).clock())
    return customer_out(await _desk(request).save_customer(db, row, body.model_dump()))


@customers.get("/{customer_id}", response_model=CustomerCard)
async def get_customer(request: Request, customer_id: DbId, _: AnyUser, db: DB) -> CustomerCard:
    return await customer_card(request, db, await _desk(request).customer(db, customer_id))


@customers.put("/{customer_id}", response_model=CustomerOut)
async def update_customer(
    request: Request, customer_id: DbId, body: CustomerIn, _: AnyUser, db: DB
) -> CustomerOut:
    """Replace the customer's card: send every field back (custom fields without a definition any more are
    accepted unchanged), as the customer form does; a field left out is emptied."""
    row = await _desk(request).customer(db, customer_id)
    return customer_out(await _desk(request).save_customer(db, row, body.model_dump()))


@customers.post("/{customer_id}/merge", response_model=CustomerOut)
async def merge_customers(
    request: Request, customer_id: DbId, body: MergeIn, _: Supervisor, db: DB
) -> CustomerOut:
    return customer_out(await _desk(request).merge(db, customer_id, body.other_id))


# ------------------------------------------------------------------------------------------- interactions


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
        hold_needs_confirmation=_hold_needs_confirmation(timeline),
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


async def _interaction(db: DB, interaction_id: str, me: Principal, own: bool = False) -> InteractionRow:
    row = await store.interaction(db, interaction_id)
    if row is None:
        raise NoSuchInteraction(f"no interaction {interaction_id}")
    # Past the gate (desk/gate.py), the record itself stays its agent's (and supervisors', unless `own`):
    # a member of the queue may act on the contact but not read a colleague's notes.
    if row.agent_id != me.user_id and (own or not me.role.at_least(Role.SUPERVISOR)):
        raise NotYours("this interaction is not yours")
    return row


def _filter(
    customer: int | None,
    customer_search: str | None,
    agent: int | None,
    queue: str | None,
    outcome: str | None,
    since: datetime | None,
    until: datetime | None,
) -> InteractionFilter:
    return InteractionFilter(customer, customer_search, agent, queue, outcome, since, until)


Customer = Annotated[int | None, Query(ge=1, le=INT32_MAX)]
CustomerSearch = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Customers whose name or company contains this, or whose phone or email it is (as the "
        "customer search finds them), and callers without a card whose address contains it",
    ),
]
AgentQ = Annotated[int | None, Query(ge=1, le=INT32_MAX)]
QueueQ = Annotated[str | None, Query(max_length=40)]
OutcomeQ = Annotated[str | None, Query(max_length=80)]
Since = Annotated[
    AwareDatetime | None, Query(description="Received at or after (ISO 8601 with a time zone, e.g. `Z`)")
]
Until = Annotated[AwareDatetime | None, Query(description="Received before (ISO 8601 with a time zone)")]


@interactions.get("", response_model=list[InteractionOut])
async def search_interactions(
    request: Request,
    response: Response,
    _: Supervisor,
    db: DB,
    customer: Customer = None,
    customer_search: CustomerSearch = None,
    agent: AgentQ = None,
    queue: QueueQ = None,
    outcome: OutcomeQ = None,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[InteractionOut]:
    """Newest first; the `X-Total-Count` header gives how many match in all (for paging)."""
    match = _filter(customer, customer_search, agent, queue, outcome, since, until)
    total, found = await _desk(request).find_interactions(db, match, limit, offset)
    response.headers["X-Total-Count"] = str(total)
    now = _desk(request).clock().timestamp()
    return [interaction_out(row, now, name, agent) for row, name, agent in found]


@interactions.get("/outcomes", response_model=list[OutcomeLabel])
async def outcome_labels(request: Request, _: AnyUser, db: DB) -> list[OutcomeLabel]:
    """Every outcome an interaction has or a published script can end with, and its label in the script
    (none for an outcome no script defines: the common ones the UI translates, or one typed at wrap-up)."""
    runs: Runs = request.app.state.runs
    labels = await runs.outcome_labels(db)
    ids = sorted({*labels, *await store.used_outcomes(db)})
    return [OutcomeLabel(id=i, label=labels.get(i)) for i in ids]


CSV_COLUMNS = (
    "id", "channel", "direction", "queue", "request_type", "subject", "from", "customer_id",
    "customer_name", "agent_id", "outcome", "received_at", "answered_at", "ended_at", "closed_at",
    "wait_s", "talk_s", "hold_s", "holds", "wrap_up_s", "total_s", "notes",
)  # fmt: skip


#: The export reads this many interactions at a time and lets other requests run in between, so a large
#: export does not hold up the desk (on SQLite statements run on the server's one thread).
EXPORT_CHUNK = 250
EXPORT_LIMIT = 100_000


@interactions.get("/export.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
async def export_interactions(
    request: Request,
    _: Supervisor,
    customer: Customer = None,
    customer_search: CustomerSearch = None,
    agent: AgentQ = None,
    queue: QueueQ = None,
    outcome: OutcomeQ = None,
    since: Since = None,
    until: Until = None,
) -> StreamingResponse:
    """The interactions that match, as CSV: oldest first, at most 100,000 rows, streamed.

    The parameters are checked and the first chunk is read before the answer starts, so a bad request or a
    failing database gets its problem+json (not a 200 with an empty body)."""
    match = _filter(customer, customer_search, agent, queue, outcome, since, until)
    database = request.app.state.database
    desk = _desk(request)
    now = _desk(request).clock().timestamp()

    async def read(sent: int, after: tuple[datetime, str] | None) -> list[store.Exported]:
        # the next chunk starts after the last row sent (keyset paging)
        async with database.sessions() as db:
            return await desk.export_chunk(db, match, min(EXPORT_CHUNK, EXPORT_LIMIT - sent), after)

    first = await read(0, None)

    async def lines() -> AsyncIterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        sent: int = 0
        after: tuple[datetime, str] | None = None
        chunk = first
        while True:
            for row, name in chunk:
                _export_row(writer, row, name, now)
            yield out.getvalue()
            out.seek(0)
            out.truncate()
            sent += len(chunk)
            if len(chunk) < EXPORT_CHUNK or sent >= EXPORT_LIMIT:
                return
            after = (chunk[-1][0].received_at, chunk[-1][0].id)
            await asyncio.sleep(0)  # the desk's requests go in between chunks
            chunk = await read(sent, after)

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="interactions.csv"'},
    )


def _export_row(writer: Any, row: InteractionRow, name: str | None, now: float) -> None:
    item = interaction_out(row, now)
    d = item.durations
    writer.writerow(
        [
            _cell(row.id), _cell(row.channel), _cell(row.direction), _cell(row.queue_id or ""),
            _cell(row.request_type or ""), _cell(row.subject), _cell(row.from_address), row.customer_id or "",
            _cell(name or ""), row.agent_id or "",
            _cell(row.outcome or ""), _iso(row.received_at), _iso(row.answered_at), _iso(row.ended_at),
            _iso(row.closed_at), _num(d.wait), _num(d.talk), _num(d.hold), item.holds, _num(d.wrap_up),
            _num(d.total), _cell(row.notes),
        ]
    )  # fmt: skip


def _cell(text: str | None) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: defuse them (CSV injection). Every text
    column goes through here (numbers and ISO times are written by the export itself and cannot start so)."""
    text = text or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


@interactions.get("/{interaction_id}", response_model=InteractionOut)
async def get_interaction(
    request: Request, interaction_id: str, me: InteractionUser, db: DB
) -> InteractionOut:
    row = await _interaction(db, interaction_id, me)
    name = await store.user_name(db, row.agent_id)
    return interaction_out(row, _desk(request).clock().timestamp(), agent_name=name)


@interactions.post("/{interaction_id}/hold", response_model=InteractionOut)
async def hold(
    request: Request, interaction_id: str, body: HoldIn, me: InteractionUser, db: DB
) -> InteractionOut:
    row = await _interaction(db, interaction_id, me, own=True)
    timeline = Timeline.from_list(row.phase, row.timeline)
    if _hold_needs_confirmation(timeline) and not body.confirm:
        raise HoldNeedsConfirmation(
            f"this would be hold number {timeline.count('hold') + 1}; customers should be held once or "
            "twice at most. Send confirm: true to hold anyway",
            hold=timeline.count("hold") + 1,
        )
    return _move(request, row, timeline, "hold")


@interactions.post("/{interaction_id}/resume", response_model=InteractionOut)
async def resume(request: Request, interaction_id: str, me: InteractionUser, db: DB) -> InteractionOut:
    row = await _interaction(db, interaction_id, me, own=True)
    return _move(request, row, Timeline.from_list(row.phase, row.timeline), "resume")


def _move(request: Request, row: InteractionRow, timeline: Timeline, kind: str) -> InteractionOut:
    now = _desk(request).clock().timestamp()
    timeline.apply(kind, now)
    row.phase, row.timeline = timeline.phase.value, timeline.as_list()
    row.updated_at = _desk(request).clock()
    return interaction_out(row, now)


@interactions.put("/{interaction_id}/notes", response_model=InteractionOut)
async def save_notes(
    request: Request, interaction_id: str, body: NotesIn, me: InteractionUser, db: DB
) -> InteractionOut:
    row = await _interaction(db, interaction_id, me, own=True)
    if row.phase == Phase.CLOSED.value:
        raise InteractionClosed("the interaction is closed; its notes can no longer change")
    row.notes = body.notes
    row.updated_at = _desk(request).clock()
    return interaction_out(row, _desk(request).clock().timestamp())


@interactions.post("/{interaction_id}/wrap-up", response_model=InteractionOut)
async def wrap_up(
    request: Request, interaction_id: str, body: WrapUpIn, me: InteractionUser, db: DB
) -> InteractionOut:
    """Record the outcome and notes, end the wrap-up, and go ready (or not ready) again — one step."""
    row = await _interaction(db, interaction_id, me, own=True)
    agent_id = str(me.user_id)
    router: Router = request.app.state.router

    def command(engine: Engine, now: float) -> bool:
        ending = interaction_id in engine.contacts
        if ending:
            engine.end_wrap_up(interaction_id, agent_id, now)
        if body.then == "not-ready":
            engine.set_presence(agent_id, Presence.NOT_READY, now, body.reason or "after-wrap-up")
        return ending

    if row.phase == Phase.CLOSED.value:
        raise InteractionClosed(
            "the interaction is closed; a supervisor can correct its outcome and notes", phase=row.phase
        )
    if row.phase != Phase.WRAP_UP.value:
        raise NotInWrapUp(f"the interaction is {row.phase}; end the conversation first", phase=row.phase)
    await db.commit()  # end this read: the routing write below is its own transaction
    ended = await router.execute(command, store.wrap_up_recorder(interaction_id, body.outcome, body.notes))
    await db.refresh(row)
    if not ended and row.phase == Phase.CLOSED.value:
        raise InteractionClosed("the wrap-up time ran out and closed the interaction", phase=row.phase)
    return interaction_out(row, _desk(request).clock().timestamp())


@interactions.post("/{interaction_id}/correction", response_model=InteractionOut)
async def correct(
    request: Request, interaction_id: str, body: CorrectionIn, me: InteractionSupervisor, db: DB
) -> InteractionOut:
    """A supervisor's correction of a closed interaction's outcome or notes, with a reason: the old and new
    values and the reason go into the interaction's timeline and the audit log."""
    row = await _interaction(db, interaction_id, me)
    changes: dict[str, dict[str, str | None]] = {}
    if body.outcome is not None and body.outcome != row.outcome:
        changes["outcome"] = {"from": row.outcome, "to": body.outcome}
    if body.notes is not None and body.notes != row.notes:
        changes["notes"] = {"from": row.notes, "to": body.notes}
    if row.phase != Phase.CLOSED.value:
        raise NotClosed(
            f"the interaction is {row.phase}; only a closed interaction is corrected", phase=row.phase
        )
    if not changes:
        raise NothingToCorrect("the correction changes neither the outcome nor the notes")
    now = _desk(request).clock()
    reason = body.reason.strip()
    timeline = Timeline.from_list(row.phase, row.timeline)
    timeline.apply("corrected", now.timestamp(), by=me.username, reason=reason, changes=changes)
    row.timeline = timeline.as_list()
    if body.outcome is not None:
        row.outcome = body.outcome
    if body.notes is not None:
        row.notes = body.notes
    row.updated_at = now
    await accounts_of(request).audit(
        db,
        me,
        "interaction.corrected",
        target=interaction_id,
        ip=client_ip(request),
        reason=reason,
        changes=changes,
    )
    return interaction_out(row, now.timestamp())
