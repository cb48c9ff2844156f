"""Persistent shape of the allowlists: one row per list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from parley.platform.db import Base, UtcDateTime


class AllowlistRow(Base):
    __tablename__ = "network_allowlists"

    name: Mapped[str] = mapped_column(String(16), primary_key=True)  # a Surface: "sign-in" or "api"
    networks: Mapped[list[str]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(64))
