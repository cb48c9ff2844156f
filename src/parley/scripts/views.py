"""How a script run is shown to whoever walks it: the one `RunOut` every edge (runs, desk) answers with."""

from __future__ import annotations

from parley.scripts.runtime import Runner, RunState
from parley.scripts.schemas import RunOut
from parley.scripts.tables import ScriptRunRow


def run_out(row: ScriptRunRow, runner: Runner, state: RunState) -> RunOut:
    """A run as its operator sees it: where it stands, what to say next, and what was said so far."""
    return RunOut(
        id=row.id,
        script=row.script_slug,
        version=row.version,
        started_at=row.started_at,
        finished_at=row.finished_at,
        view=runner.view(state),
        transcript=state.transcript,
    )
