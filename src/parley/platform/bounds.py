"""Bounds of the numbers a request may carry, declared in the schemas so the OpenAPI document shows them.

Every id and version number is kept in a 32-bit INTEGER column (see the migrations; PostgreSQL refuses a
larger value in a query with an error, which was a 500): a larger one cannot name anything and is refused
with 422.
"""

from __future__ import annotations

from typing import Annotated

from annotated_types import Ge, Le

#: The largest value of a 32-bit INTEGER column (PostgreSQL's `integer`).
INT32_MAX = 2**31 - 1

#: An id (or version number) in a path, query or body: 1 .. 2^31-1.
DbId = Annotated[int, Ge(1), Le(INT32_MAX)]
