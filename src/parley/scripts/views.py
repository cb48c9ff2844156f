"""How scripts and runs are shown: the API's answers built from rows and the pure core's results.

`run_out` is the one `RunOut` every edge that shows a run answers with (the runs API and the desk).
"""

from __future__ import annotations

from parley.scripts.diagnostics import Diagnostic, has_errors
from parley.scripts.graph import links
from parley.scripts.model import Script
from parley.scripts.runtime import (
    Runner,
    RunState,
    StateData,
    StepView,
    TranscriptEntry,
)
from parley.scripts.schemas import (
    DiagnosticOut,
    EmailOfferOut,
    FieldSpecOut,
    FrameOut,
    GraphEdge,
    GraphNode,
    GraphNote,
    GraphOut,
    KbLinkOut,
    RehearsalStateOut,
    RehearseOut,
    RunOut,
    SayPartOut,
    ScriptOut,
    ScriptSummary,
    SnapshotOut,
    StepViewOut,
    TranscriptEntryOut,
    TransferOut,
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
        view=step_view_out(runner.view(state)),
        transcript=transcript_out(state.transcript),
    )


def step_view_out(view: StepView) -> StepViewOut:
    """What the operator sees now, as the API shows it."""
    return StepViewOut(
        slug=view.slug,
        step=view.step,
        kind=view.kind,
        text=view.text,
        parts=[SayPartOut(text=part.text, ask=part.ask, label=part.label) for part in view.parts],
        hint=view.hint,
        options=view.options,
        open_options=view.open_options,
        field=FieldSpecOut(**view.field) if view.field is not None else None,
        email=EmailOfferOut(**view.email) if view.email is not None else None,
        transfer=TransferOut(**view.transfer) if view.transfer is not None else None,
        kb=[KbLinkOut(**link) for link in view.kb],
        objections=view.objections,
        can_go_back=view.can_go_back,
        finished=view.finished,
        outcome=view.outcome,
        outcome_label=view.outcome_label,
        success=view.success,
        fields=view.fields,
        labels=view.labels,
    )


def transcript_out(transcript: list[TranscriptEntry]) -> list[TranscriptEntryOut]:
    """The entries as the runtime wrote them (the same keys and types, as mypy checks): each keeps exactly its
    own keys, and none is copied."""
    return transcript


def rehearsal_out(state: RunState, view: StepView) -> RehearseOut:
    """A rehearsal's step: its whole state goes to the browser, which sends it back with the next action."""
    data: StateData = state.to_dict()
    transcript = transcript_out(data["transcript"])
    kept = RehearsalStateOut(
        slug=data["slug"],
        version=data["version"],
        step=data["step"],
        at_slug=data["at_slug"],
        at_version=data["at_version"],
        context=data["context"],
        fields=data["fields"],
        stack=[FrameOut(**frame) for frame in data["stack"]],
        transcript=transcript,
        history=[
            SnapshotOut(
                step=snapshot["step"],
                at_slug=snapshot["at_slug"],
                at_version=snapshot["at_version"],
                fields=snapshot["fields"],
                stack=[FrameOut(**frame) for frame in snapshot["stack"]],
            )
            for snapshot in data["history"]
        ],
        outcome=data["outcome"],
        outcome_slug=data["outcome_slug"],
        started_at=data["started_at"],
        finished_at=data["finished_at"],
    )
    return RehearseOut(state=kept, view=step_view_out(view), transcript=transcript)


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
