"""desk: the queue -> script binding moves from routing's queue config to the desk (#14 point 5)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _config(value: Any) -> dict[str, Any]:
    """A queue's JSON config as a dict, whether the driver decoded it (PostgreSQL) or not (SQLite)."""
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


def upgrade() -> None:
    table = op.create_table(
        "desk_queue_scripts",
        sa.Column("queue_id", sa.String(length=40), nullable=False),
        sa.Column("script", sa.String(length=80), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("queue_id", name=op.f("pk_desk_queue_scripts")),
    )
    # Read in Python, not with a JSON operator: the same on SQLite and PostgreSQL.
    queues = sa.table("routing_queues", sa.column("id", sa.String()), sa.column("config", sa.JSON()))
    now = datetime.now(UTC)
    bound = []
    for queue_id, config in op.get_bind().execute(sa.select(queues.c.id, queues.c.config)):
        script = _config(config).get("script")
        if isinstance(script, str) and script:
            bound.append({"queue_id": queue_id, "script": script, "updated_at": now, "updated_by": None})
    if bound:
        op.bulk_insert(table, bound)


def downgrade() -> None:
    op.drop_table("desk_queue_scripts")
