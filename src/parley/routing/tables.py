"""Persistent shape of routing: queues, skills, agents, contacts and the contact event log (queue_log)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from parley.platform.db import Base, UtcDateTime, utcnow


class SkillRow(Base):
    __tablename__ = "routing_skills"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class QueueRow(Base):
    __tablename__ = "routing_queues"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AgentRow(Base):
    """An agent's routing profile (skills, memberships, capacity) and live state, one per user."""

    __tablename__ = "routing_agents"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(16), default="offline")
    reason: Mapped[str | None] = mapped_column(String(120), nullable=True)
    state_since: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    engine: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ContactRow(Base):
    __tablename__ = "routing_contacts"
    __table_args__ = (Index("ix_routing_contacts_active", "state", "queue_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    queue_id: Mapped[str] = mapped_column(String(40), index=True)
    state: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    agent_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    from_address: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(300), default="")
    request_type: Mapped[str | None] = mapped_column(String(60), nullable=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    arrived_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    engine: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ContactEventRow(Base):
    """The queue log: entered, offered, accepted, missed, abandoned, overflowed, refused, completed, ..."""

    __tablename__ = "routing_events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    contact_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    queue_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    agent_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
