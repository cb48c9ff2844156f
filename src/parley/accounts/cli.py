"""`parley users ...`: create, list, disable, enable users, set passwords and make API tokens from the
terminal."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from parley.accounts.model import LockoutPolicy, Role, UserChanges
from parley.accounts.service import Accounts
from parley.platform.cli_support import read_secret, run_unit_of_work
from parley.platform.clock import system_clock
from parley.platform.identity import Scope

app = typer.Typer(help="Manage user accounts.", no_args_is_help=True)
CLI_ACTOR = "cli"


def accounts_service() -> Accounts:
    return Accounts(
        lockout=LockoutPolicy(5, timedelta(minutes=15)), session_ttl=timedelta(hours=12), clock=system_clock
    )


@app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Login name: lowercase letters, digits, . _ -")],
    role: Annotated[Role, typer.Option("--role", "-r", help="agent, supervisor or admin")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin")
    ] = False,
    display_name: Annotated[str | None, typer.Option("--display-name", help="Name shown to others")] = None,
    email: Annotated[str | None, typer.Option("--email")] = None,
    language: Annotated[str, typer.Option("--language", help="en or vi")] = "en",
) -> None:
    """Create a user with a role."""
    password = read_secret("Password", password_stdin)

    async def work(db: AsyncSession) -> None:
        await accounts_service().create_user(
            db,
            CLI_ACTOR,
            username=name,
            password=password,
            role=role,
            display_name=display_name,
            email=email,
            language=language,
        )

    run_unit_of_work(work)
    typer.echo(f"created {role.value} {name}")


@app.command("list")
def list_users() -> None:
    """List users with their role and status."""

    async def work(db: AsyncSession) -> list[tuple[str, str, str, str]]:
        rows = await accounts_service().list_users(db)
        return [(u.username, u.role, "disabled" if u.disabled else "active", u.display_name) for u in rows]

    rows = run_unit_of_work(work)
    typer.echo(f"{'USERNAME':<24} {'ROLE':<11} {'STATUS':<9} NAME")
    for username, role, state, display in rows:
        typer.echo(f"{username:<24} {role:<11} {state:<9} {display}")


def _set_disabled(name: str, disabled: bool) -> None:
    async def work(db: AsyncSession) -> None:
        service = accounts_service()
        await service.update_user(
            db, CLI_ACTOR, await service.get_user_by_name(db, name), UserChanges(disabled=disabled)
        )

    run_unit_of_work(work)
    typer.echo(f"{'disabled' if disabled else 'enabled'} {name}")


@app.command("disable")
def disable(name: str) -> None:
    """Disable a user: they cannot sign in, and their sessions end."""
    _set_disabled(name, True)


@app.command("enable")
def enable(name: str) -> None:
    """Enable a disabled user again (also clears a lockout)."""
    _set_disabled(name, False)


@app.command("reset-two-factor")
def reset_two_factor(name: str) -> None:
    """Reset a user's two-factor sign-in (a lost phone; also for the last administrator): they sign in with
    their password, and enroll again if their role requires it."""
    from parley.accounts.twofactor import TwoFactor

    async def work(db: AsyncSession) -> None:
        service = accounts_service()
        # A reset only deletes: no secret is sealed or opened, so the server's key is not needed here.
        await TwoFactor(service, seal_key="").reset(
            db, CLI_ACTOR, await service.get_user_by_name(db, name), None
        )

    run_unit_of_work(work)
    typer.echo(f"two-factor sign-in reset for {name}")


@app.command("set-password")
def set_password(
    name: str,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin")
    ] = False,
) -> None:
    """Set a user's password (their sessions end)."""
    password = read_secret("New password", password_stdin)

    async def work(db: AsyncSession) -> None:
        service = accounts_service()
        await service.set_password(db, CLI_ACTOR, await service.get_user_by_name(db, name), password)

    run_unit_of_work(work)
    typer.echo(f"password set for {name}")


@app.command("token")
def create_token(
    name: Annotated[str, typer.Argument(help="The user the token acts as")],
    token_name: Annotated[str, typer.Option("--name", help="What the token is for (shown in lists)")],
    scope: Annotated[
        list[Scope] | None,
        typer.Option("--scope", help="A right beyond the user's role, e.g. contacts:create (repeatable)"),
    ] = None,
    expires_days: Annotated[int | None, typer.Option("--expires-days", min=1, max=3650)] = None,
) -> None:
    """Make an API token for a user and print it (shown once)."""

    async def work(db: AsyncSession) -> str:
        service = accounts_service()
        user = await service.get_user_by_name(db, name)
        _, token = await service.create_token(
            db, CLI_ACTOR, token_name, expires_days, user=user, scopes=scope or []
        )
        return token

    token = run_unit_of_work(work)
    rights = ", ".join(s.value for s in scope or []) or "none beyond the role"
    typer.echo(f"token for {name} (rights: {rights}); store it now, it is not shown again:")
    typer.echo(token)
