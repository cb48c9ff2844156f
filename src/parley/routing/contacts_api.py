"""Contacts through the API: arrivals, offers, talk, wrap-up, transfers, callbacks, and the customer's own
view by the contact's secret token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from parley.platform.deps import DB, PUBLIC, Supervisor, requires
from parley.platform.identity import Principal, Role, Scope
from parley.routing import store
from parley.routing.api import contact_out, epoch, row_out
from parley.routing.deps import RouterDep
from parley.routing.errors import NoSuchContact
from parley.routing.gate import ContactSupervisor, ContactUser, contact_row
from parley.routing.model import ContactState
from parley.routing.schemas import (
    CallbackIn,
    CallbackOut,
    CallbackResultIn,
    CompleteIn,
    ContactCreated,
    ContactIn,
    ContactOut,
    ContactStatus,
    EventOut,
    TransferIn,
)
from parley.routing.service import Router, token_hash
from parley.routing.state import Contact
from parley.routing.tables import ContactRow

contacts = APIRouter(prefix="/api/contacts", tags=["routing"])
status_api = APIRouter(prefix="/api/contact-status", tags=["routing"])
#: Contacts come from channels and integrations: supervisors and admins may put one in line by hand, and an
#: integration whose API token an administrator gave the `contacts:create` right; agents may not.
ContactCreator = Annotated[Principal, requires(Role.SUPERVISOR, or_scope=Scope.CONTACTS_CREATE)]


@contacts.post("", response_model=ContactCreated, status_code=status.HTTP_201_CREATED)
async def create_contact(router: RouterDep, body: ContactIn, me: ContactCreator) -> ContactCreated:
    contact, token = await router.add_contact(body.command(), me.username)
    position, wait = (None, None)
    if contact.state is ContactState.WAITING:
        position, wait = await router.read(
            lambda e, _n: e.position(contact.id) if contact.id in e.contacts else (None, None)
        )
    refusal = contact.detail if contact.state is ContactState.REFUSED else {}
    return ContactCreated(
        **contact_out(contact, position, wait).model_dump(),
        token=token,
        refused_reason=refusal.get("reason"),
        next_opening=store.when(refusal.get("next_opening")),
        callback_possible=bool(refusal.get("callback_possible", False)),
    )


@contacts.get("", response_model=list[ContactOut])
async def list_contacts(
    _: Supervisor,
    db: DB,
    state: Annotated[str | None, Query(max_length=16, description="A state, or 'active'")] = None,
    queue: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[ContactOut]:
    return [row_out(row) for row in await store.contacts(db, state, queue, limit, offset)]


@contacts.get("/{contact_id}", response_model=ContactOut)
async def get_contact(router: RouterDep, contact_id: str, _: ContactUser, db: DB) -> ContactOut:
    row = await contact_row(db, contact_id)
    position, wait = None, None
    if row.state == "waiting":
        position, wait = await router.read(
            lambda e, _n: e.position(contact_id) if contact_id in e.contacts else (None, None)
        )
    return contact_out(Contact.from_dict(row.engine), position, wait)


@contacts.get("/{contact_id}/events", response_model=list[EventOut])
async def contact_events(contact_id: str, _: ContactSupervisor, db: DB) -> list[EventOut]:
    return [
        EventOut.model_validate(row, from_attributes=True) for row in await store.events_of(db, contact_id)
    ]


async def _act(router: Router, command: Any) -> ContactOut:
    contact: Contact = await router.execute(command)
    return contact_out(contact)


@contacts.post("/{contact_id}/accept", response_model=ContactOut)
async def accept_offer(router: RouterDep, contact_id: str, me: ContactUser) -> ContactOut:
    return await _act(router, lambda e, now: e.accept(contact_id, str(me.user_id), now))


@contacts.post("/{contact_id}/decline", response_model=ContactOut)
async def decline_offer(router: RouterDep, contact_id: str, me: ContactUser) -> ContactOut:
    return await _act(router, lambda e, now: e.decline(contact_id, str(me.user_id), now))


@contacts.post("/{contact_id}/complete", response_model=ContactOut)
async def complete_contact(
    router: RouterDep, contact_id: str, body: CompleteIn, me: ContactUser
) -> ContactOut:
    return await _act(router, lambda e, now: e.complete(contact_id, now, str(me.user_id), body.reason))


@contacts.post("/{contact_id}/wrap-up-done", response_model=ContactOut)
async def end_wrap_up(router: RouterDep, contact_id: str, me: ContactUser) -> ContactOut:
    return await _act(router, lambda e, now: e.end_wrap_up(contact_id, str(me.user_id), now))


@contacts.post("/{contact_id}/transfer", response_model=ContactOut, status_code=status.HTTP_201_CREATED)
async def transfer_contact(
    router: RouterDep, contact_id: str, body: TransferIn, me: ContactUser
) -> ContactOut:
    """Hand your connected contact to another queue; answers the new leg (a contact of its own, linked).

    blind and whisper send you to wrap-up at once; consult and conference keep you on the call until you
    hand over (or cancel and take the customer back)."""
    leg = await router.transfer(contact_id, str(me.user_id), body.queue, body.mode, body.note)
    return contact_out(leg)


@contacts.post("/{contact_id}/transfer/hand-over", response_model=ContactOut)
async def hand_over(router: RouterDep, contact_id: str, me: ContactUser) -> ContactOut:
    """Leave a consult or conference: the target keeps the customer, you go to wrap-up."""
    return await _act(router, lambda e, now: e.hand_over(contact_id, str(me.user_id), now))


@contacts.post("/{contact_id}/transfer/cancel", response_model=ContactOut)
async def cancel_transfer(router: RouterDep, contact_id: str, me: ContactUser) -> ContactOut:
    """Take the customer back: the transfer under way is withdrawn."""
    return await _act(router, lambda e, now: e.cancel_transfer(contact_id, str(me.user_id), now))


@contacts.post("/{contact_id}/abandon", response_model=ContactOut)
async def abandon_contact(router: RouterDep, contact_id: str, _: ContactSupervisor) -> ContactOut:
    return await _act(router, lambda e, now: e.abandon(contact_id, now))


@contacts.post("/{contact_id}/callback", response_model=CallbackOut)
async def request_callback(
    router: RouterDep, contact_id: str, body: CallbackIn, _: ContactUser
) -> CallbackOut:
    return await _callback(router, contact_id, body)


@contacts.delete("/{contact_id}/callback", response_model=ContactOut)
async def cancel_callback(router: RouterDep, contact_id: str, _: ContactUser) -> ContactOut:
    return await _act(router, lambda e, now: e.cancel_callback(contact_id, now))


@contacts.post("/{contact_id}/callback-result", response_model=ContactOut)
async def callback_result(
    router: RouterDep, contact_id: str, body: CallbackResultIn, me: ContactUser
) -> ContactOut:
    return await _act(router, lambda e, now: e.callback_result(contact_id, str(me.user_id), body.result, now))


async def _callback(router: Router, contact_id: str, body: CallbackIn) -> CallbackOut:
    at = epoch(body.at)
    contact, estimated = await router.execute(lambda e, now: e.request_callback(contact_id, now, at))
    return CallbackOut(contact=contact_out(contact), estimated_at=store.when(estimated))


# ---------------------------------------------------------------------------------- the customer's own view


async def _by_token(db: DB, token: str) -> ContactRow:
    row = await store.contact_by_token(db, token_hash(token)) if len(token) <= 100 else None
    if row is None:
        raise NoSuchContact("no contact for this token")
    return row


@status_api.get("/{token}", response_model=ContactStatus, dependencies=[PUBLIC])
async def contact_status(router: RouterDep, token: str, db: DB) -> ContactStatus:
    row = await _by_token(db, token)
    position, wait = await router.read(
        lambda e, _n: e.position(row.id) if row.id in e.contacts else (None, None)
    )
    contact = Contact.from_dict(row.engine)
    return ContactStatus(
        state=row.state,
        queue=row.queue_id,
        position=position,
        expected_wait=wait,
        callback=contact.callback,
        callback_at=store.when(contact.callback_at),
    )


@status_api.post("/{token}/callback", response_model=CallbackOut, dependencies=[PUBLIC])
async def customer_callback(router: RouterDep, token: str, body: CallbackIn, db: DB) -> CallbackOut:
    row = await _by_token(db, token)
    return await _callback(router, row.id, body)


@status_api.delete("/{token}/callback", response_model=ContactOut, dependencies=[PUBLIC])
async def customer_cancel_callback(router: RouterDep, token: str, db: DB) -> ContactOut:
    row = await _by_token(db, token)
    return await _act(router, lambda e, now: e.cancel_callback(row.id, now))


@status_api.post("/{token}/leave", response_model=ContactOut, dependencies=[PUBLIC])
async def customer_leaves(router: RouterDep, token: str, db: DB) -> ContactOut:
    row = await _by_token(db, token)
    return await _act(router, lambda e, now: e.abandon(row.id, now))
