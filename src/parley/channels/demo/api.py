"""HTTP edge of the demo channel: the desk's demo contact button."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status

from parley.channels.demo.deps import DemoContactsDep
from parley.platform.deps import DB, AnyUser

demo = APIRouter(prefix="/api/desk", tags=["desk"])


@demo.post("/demo-contact", status_code=status.HTTP_201_CREATED)
async def demo_contact(me: AnyUser, db: DB, contacts: DemoContactsDep) -> dict[str, Any]:
    """A pretend inbound call for trying the desk (only when the server runs with demo contacts on): from a
    demo customer, to the queue the agent answers first, preferring one whose script is in the agent's
    language, with a reason for calling in that script's language."""
    contact = await contacts.ring(db, me)
    return {"id": contact.id, "state": contact.state.value, "queue_id": contact.queue_id}
