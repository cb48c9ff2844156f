"""routing: queues, skills, agents, contacts, events

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "routing_contacts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("queue_id", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("from_address", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("request_type", sa.String(length=60), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("engine", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_contacts")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_routing_contacts_token_hash")),
    )
    with op.batch_alter_table("routing_contacts", schema=None) as batch_op:
        batch_op.create_index("ix_routing_contacts_active", ["state", "queue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_routing_contacts_agent_id"), ["agent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_routing_contacts_queue_id"), ["queue_id"], unique=False)

    op.create_table(
        "routing_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=True),
        sa.Column("queue_id", sa.String(length=40), nullable=True),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_events")),
    )
    with op.batch_alter_table("routing_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_routing_events_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_routing_events_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_routing_events_kind"), ["kind"], unique=False)

    op.create_table(
        "routing_queues",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_queues")),
    )
    op.create_table(
        "routing_skills",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_routing_skills")),
    )
    op.create_table(
        "routing_agents",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=120), nullable=True),
        sa.Column("state_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("engine", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_routing_agents_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_routing_agents")),
    )


def downgrade() -> None:
    op.drop_table("routing_agents")
    op.drop_table("routing_skills")
    op.drop_table("routing_queues")
    with op.batch_alter_table("routing_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routing_events_kind"))
        batch_op.drop_index(batch_op.f("ix_routing_events_contact_id"))
        batch_op.drop_index(batch_op.f("ix_routing_events_at"))

    op.drop_table("routing_events")
    with op.batch_alter_table("routing_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routing_contacts_queue_id"))
        batch_op.drop_index(batch_op.f("ix_routing_contacts_agent_id"))
        batch_op.drop_index("ix_routing_contacts_active")

    op.drop_table("routing_contacts")
