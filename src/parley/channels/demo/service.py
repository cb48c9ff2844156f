"""A demo contact as a use case: the queue the agent answers first (preferring one whose script speaks the
agent's language), a demo customer calling it with a reason in that language, sent to routing."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from parley.channels.demo.errors import DemoContactsOff, NoQueueForDemo
from parley.channels.demo.model import DEMO_CALLERS, QueueChoice, pick_demo_queue
from parley.desk import store as desk_store
from parley.desk.service import Desk
from parley.platform.identity import Principal
from parley.routing.commands import NewContact
from parley.routing.engine import Engine
from parley.routing.model import Channel
from parley.routing.service import Router
from parley.routing.state import Contact
from parley.scripts.runs import Runs


def queues_answered_by(engine: Engine, agent_id: str) -> list[tuple[str, int]]:
    """The agent's queues with their tier (every queue, at tier 1, for someone not an agent)."""
    agent = engine.agents.get(agent_id)
    if agent is None:
        return [(queue_id, 1) for queue_id in sorted(engine.queues)]
    return [(m.queue_id, m.tier) for m in agent.profile.memberships if m.queue_id in engine.queues]


@dataclass(frozen=True, slots=True)
class DemoContacts:
    enabled: bool
    router: Router
    runs: Runs
    desk: Desk

    async def ring(self, db: AsyncSession, me: Principal) -> Contact:
        """A pretend inbound call for `me` from a demo customer (with a card), waiting in the chosen queue."""
        if not self.enabled:
            raise DemoContactsOff("demo contacts are off on this server (PARLEY_DEMO_CONTACTS)")
        answered = await self.router.read(lambda engine, _now: queues_answered_by(engine, str(me.user_id)))
        scripts = await desk_store.queue_scripts(db)
        candidates = [QueueChoice(queue_id, tier, scripts.get(queue_id)) for queue_id, tier in answered]
        languages = await self.runs.languages(db, {c.script for c in candidates if c.script})
        picked = pick_demo_queue(candidates, languages, me.language)
        if picked is None:
            raise NoQueueForDemo("there is no queue to send a demo contact to; create one first")
        queue_id, language = picked
        caller, subject = random.choice(DEMO_CALLERS[language])  # noqa: S311 - a demo, not a secret
        customer = await self.desk.match(db, caller.phone, create=True)
        if customer is not None and not customer.name:
            customer.name = caller.name
        await db.commit()  # the customer exists before routing's own transaction looks for it
        arrival = NewContact(Channel.VOICE, queue=queue_id, from_address=caller.phone, subject=subject)
        contact, _ = await self.router.add_contact(arrival, me.username)
        return contact
