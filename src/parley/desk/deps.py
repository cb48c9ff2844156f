"""What the desk slice provides endpoints, its own and other slices' (filled by app.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from parley.desk.service import Desk
from parley.platform.wiring import Provided

desk = Provided[Desk]("desk")

DeskDep = Annotated[Desk, Depends(desk)]
