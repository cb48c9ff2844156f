"""`parley access ...`: show the network allowlists, and clear them, the way back in for an admin whose
address the lists refuse. Lists set in the configuration are changed there, not here."""

from __future__ import annotations

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts.cli import CLI_ACTOR, accounts_service
from parley.allowlists.model import Surface
from parley.allowlists.service import NetworkAccess, Stored, fixed_lists
from parley.platform.cli_support import run_unit_of_work, settings_or_exit
from parley.platform.clock import system_clock
from parley.platform.networks import as_text

app = typer.Typer(help="Network allowlists for staff sign-in and the staff API.", no_args_is_help=True)


def _service() -> NetworkAccess:
    settings = settings_or_exit()
    return NetworkAccess(system_clock, fixed_lists(settings.staff_allowlist, settings.api_allowlist), 0)


def _echo(stored: Stored) -> None:
    for surface in (Surface.SIGN_IN, Surface.API):
        networks = ", ".join(as_text(stored.lists.of(surface))) or "(empty: every address)"
        source = " [from the configuration]" if surface in stored.from_config else ""
        typer.echo(f"{surface.value:<8} {networks}{source}")


@app.command("show")
def show() -> None:
    """Print the allowlists in effect."""
    service = _service()

    async def work(db: AsyncSession) -> Stored:
        return await service.read(db)

    _echo(run_unit_of_work(work))


@app.command("clear")
def clear() -> None:
    """Empty the allowlists kept in the database (every address may sign in and use the API again); running
    servers apply it within PARLEY_AUTH_CACHE_SECONDS."""
    service = _service()

    async def work(db: AsyncSession) -> Stored:
        stored = await service.clear(db, CLI_ACTOR)
        await accounts_service().audit(db, CLI_ACTOR, "network-access.cleared")
        return stored

    stored = run_unit_of_work(work)
    typer.echo("allowlists cleared")
    _echo(stored)
    if stored.from_config:
        typer.echo("lists from the configuration stay: change PARLEY_STAFF_ALLOWLIST / PARLEY_API_ALLOWLIST")
