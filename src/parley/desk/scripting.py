"""The script panel: the queue's script starts when the agent answers, with the customer in its placeholders;
each captured field goes onto the customer card (by the field's `customer_field`, or its own name when the
card has such a field) or stays on the interaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts.directory import Person
from parley.desk import store
from parley.desk.identity import normalize_email, normalize_phone
from parley.desk.tables import CustomerIdentityRow, CustomerRow, InteractionRow
from parley.scripts.context import AgentValues, ContactValues, CustomerValues
from parley.scripts.runs import Operator, Runs
from parley.scripts.runtime import Runner, RunState
from parley.scripts.tables import ScriptRunRow

CARD_ATTRIBUTES = ("name", "company")


def customer_context(customer: CustomerRow | None, interactions: int) -> dict[str, Any]:
    """The card's attributes (scripts/context.py names them) beside its custom fields."""
    if customer is None:
        unknown = CustomerValues(
            id=None,
            name="",
            first_name="",
            company=None,
            email=None,
            phone=None,
            is_new=True,
            interactions_count=interactions,
        )
        return dict(unknown)
    name = customer.name or ""
    card = CustomerValues(
        id=customer.id,
        name=name,
        first_name=given_name(name),
        company=customer.company,
        email=customer.emails[0] if customer.emails else None,
        phone=customer.phones[0] if customer.phones else None,
        is_new=interactions <= 1,
        interactions_count=interactions,
    )
    return {**customer.fields, **card}


VIETNAMESE_SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý "  # noqa: SIM905 - a readable list
    "Nguyen Tran Le Pham Hoang Huynh Vu Vo Dang Bui Do Ho Ngo Duong Ly".split()
)


def _family_name_first(name: str) -> bool:
    """Vietnamese names put the given name last ("Nguyễn Thị Lan" is Lan)."""
    return name.split(" ", maxsplit=1)[0] in VIETNAMESE_SURNAMES


def given_name(name: str) -> str:
    """The name a person is called by: "Anna" of "Anna Tran", "Lan" of "Nguyễn Thị Lan"."""
    return name.split(" ")[-1 if _family_name_first(name) else 0] if name else ""


def contact_context(row: InteractionRow, waited: float | None) -> ContactValues:
    return {
        "id": row.id,
        "channel": row.channel,
        "direction": row.direction,
        "subject": row.subject,
        "from": row.from_address,
        "queue": row.queue_id or "",
        "request_type": row.request_type or "",
        "received_at": row.received_at.isoformat(timespec="minutes"),
        "waited_seconds": round(waited or 0.0),
    }


def agent_context(agent: Person) -> AgentValues:
    return AgentValues(
        name=agent.display_name,
        first_name=given_name(agent.display_name),
        username=agent.username,
        email=agent.email,
    )


async def start_for(
    db: AsyncSession,
    runs: Runs,
    company: str,
    interaction: InteractionRow,
    slug: str,
    agent: Person,
    customer: CustomerRow | None,
    interactions: int,
    waited: float | None,
) -> ScriptRunRow:
    context = {
        "customer": customer_context(customer, interactions),
        "contact": contact_context(interaction, waited),
        "agent": agent_context(agent),
        "company": company,
    }
    row, _, _ = await runs.start(db, Operator(agent.id, agent.role), slug, None, context)
    interaction.run_id = row.id
    return row


async def sync_fields(
    db: AsyncSession,
    runner: Runner,
    state: RunState,
    interaction: InteractionRow,
    customer: CustomerRow | None,
    region: str,
) -> dict[str, str]:
    """Write the run's captured fields where they belong; returns field -> where it went.

    `customer` is the interaction's customer (None when it has none). A field already where an earlier
    answer put it is left alone: most answers capture nothing new, and then this reads and writes nothing.
    """
    script, _ = runner.library.get(state.slug, state.version)
    captured = dict(interaction.captured)
    placed: dict[str, str] = {}
    card_fields = dict(customer.fields) if customer else {}
    defined: set[str] | None = None  # the custom-field definitions, read only when a field needs them
    for name, value in state.fields.items():
        definition = script.fields.get(name)
        target = (definition.customer_field if definition else None) or name
        if name in captured and captured[name] == value:
            placed[name] = "interaction"
            continue
        if customer is not None and value is not None and _on_card(customer, target, value, region):
            placed[name] = f"customer.{target}"
            captured.pop(name, None)
            continue
        written = False
        if customer is not None and value is not None:
            if defined is None and target not in (*CARD_ATTRIBUTES, "email", "phone"):
                defined = await store.custom_field_names(db)
            written = await _write_card(db, customer, card_fields, target, value, defined or set(), region)
        if written:
            placed[name] = f"customer.{target}"
            captured.pop(name, None)
        else:
            captured[name] = value
            placed[name] = "interaction"
    if customer is not None and card_fields != customer.fields:
        customer.fields = card_fields
    if captured != interaction.captured:
        interaction.captured = captured
    return placed


def _on_card(customer: CustomerRow, target: str, value: Any, region: str) -> bool:
    """Whether the card holds this value at `target` already (an earlier answer placed it there)."""
    if target in CARD_ATTRIBUTES:
        return bool(getattr(customer, target) == str(value)[:200])
    if target == "email":
        return normalize_email(str(value)) in customer.emails
    if target == "phone":
        return normalize_phone(str(value), region) in customer.phones
    return target in customer.fields and customer.fields[target] == value


async def _write_card(
    db: AsyncSession,
    customer: CustomerRow,
    fields: dict[str, Any],
    target: str,
    value: Any,
    defined: set[str],
    region: str,
) -> bool:
    if target in CARD_ATTRIBUTES:
        setattr(customer, target, str(value)[:200])
        return True
    if target in ("email", "phone"):
        normal = normalize_email(str(value)) if target == "email" else normalize_phone(str(value), region)
        if normal is None:
            return False
        owner = await store.identity_owner(db, target, normal)
        if owner is not None and owner != customer.id:
            return False  # another customer's address: keep it on the interaction, let a person merge
        if owner is None:
            db.add(CustomerIdentityRow(customer_id=customer.id, kind=target, value=normal))
            if target == "email":
                customer.emails = [*customer.emails, normal]
            else:
                customer.phones = [*customer.phones, normal]
        return True
    if target in defined:
        fields[target] = value
        return True
    return False
