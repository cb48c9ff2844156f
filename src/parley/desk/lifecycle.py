"""An interaction's own moves past routing: holds, notes, the wrap-up (with routing's end of it) and a
supervisor's correction of a closed interaction. Each takes the rows the edge read and the services it
needs; the edge checks access and shows the result."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parley.desk import store
from parley.desk.errors import InteractionClosed, NotClosed, NothingToCorrect, NotInWrapUp
from parley.desk.interaction import InteractionEvent, Phase, Timeline
from parley.desk.schemas import CorrectionIn, WrapUpIn
from parley.desk.service import Desk
from parley.desk.tables import InteractionRow
from parley.routing.engine import Engine
from parley.routing.model import Presence
from parley.routing.service import Router

#: What a correction changed: field -> {"from": old, "to": new}.
Changes = dict[str, dict[str, str | None]]


def move(desk: Desk, row: InteractionRow, timeline: Timeline, kind: InteractionEvent) -> InteractionRow:
    """Apply a move of the agent's own (hold, resume) to the interaction now."""
    now = desk.clock()
    timeline.apply(kind, now.timestamp())
    row.phase, row.timeline = timeline.phase.value, timeline.as_list()
    row.updated_at = now
    return row


def save_notes_of(desk: Desk, row: InteractionRow, notes: str) -> InteractionRow:
    if row.phase == Phase.CLOSED.value:
        raise InteractionClosed("the interaction is closed; its notes can no longer change")
    row.notes = notes
    row.updated_at = desk.clock()
    return row


async def wrap_up_and_go(
    db: AsyncSession, router: Router, row: InteractionRow, agent_id: int, body: WrapUpIn
) -> InteractionRow:
    """Record the outcome and notes, end the wrap-up in routing, and set the agent ready (or not ready)
    again, in routing's one transaction; the row is read again after it."""
    agent = str(agent_id)
    interaction_id = row.id

    def command(engine: Engine, now: float) -> bool:
        ending = interaction_id in engine.contacts
        if ending:
            engine.end_wrap_up(interaction_id, agent, now)
        if body.then == "not-ready":
            engine.set_presence(agent, Presence.NOT_READY, now, body.reason or "after-wrap-up")
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
    return row


def correct_closed(desk: Desk, row: InteractionRow, by: str, body: CorrectionIn) -> Changes:
    """Correct a closed interaction's outcome or notes, recording old and new values and the reason on its
    timeline; returns what changed (for the audit log)."""
    changes: Changes = {}
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
    now = desk.clock()
    timeline = Timeline.from_list(row.phase, row.timeline)
    timeline.apply("corrected", now.timestamp(), by=by, reason=body.reason.strip(), changes=changes)
    row.timeline = timeline.as_list()
    if body.outcome is not None:
        row.outcome = body.outcome
    if body.notes is not None:
        row.notes = body.notes
    row.updated_at = now
    return changes
