"""The edge of the contact rule (routing/access.py): one dependency per route that takes a contact id.

`ContactUser` / `ContactSupervisor` stand in for `AnyUser` / `Supervisor` on a route with `{contact_id}`:
they authenticate as those do, then refuse a caller who may not touch that contact (403
`not-your-contact`) and audit what a supervisor or administrator changes on a contact they do not hold.
The desk's interactions pass their own facts through `check` (desk/gate.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts.deps import AccountsDep
from parley.accounts.service import Accounts
from parley.platform.deps import DB, SAFE_METHODS, AnyUser, Supervisor, client_ip
from parley.platform.identity import Principal, Role
from parley.routing import store
from parley.routing.access import Caller, ContactFacts, Standing, admit, audited, member_queues, standing
from parley.routing.errors import NoSuchContact
from parley.routing.tables import ContactRow

#: Set on every gate dependency, so that a test can tell a route that checks the contact rule.
GATE_ATTRIBUTE = "parley_contact_gate"


async def caller(db: AsyncSession, me: Principal, facts: ContactFacts) -> Caller:
    """The caller as the rule sees them. Their queues are read only when they matter: not for the holder
    or the agent it is offered to (a script answer is the desk's hottest request), nor for a supervisor."""
    who = Caller(user_id=str(me.user_id), oversees=me.role.at_least(Role.SUPERVISOR))
    if who.oversees or standing(who, facts) in (Standing.HOLDER, Standing.OFFERED):
        return who
    agent = await store.agent_row(db, me.user_id)
    profile = agent.engine.get("profile", {}) if agent is not None else {}
    return Caller(who.user_id, who.oversees, member_queues(profile.get("memberships", ())))


def contact_facts(row: ContactRow) -> ContactFacts:
    offers = row.engine.get("offers", {})
    return ContactFacts(
        id=row.id,
        queue_id=row.queue_id,
        agent_id=str(row.agent_id) if row.agent_id is not None else None,
        offered_to=frozenset(str(agent) for agent in offers),
    )


@dataclass(frozen=True, slots=True)
class Trail:
    """What a supervisor's change to someone else's contact is audited with: the request, as plain values."""

    accounts: Accounts
    method: str
    route: str
    ip: str | None


async def _trail(request: Request, accounts: AccountsDep) -> Trail:
    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    return Trail(accounts, request.method, path, client_ip(request))


#: The request as the contact rule's audit needs it (for the gates of routing and of the desk).
TrailDep = Annotated[Trail, Depends(_trail)]


async def check(
    trail: Trail, db: AsyncSession, me: Principal, facts: ContactFacts, kind: str, end_read: bool
) -> None:
    """Refuse an outsider; audit a supervisor's change to a contact (or interaction) they do not hold.

    With `end_read`, the read ends here (an endpoint that waits for routing must not hold a connection).
    The audit entry is written with the endpoint's own work, so a refused action leaves none."""
    who = await caller(db, me, facts)
    found = admit(who, facts)
    if end_read:
        await db.commit()
    if trail.method in SAFE_METHODS or not audited(who, found):
        return
    await trail.accounts.audit(
        db,
        me,
        f"{kind}.supervisor-action",
        target=facts.id,
        ip=trail.ip,
        request=f"{trail.method} {trail.route}",
        queue=facts.queue_id,
        holder=facts.agent_id,
    )


async def contact_row(db: AsyncSession, contact_id: str) -> ContactRow:
    row = await store.contact_row(db, contact_id) if len(contact_id) <= 36 else None
    if row is None:
        raise NoSuchContact(f"no contact {contact_id}", contact=contact_id)
    return row


async def _contact_gate(trail: Trail, contact_id: str, me: Principal, db: AsyncSession) -> Principal:
    await check(trail, db, me, contact_facts(await contact_row(db, contact_id)), "contact", True)
    return me


# Two named functions, not a closure over the role: FastAPI resolves these annotations from module globals.
async def _any_user_on_contact(trail: TrailDep, contact_id: str, me: AnyUser, db: DB) -> Principal:
    return await _contact_gate(trail, contact_id, me, db)


async def _supervisor_on_contact(trail: TrailDep, contact_id: str, me: Supervisor, db: DB) -> Principal:
    return await _contact_gate(trail, contact_id, me, db)


setattr(_any_user_on_contact, GATE_ATTRIBUTE, True)
setattr(_supervisor_on_contact, GATE_ATTRIBUTE, True)
ContactUser = Annotated[Principal, Depends(_any_user_on_contact)]
ContactSupervisor = Annotated[Principal, Depends(_supervisor_on_contact)]
