"""Imports every slice's tables so that Base.metadata is complete (for Alembic and tests)."""

from parley.accounts import tables as accounts_tables

__all__ = ["accounts_tables"]
