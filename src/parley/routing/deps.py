"""What the routing slice provides endpoints, its own and other slices' (filled by app.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from parley.platform.wiring import Provided
from parley.routing.service import Router

router = Provided[Router]("router")

RouterDep = Annotated[Router, Depends(router)]
