"""Alembic environment: runs on the connection handed in by parley.platform.migrate."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext

import parley.models  # noqa: F401  (registers every slice's tables on Base.metadata)
from parley.platform.db import Base


def render_item(kind: str, item: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Migrations stay free of Parley's types: UtcDateTime is rendered as a plain aware DateTime."""
    if kind == "type" and type(item).__name__ == "UtcDateTime":
        return "sa.DateTime(timezone=True)"
    return False


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `parley db upgrade`, not the alembic command")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
