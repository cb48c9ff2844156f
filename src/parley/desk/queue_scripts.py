"""The script the desk opens when an agent answers a contact of a queue: the desk's binding (routing knows
queues and contacts, not scripts), kept in `desk_queue_scripts`."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parley.desk import store
from parley.platform.clock import Clock
from parley.routing.errors import NoSuchQueue
from parley.routing.service import Router
from parley.scripts.runs import Runs


async def _queue_ids(router: Router) -> set[str]:
    return await router.read(lambda engine, _now: set(engine.queues))


async def bound_scripts(db: AsyncSession, router: Router) -> dict[str, str]:
    """queue id -> script slug, for the queues that exist (a removed queue's binding is not shown)."""
    queues = await _queue_ids(router)
    return {queue: slug for queue, slug in (await store.queue_scripts(db)).items() if queue in queues}


async def bind(
    db: AsyncSession, router: Router, runs: Runs, clock: Clock, queue_id: str, script: str | None, by: int
) -> str | None:
    """Bind a published script to an existing queue, or unbind its script (`script` None)."""
    if queue_id not in await _queue_ids(router):
        raise NoSuchQueue(f"no queue {queue_id!r}", queue=queue_id)
    if script is not None:
        await runs.check_published(db, script)
    await store.bind_queue_script(db, queue_id, script, by, clock())
    return script
