"""HTTP edge of the queues' scripts: which published script the desk opens for a queue's contacts."""

from __future__ import annotations

from fastapi import APIRouter

from parley.desk import queue_scripts
from parley.desk.schemas import QueueScriptIn, QueueScriptOut
from parley.platform.deps import DB, AnyUser, ClockDep, Supervisor
from parley.routing.deps import RouterDep
from parley.scripts.deps import RunsDep

bindings = APIRouter(prefix="/api", tags=["desk"])


@bindings.get("/queue-scripts", response_model=list[QueueScriptOut])
async def list_queue_scripts(_: AnyUser, db: DB, router: RouterDep) -> list[QueueScriptOut]:
    """Every queue that opens a script when an agent answers, with that script (queues without one are
    left out)."""
    bound = await queue_scripts.bound_scripts(db, router)
    return [QueueScriptOut(queue_id=queue, script=slug) for queue, slug in sorted(bound.items())]


@bindings.put("/queues/{queue_id}/script", response_model=QueueScriptIn)
async def set_queue_script(
    queue_id: str,
    body: QueueScriptIn,
    me: Supervisor,
    db: DB,
    router: RouterDep,
    runs: RunsDep,
    clock: ClockDep,
) -> QueueScriptIn:
    """Open this published script when an agent answers a contact of the queue; `null` opens none."""
    script = await queue_scripts.bind(db, router, runs, clock, queue_id, body.script, me.user_id)
    return QueueScriptIn(script=script)
