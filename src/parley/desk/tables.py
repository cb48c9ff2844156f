"""Persistent shape of the desk: customers, their normalized identities, and interactions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parley.platform.db import Base, UtcDateTime, utcnow


class CustomerRow(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="", index=True)
    company: Mapped[str] = mapped_column(String(200), default="")
    phones: Mapped[list[str]] = mapped_column(JSON, default=list)
    emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    consent: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    merged_into: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class CustomerFieldRow(Base):
    """A custom field of customer cards, defined by an admin (answers of scripts can land in it)."""

    __tablename__ = "customer_fields"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(120))
    #: the label in a UI language ({"vi": "Địa chỉ giao hàng"}); `label` where a language has none
    labels: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    type: Mapped[str] = mapped_column(String(16), default="text")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ScriptFeedbackRow(Base):
    """ "No suitable answer": what the customer said at a step, for the script's author."""

    __tablename__ = "script_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    script_slug: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(80))
    said: Mapped[str] = mapped_column(Text)
    interaction_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    agent_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class OutgoingEmailRow(Base):
    """An email offer sent from a script step; (interaction, key) makes a double click send once."""

    __tablename__ = "outgoing_emails"
    __table_args__ = (UniqueConstraint("interaction_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interaction_id: Mapped[str] = mapped_column(ForeignKey("interactions.id", ondelete="CASCADE"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    template: Mapped[str | None] = mapped_column(String(80), nullable=True)
    sender: Mapped[str] = mapped_column(String(320))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | sent | failed
    error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    agent_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class CustomerIdentityRow(Base):
    """One normalized phone (E.164) or email of a customer: how contacts find their customer."""

    __tablename__ = "customer_identities"
    __table_args__ = (UniqueConstraint("kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    value: Mapped[str] = mapped_column(String(320))


class InteractionRow(Base):
    __tablename__ = "interactions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the routing contact's id
    channel: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(8), default="inbound")
    queue_id: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    request_type: Mapped[str | None] = mapped_column(String(60), nullable=True)
    subject: Mapped[str] = mapped_column(String(300), default="")
    from_address: Mapped[str] = mapped_column(String(200), default="")
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), nullable=True, index=True
    )
    agent_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    run_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[str] = mapped_column(String(16), index=True)
    timeline: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    captured: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class QueueScriptRow(Base):
    """The published script the desk opens when an agent answers a contact of a queue (the desk's binding:
    routing knows queues and contacts, not scripts)."""

    __tablename__ = "desk_queue_scripts"

    queue_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    script: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
