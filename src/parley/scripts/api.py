"""HTTP edge of scripts: drafts, validation, versions, diff, export (authors); runs (every operator)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import PlainTextResponse

from parley.platform.bounds import INT32_MAX, DbId
from parley.platform.deps import DB, AnyUser, Supervisor
from parley.platform.identity import Principal
from parley.scripts.context import AgentValues
from parley.scripts.deps import scripts_of
from parley.scripts.diagnostics import Diagnostic, has_errors
from parley.scripts.fileformat import load_script
from parley.scripts.graph import links
from parley.scripts.model import Script
from parley.scripts.questions import insert_into_nodes, parse_questions, questions_to_yaml
from parley.scripts.rehearsal import DraftHasErrors, rehearse
from parley.scripts.runs import Runs
from parley.scripts.runtime import Runner, RunState
from parley.scripts.schemas import (
    AnswerIn,
    DiagnosticOut,
    DiffOut,
    DraftUpdate,
    GraphEdge,
    GraphNode,
    GraphNote,
    GraphOut,
    ObjectionIn,
    PublishedScript,
    PublishIn,
    QuestionsIn,
    QuestionsOut,
    RehearseIn,
    RehearseOut,
    RestoreIn,
    RestoreOut,
    RunOut,
    RunStart,
    ScriptOut,
    ScriptSummary,
    SourceIn,
    ValidationOut,
    VersionOut,
    VersionSourceOut,
)
from parley.scripts.service import to_yaml
from parley.scripts.tables import ScriptRow, ScriptRunRow

scripts = APIRouter(prefix="/api/scripts", tags=["scripts"])
runs = APIRouter(prefix="/api/runs", tags=["runs"])
VersionRef = Annotated[
    int | None, Query(ge=1, le=INT32_MAX, description="Version number; omitted = the draft")
]


def _runs(request: Request) -> Runs:
    service: Runs = request.app.state.runs
    return service


def _diagnostics(items: list[Diagnostic]) -> list[DiagnosticOut]:
    return [DiagnosticOut.model_validate(d.as_dict()) for d in items]


async def _summary(request: Request, db: DB, row: ScriptRow) -> dict[str, Any]:
    published = None
    if row.published_version is not None:
        published = await scripts_of(request).source(db, row.slug, row.published_version)
    return {
        "slug": row.slug,
        "name": row.name,
        "language": row.language,
        "direction": row.direction,
        "draft_revision": row.draft_revision,
        "draft_updated_at": row.draft_updated_at,
        "draft_updated_by": row.draft_updated_by,
        "published_version": row.published_version,
        "changed_since_publish": published != row.draft_source,
    }


async def _full(request: Request, db: DB, row: ScriptRow, diagnostics: list[Diagnostic]) -> ScriptOut:
    return ScriptOut(
        **await _summary(request, db, row),
        source=row.draft_source,
        diagnostics=_diagnostics(diagnostics),
        valid=not has_errors(diagnostics),
    )


@scripts.get("")
async def list_scripts(_: Supervisor, request: Request, db: DB) -> list[ScriptSummary]:
    return [ScriptSummary(**await _summary(request, db, r)) for r in await scripts_of(request).list(db)]


@scripts.get("/published")
async def list_published(_: AnyUser, request: Request, db: DB) -> list[PublishedScript]:
    rows = await scripts_of(request).list(db, published_only=True)
    return [
        PublishedScript(
            slug=r.slug,
            name=r.name,
            language=r.language,
            direction=r.direction,
            version=r.published_version or 0,
        )
        for r in rows
    ]


@scripts.post("/validate")
async def validate_source(body: SourceIn, _: Supervisor, request: Request, db: DB) -> ValidationOut:
    checked = await scripts_of(request).check(db, body.source)
    graph = _graph(checked.script) if checked.script is not None else None
    return ValidationOut(
        valid=not has_errors(checked.diagnostics), diagnostics=_diagnostics(checked.diagnostics), graph=graph
    )


@scripts.post("/rehearse")
async def rehearse_draft(body: RehearseIn, me: Supervisor, request: Request, db: DB) -> RehearseOut:
    """Walk a draft as the operator will; nothing is stored (the client keeps the state)."""
    service = scripts_of(request)
    checked = await service.check(db, body.source)
    if checked.script is None or has_errors(checked.diagnostics):
        first = next((d for d in checked.diagnostics if d.severity == "error"), None)
        raise DraftHasErrors(
            f"fix the errors first (line {first.line}: {first.message})"
            if first
            else "the draft cannot be read",
            diagnostics=[first.as_dict()] if first else [],
        )
    context = _context(request, me, body.customer, {"channel": "rehearsal"})
    state, view = rehearse(
        checked.script,
        await service.resolver(db),
        request.app.state.clock,
        body.action,
        context=context,
        state=body.state,
        answer=body.answer,
        at=body.at,
    )
    return RehearseOut(state=state.to_dict(), view=view, transcript=state.transcript)


@scripts.post("/questions")
async def questions_first(body: QuestionsIn, _: Supervisor) -> QuestionsOut:
    """Turn a pasted list of questions and answers into steps added to the draft's text."""
    loaded = load_script(body.source).script
    taken = set(loaded.steps) if loaded else set()
    before = set(taken)
    snippet = questions_to_yaml(parse_questions(body.text), taken)
    return QuestionsOut(source=insert_into_nodes(body.source, snippet), added=sorted(taken - before))


def _graph(script: Script) -> GraphOut:
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


@scripts.post("", status_code=status.HTTP_201_CREATED)
async def create_script(body: SourceIn, me: Supervisor, request: Request, db: DB) -> ScriptOut:
    row, checked = await scripts_of(request).create(db, body.source, me.username)
    return await _full(request, db, row, checked.diagnostics)


@scripts.get("/{slug}")
async def get_script(slug: str, _: Supervisor, request: Request, db: DB) -> ScriptOut:
    service = scripts_of(request)
    row = await service.get(db, slug)
    checked = await service.check(db, row.draft_source)
    return await _full(request, db, row, checked.diagnostics)


@scripts.put("/{slug}")
async def update_script(slug: str, body: DraftUpdate, me: Supervisor, request: Request, db: DB) -> ScriptOut:
    row, checked = await scripts_of(request).update(db, slug, body.source, body.revision, me.username)
    return await _full(request, db, row, checked.diagnostics)


@scripts.delete("/{slug}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_script(slug: str, _: Supervisor, request: Request, db: DB) -> None:
    await scripts_of(request).delete(db, slug)


@scripts.post("/{slug}/publish", status_code=status.HTTP_201_CREATED)
async def publish_script(slug: str, body: PublishIn, me: Supervisor, request: Request, db: DB) -> VersionOut:
    return VersionOut.model_validate(await scripts_of(request).publish(db, slug, body.note, me.username))


@scripts.get("/{slug}/versions")
async def list_versions(slug: str, _: Supervisor, request: Request, db: DB) -> list[VersionOut]:
    return [VersionOut.model_validate(v) for v in await scripts_of(request).versions(db, slug)]


@scripts.get("/{slug}/versions/{number}")
async def get_version(slug: str, number: DbId, _: Supervisor, request: Request, db: DB) -> VersionSourceOut:
    return VersionSourceOut.model_validate(await scripts_of(request).version(db, slug, number))


@scripts.post("/{slug}/versions/{number}/restore")
async def restore_version(
    slug: str, number: DbId, body: RestoreIn, me: Supervisor, request: Request, db: DB
) -> RestoreOut:
    row, version = await scripts_of(request).restore(db, slug, number, body.note, me.username, body.publish)
    return RestoreOut(
        draft_revision=row.draft_revision, published=VersionOut.model_validate(version) if version else None
    )


@scripts.get(
    "/{slug}/export", response_class=PlainTextResponse, responses={200: {"content": {"application/yaml": {}}}}
)
async def export_script(
    slug: str, _: Supervisor, request: Request, db: DB, version: VersionRef = None
) -> PlainTextResponse:
    source = to_yaml(await scripts_of(request).source(db, slug, version))
    name = f"{slug}.v{version}.yaml" if version else f"{slug}.yaml"
    return PlainTextResponse(
        source,
        media_type="application/yaml",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@scripts.get("/{slug}/diff")
async def diff_versions(
    slug: str,
    _: Supervisor,
    request: Request,
    db: DB,
    before: Annotated[
        int | None, Query(alias="from", ge=1, le=INT32_MAX, description="Version; omitted = the draft")
    ] = None,
    after: Annotated[
        int | None, Query(alias="to", ge=1, le=INT32_MAX, description="Version; omitted = the draft")
    ] = None,
) -> DiffOut:
    result = await scripts_of(request).diff(db, slug, before, after)
    return DiffOut(
        before=f"v{before}" if before else "draft",
        after=f"v{after}" if after else "draft",
        **result.as_dict(),
    )


def _run_out(row: ScriptRunRow, runner: Runner, state: RunState) -> RunOut:
    return RunOut(
        id=row.id,
        script=row.script_slug,
        version=row.version,
        started_at=row.started_at,
        finished_at=row.finished_at,
        view=runner.view(state),
        transcript=state.transcript,
    )


def _context(
    request: Request, me: Principal, customer: dict[str, Any], contact: dict[str, Any]
) -> dict[str, Any]:
    agent = AgentValues(
        name=me.display_name, first_name=me.display_name.split(" ")[0], username=me.username, email=None
    )
    company = request.app.state.settings.company_name
    return {"customer": customer, "contact": contact, "agent": agent, "company": company}


@runs.post("", status_code=status.HTTP_201_CREATED)
async def start_run(body: RunStart, me: AnyUser, request: Request, db: DB) -> RunOut:
    context = _context(request, me, body.customer, body.contact)
    row, runner, state = await _runs(request).start(db, me, body.script, body.version, context)
    return _run_out(row, runner, state)


@runs.get("/{run_id}")
async def get_run(run_id: str, me: AnyUser, request: Request, db: DB) -> RunOut:
    return _run_out(*await _runs(request).open(db, me, run_id))


@runs.post("/{run_id}/answer")
async def answer_run(run_id: str, body: AnswerIn, me: AnyUser, request: Request, db: DB) -> RunOut:
    service = _runs(request)
    row, runner, state = await service.open(db, me, run_id, lock=True)
    service.save(row, runner.answer(state, body.answer))
    return _run_out(row, runner, state)


@runs.post("/{run_id}/back")
async def back_run(run_id: str, me: AnyUser, request: Request, db: DB) -> RunOut:
    service = _runs(request)
    row, runner, state = await service.open(db, me, run_id, lock=True)
    service.save(row, runner.back(state))
    return _run_out(row, runner, state)


@runs.post("/{run_id}/objection")
async def objection_run(run_id: str, body: ObjectionIn, me: AnyUser, request: Request, db: DB) -> RunOut:
    service = _runs(request)
    row, runner, state = await service.open(db, me, run_id, lock=True)
    service.save(row, runner.objection(state, body.objection))
    return _run_out(row, runner, state)
