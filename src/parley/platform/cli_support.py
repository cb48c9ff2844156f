"""Helpers every slice's CLI uses: load settings (or exit naming the bad value), run a unit of work."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import NoReturn, TypeVar

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from parley.config import ConfigError, Settings, ensure_secret_key, load_settings
from parley.platform.db import Database
from parley.platform.errors import DomainError

T = TypeVar("T")


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def settings_or_exit() -> Settings:
    try:
        return ensure_secret_key(load_settings())
    except ConfigError as error:
        fail(str(error), 2)


def run_unit_of_work(work: Callable[[AsyncSession], Awaitable[T]], settings: Settings | None = None) -> T:
    """Run `work` in one transaction; a DomainError becomes a one-line message and exit code 1."""
    settings = settings or settings_or_exit()

    async def main() -> T:
        database = Database(settings.database_url)
        try:
            async with database.transaction() as session:
                return await work(session)
        finally:
            await database.dispose()

    try:
        return asyncio.run(main())
    except DomainError as error:
        fail(f"{error.detail} [{error.code}]")
    except OSError as error:
        fail(f"cannot reach the database: {error}")


def read_secret(prompt: str, from_stdin: bool) -> str:
    if from_stdin:
        value = sys.stdin.readline().rstrip("\r\n")
        if not value:
            fail("no password on standard input")
        return value
    value = typer.prompt(prompt, hide_input=True, confirmation_prompt=True)
    return str(value)
