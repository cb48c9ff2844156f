"""HTTP edge of the allowlists: admins read and replace them (`/api/network-access`), audited."""

from __future__ import annotations

from fastapi import APIRouter

from parley.accounts.deps import AccountsDep
from parley.allowlists.deps import NetworkAccessDep
from parley.allowlists.model import Allowlists, Surface
from parley.allowlists.schemas import AllowlistOut, NetworkAccessIn, NetworkAccessOut
from parley.allowlists.service import Stored
from parley.platform.deps import DB, Admin, ClientIp
from parley.platform.networks import as_text, parse_networks

network_access = APIRouter(prefix="/api/network-access", tags=["network-access"])


def _out(stored: Stored, address: str | None) -> NetworkAccessOut:
    def one(surface: Surface) -> AllowlistOut:
        source = "config" if surface in stored.from_config else "database"
        return AllowlistOut(networks=as_text(stored.lists.of(surface)), source=source)

    return NetworkAccessOut(
        sign_in=one(Surface.SIGN_IN),
        api=one(Surface.API),
        your_address=address,
        updated_at=stored.updated_at,
        updated_by=stored.updated_by,
    )


@network_access.get("")
async def show(me: Admin, db: DB, access: NetworkAccessDep, address: ClientIp) -> NetworkAccessOut:
    return _out(await access.read(db), address)


@network_access.put("")
async def replace(
    body: NetworkAccessIn,
    me: Admin,
    db: DB,
    access: NetworkAccessDep,
    accounts: AccountsDep,
    address: ClientIp,
) -> NetworkAccessOut:
    """Replace both lists. Refused (409) when the new lists would refuse your own address, or would change a
    list the configuration sets."""
    wanted = Allowlists(sign_in=parse_networks(body.sign_in), api=parse_networks(body.api))
    stored = await access.replace(db, me.username, address, wanted)
    await accounts.audit(
        db,
        me,
        "network-access.changed",
        ip=address,
        sign_in=as_text(stored.lists.sign_in),
        api=as_text(stored.lists.api),
    )
    return _out(stored, address)
