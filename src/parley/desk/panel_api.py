"""HTTP edge of the operator's desk page: what the agent is working on now, the script panel and "no
suitable answer" feedback (the logic: desk/panel.py; custom fields: `fields_api`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from parley.desk import panel as desk_panel
from parley.desk import store
from parley.desk.deps import DeskDep
from parley.desk.gate import InteractionUser
from parley.desk.schemas import DeskItem, DeskOut, FeedbackIn, FeedbackOut
from parley.platform.deps import DB, AnyUser, SettingsDep, Supervisor
from parley.routing.deps import RouterDep
from parley.scripts import runs as runs_actions
from parley.scripts.deps import RunsDep
from parley.scripts.schemas import AnswerIn, ObjectionIn

desk = APIRouter(prefix="/api/desk", tags=["desk"])
panel = APIRouter(prefix="/api/interactions", tags=["desk"])
feedback = APIRouter(prefix="/api/script-feedback", tags=["desk"])


# -------------------------------------------------------------------------------------------- the desk


@desk.get("", response_model=DeskOut)
async def my_desk(
    me: AnyUser, db: DB, service: DeskDep, runs: RunsDep, router: RouterDep, settings: SettingsDep
) -> DeskOut:
    """Everything the desk page shows, from the server: a reload or a reconnect restores it all."""
    return await desk_panel.my_desk(db, service, runs, router, me, settings.demo_contacts)


# ---------------------------------------------------------------------------------------- script panel


@panel.post("/{interaction_id}/script/answer", response_model=DeskItem)
async def script_answer(
    interaction_id: str, body: AnswerIn, me: InteractionUser, db: DB, service: DeskDep, runs: RunsDep
) -> DeskItem:
    step = runs_actions.answer(body.answer)
    return await desk_panel.script_step(db, service, runs, me, interaction_id, step)


@panel.post("/{interaction_id}/script/back", response_model=DeskItem)
async def script_back(
    interaction_id: str, me: InteractionUser, db: DB, service: DeskDep, runs: RunsDep
) -> DeskItem:
    return await desk_panel.script_step(db, service, runs, me, interaction_id, runs_actions.back())


@panel.post("/{interaction_id}/script/objection", response_model=DeskItem)
async def script_objection(
    interaction_id: str, body: ObjectionIn, me: InteractionUser, db: DB, service: DeskDep, runs: RunsDep
) -> DeskItem:
    step = runs_actions.objection(body.objection)
    return await desk_panel.script_step(db, service, runs, me, interaction_id, step)


@panel.post("/{interaction_id}/script/feedback", response_model=FeedbackOut, status_code=201)
async def no_suitable_answer(
    interaction_id: str, body: FeedbackIn, me: InteractionUser, db: DB, service: DeskDep, runs: RunsDep
) -> FeedbackOut:
    row = await desk_panel.no_suitable_answer(db, service, runs, me, interaction_id, body.said)
    return FeedbackOut.model_validate(row, from_attributes=True)


@feedback.get("", response_model=list[FeedbackOut])
async def feedback_of_script(
    _: Supervisor,
    db: DB,
    script: Annotated[str, Query(min_length=1, max_length=80)],
    step: Annotated[str | None, Query(max_length=80)] = None,
) -> list[FeedbackOut]:
    rows = await store.feedback_of_script(db, script, step)
    return [FeedbackOut.model_validate(r, from_attributes=True) for r in rows]
