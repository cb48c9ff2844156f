"""Alembic, driven from code: `parley db upgrade` and the test fixtures call `upgrade`."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from parley.platform.db import make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url)
    return config


async def _run(url: str, revision: str, downgrade: bool) -> None:
    engine = make_engine(url, statement_timeout_ms=0)  # a migration may run long
    config = alembic_config(url)

    def apply(connection: Connection) -> None:
        config.attributes["connection"] = connection
        if downgrade:
            command.downgrade(config, revision)
        else:
            command.upgrade(config, revision)

    try:
        async with engine.begin() as connection:
            await connection.run_sync(apply)
    finally:
        await engine.dispose()


def upgrade(url: str, revision: str = "head") -> None:
    asyncio.run(_run(url, revision, downgrade=False))


async def upgrade_async(url: str, revision: str = "head") -> None:
    await _run(url, revision, downgrade=False)


def downgrade(url: str, revision: str) -> None:
    asyncio.run(_run(url, revision, downgrade=True))


async def current_revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
    finally:
        await engine.dispose()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
