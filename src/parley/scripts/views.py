"""How scripts and runs are shown: the API's answers built from rows and the pure core's results.

`run_out` is the one `RunOut` every edge that shows a run answers with (the runs API and the desk).
"""

from __future__ import annotations

from parley.scripts.diagnostics import Diagnostic, has_errors
from parley.scripts.graph import links
from parley.scripts.model import Script
from parley.scripts.runtime import Runner, RunState
from parley.scripts.schemas import (
    DiagnosticOut,
    GraphEdge,
    GraphNode,
    GraphNote,
    GraphOut,
    RunOut,
    ScriptOut,
    ScriptSummary,
)
from parley.scripts.tables import ScriptRow, ScriptRunRow


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


def diagnostics_out(items: list[Diagnostic]) -> list[DiagnosticOut]:
    return [DiagnosticOut.model_validate(d.as_dict()) for d in items]


def script_summary(row: ScriptRow, changed_since_publish: bool) -> ScriptSummary:
    return ScriptSummary(
        slug=row.slug,
        name=row.name,
        language=row.language,
        direction=row.direction,
        draft_revision=row.draft_revision,
        draft_updated_at=row.draft_updated_at,
        draft_updated_by=row.draft_updated_by,
        published_version=row.published_version,
        changed_since_publish=changed_since_publish,
    )


def script_out(row: ScriptRow, changed_since_publish: bool, diagnostics: list[Diagnostic]) -> ScriptOut:
    """A script with its draft's text and what validation says of it."""
    return ScriptOut(
        **script_summary(row, changed_since_publish).model_dump(),
        source=row.draft_source,
        diagnostics=diagnostics_out(diagnostics),
        valid=not has_errors(diagnostics),
    )


def graph_out(script: Script) -> GraphOut:
    """The script as the designer draws it: steps, the links between them, and the authors' notes."""
    nodes = [
        GraphNode(
            id=step.id,
            kind=step.kind.value,
            text=step.text,
            line=step.line,
            field=step.field,
            outcome=step.end,
            options=[option.answer for option in step.options],
            conditions=[rule.condition for rule in step.branch],
            detail=step.email
            or step.script
            or (f"{step.transfer.queue} ({step.transfer.mode})" if step.transfer else None),
        )
        for step in script.steps.values()
    ]
    drawn = [
        GraphEdge(source=link.source, target=link.target, kind=link.kind, label=link.label, index=link.index)
        for link in links(script)
    ]
    notes = [GraphNote(index=i, text=note.text, step=note.step) for i, note in enumerate(script.notes)]
    return GraphOut(start=script.start, nodes=nodes, edges=drawn, notes=notes)
