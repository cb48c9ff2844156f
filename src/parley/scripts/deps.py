"""What the scripts slice provides endpoints, its own and other slices' (filled by app.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from parley.platform.wiring import Provided
from parley.scripts.runs import Runs
from parley.scripts.service import Scripts

scripts = Provided[Scripts]("scripts")
runs = Provided[Runs]("runs")

ScriptsDep = Annotated[Scripts, Depends(scripts)]
RunsDep = Annotated[Runs, Depends(runs)]
