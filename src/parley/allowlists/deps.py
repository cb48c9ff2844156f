"""What the allowlists slice provides endpoints (filled by app.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from parley.allowlists.service import NetworkAccess
from parley.platform.wiring import Provided

network_access = Provided[NetworkAccess]("network_access")

NetworkAccessDep = Annotated[NetworkAccess, Depends(network_access)]
