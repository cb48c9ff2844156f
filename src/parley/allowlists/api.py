"""HTTP edge of the allowlists: admins read and replace them (`/api/network-access`), audited."""

from __future__ import annotations

from fastapi import APIRouter, Request

from parley.accounts.deps import accounts_of
from parley.allowlists.model import Allowlists, Surface, as_text, parse_networks
from parley.allowlists.schemas import AllowlistOut, NetworkAccessIn, NetworkAccessOut
from parley.allowlists.service import NetworkAccess, Stored
from parley.platform.deps import DB, Admin, client_ip

network_access = APIRouter(prefix="/api/network-access", tags=["network-access"])


def _service(request: Request) -> NetworkAccess:
    service: NetworkAccess = request.app.state.network_access
    return service


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
async def show(me: Admin, request: Request, db: DB) -> NetworkAccessOut:
    return _out(await _service(request).read(db), client_ip(request))


@network_access.put("")
async def replace(body: NetworkAccessIn, me: Admin, request: Request, db: DB) -> NetworkAccessOut:
    """Replace both lists. Refused (409) when the new lists would refuse your own address, or would change a
    list the configuration sets."""
    address = client_ip(request)
    wanted = Allowlists(sign_in=parse_networks(body.sign_in), api=parse_networks(body.api))
    stored = await _service(request).replace(db, me.username, address, wanted)
    await accounts_of(request).audit(
        db,
        me,
        "network-access.changed",
        ip=address,
        sign_in=as_text(stored.lists.sign_in),
        api=as_text(stored.lists.api),
    )
    return _out(stored, address)
