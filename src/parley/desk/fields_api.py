"""Custom fields of customer cards, defined by an admin (script answers can land in them)."""

from __future__ import annotations

from fastapi import APIRouter

from parley.desk import store
from parley.desk.errors import CustomFieldExists, CustomFieldInUse, NoSuchCustomField
from parley.desk.schemas import CustomerFieldIn, CustomerFieldOut, CustomerFieldUpdate
from parley.desk.tables import CustomerFieldRow
from parley.platform.deps import DB, Admin, AnyUser, ClockDep
from parley.scripts.deps import ScriptsDep

fields = APIRouter(prefix="/api/customer-fields", tags=["desk"])


# --------------------------------------------------------------------------------------- custom fields


@fields.get("", response_model=list[CustomerFieldOut])
async def list_fields(_: AnyUser, db: DB) -> list[CustomerFieldOut]:
    rows = await store.custom_fields(db)
    return [CustomerFieldOut.model_validate(r, from_attributes=True) for r in rows]


@fields.post("", response_model=CustomerFieldOut, status_code=201)
async def add_field(body: CustomerFieldIn, _: Admin, db: DB, clock: ClockDep) -> CustomerFieldOut:
    taken = body.name in ("name", "company", "email", "phone")
    if taken or await store.custom_field(db, body.name) is not None:
        raise CustomFieldExists(f"customer field {body.name!r} exists already", field="name", name=body.name)
    row = CustomerFieldRow(
        name=body.name,
        label=body.label,
        labels=dict[str, str](body.labels.items()),
        type=body.type,
        created_at=clock(),
    )
    db.add(row)
    await db.flush()
    return CustomerFieldOut.model_validate(row, from_attributes=True)


@fields.put("/{name}", response_model=CustomerFieldOut)
async def update_field(name: str, body: CustomerFieldUpdate, _: Admin, db: DB) -> CustomerFieldOut:
    """Replace the field's label and its labels in the UI languages (a language left out has none then).
    The name and type stay: cards hold values under the name, of the type."""
    row = await store.custom_field(db, name)
    if row is None:
        raise NoSuchCustomField(f"no customer field {name!r}", name=name)
    row.label = body.label
    row.labels = dict[str, str](body.labels.items())
    await db.flush()
    return CustomerFieldOut.model_validate(row, from_attributes=True)


@fields.delete("/{name}", status_code=204)
async def delete_field(name: str, _: Admin, db: DB, scripts: ScriptsDep) -> None:
    """Refused while a script's draft or published version names `{{ customer.<name> }}`: the placeholder
    would name nothing (the script could not be saved again, and its runs would show a gap)."""
    row = await store.custom_field(db, name)
    if row is None:
        raise NoSuchCustomField(f"no customer field {name!r}", name=name)
    using = await scripts.using_customer_field(db, name)
    if using:
        raise CustomFieldInUse(
            f"customer field {name!r} is used by the script(s) {', '.join(using)}: "
            "remove it from them (draft and published version) first",
            name=name,
            scripts=", ".join(using),
        )
    await db.delete(row)
