"""Imports every slice's tables so that Base.metadata is complete (for Alembic and tests)."""

from parley.accounts import tables as accounts_tables
from parley.allowlists import tables as allowlists_tables
from parley.desk import tables as desk_tables
from parley.platform import devmail as platform_devmail
from parley.routing import tables as routing_tables
from parley.scripts import tables as scripts_tables

__all__ = [
    "accounts_tables",
    "allowlists_tables",
    "desk_tables",
    "platform_devmail",
    "routing_tables",
    "scripts_tables",
]
