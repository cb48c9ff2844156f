"""HTTP edge of scripts: drafts, validation, versions, diff, export (authors); runs (every operator)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi.responses import PlainTextResponse

from parley.platform.bounds import INT32_MAX, DbId
from parley.platform.deps import DB, AnyUser, SettingsDep, Supervisor
from parley.platform.identity import Principal
from parley.scripts import runs as acts
from parley.scripts.context import AgentValues
from parley.scripts.deps import RunsDep, ScriptsDep
from parley.scripts.diagnostics import Diagnostic, has_errors
from parley.scripts.fileformat import load_script
from parley.scripts.questions import insert_into_nodes, parse_questions, questions_to_yaml
from parley.scripts.schemas import (
    AnswerIn,
    DiffOut,
    DraftUpdate,
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
from parley.scripts.service import Scripts, to_yaml
from parley.scripts.tables import ScriptRow
from parley.scripts.views import (
    diagnostics_out,
    graph_out,
    rehearsal_out,
    run_out,
    script_out,
    script_summary,
)

scripts = APIRouter(prefix="/api/scripts", tags=["scripts"])
runs = APIRouter(prefix="/api/runs", tags=["runs"])
VersionRef = Annotated[
    int | None, Query(ge=1, le=INT32_MAX, description="Version number; omitted = the draft")
]


async def _full(service: Scripts, db: DB, row: ScriptRow, diagnostics: list[Diagnostic]) -> ScriptOut:
    return script_out(row, await service.changed_since_publish(db, row), diagnostics)


@scripts.get("")
async def list_scripts(_: Supervisor, db: DB, service: ScriptsDep) -> list[ScriptSummary]:
    return [
        script_summary(row, await service.changed_since_publish(db, row)) for row in await service.list(db)
    ]


@scripts.get("/published")
async def list_published(_: AnyUser, db: DB, service: ScriptsDep) -> list[PublishedScript]:
    rows = await service.list(db, published_only=True)
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
async def validate_source(body: SourceIn, _: Supervisor, db: DB, service: ScriptsDep) -> ValidationOut:
    checked = await service.check(db, body.source)
    return ValidationOut(
        valid=not has_errors(checked.diagnostics),
        diagnostics=diagnostics_out(checked.diagnostics),
        graph=graph_out(checked.script) if checked.script is not None else None,
    )


@scripts.post("/rehearse")
async def rehearse_draft(
    body: RehearseIn, me: Supervisor, db: DB, service: ScriptsDep, settings: SettingsDep
) -> RehearseOut:
    """Walk a draft as the operator will; nothing is stored (the client keeps the state)."""
    context = _context(me, settings.company_name, body.customer, {"channel": "rehearsal"})
    state, view = await service.rehearse(
        db, body.source, body.action, context=context, state=body.state, answer=body.answer, at=body.at
    )
    return rehearsal_out(state, view)


@scripts.post("/questions")
async def questions_first(body: QuestionsIn, _: Supervisor) -> QuestionsOut:
    """Turn a pasted list of questions and answers into steps added to the draft's text."""
    loaded = load_script(body.source).script
    taken = set(loaded.steps) if loaded else set()
    before = set(taken)
    snippet = questions_to_yaml(parse_questions(body.text), taken)
    return QuestionsOut(source=insert_into_nodes(body.source, snippet), added=sorted(taken - before))


@scripts.post("", status_code=status.HTTP_201_CREATED)
async def create_script(body: SourceIn, me: Supervisor, db: DB, service: ScriptsDep) -> ScriptOut:
    row, checked = await service.create(db, body.source, me.username)
    return await _full(service, db, row, checked.diagnostics)


@scripts.get("/{slug}")
async def get_script(slug: str, _: Supervisor, db: DB, service: ScriptsDep) -> ScriptOut:
    row = await service.get(db, slug)
    checked = await service.check(db, row.draft_source)
    return await _full(service, db, row, checked.diagnostics)


@scripts.put("/{slug}")
async def update_script(
    slug: str, body: DraftUpdate, me: Supervisor, db: DB, service: ScriptsDep
) -> ScriptOut:
    row, checked = await service.update(db, slug, body.source, body.revision, me.username)
    return await _full(service, db, row, checked.diagnostics)


@scripts.delete("/{slug}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_script(slug: str, _: Supervisor, db: DB, service: ScriptsDep) -> None:
    await service.delete(db, slug)


@scripts.post("/{slug}/publish", status_code=status.HTTP_201_CREATED)
async def publish_script(
    slug: str, body: PublishIn, me: Supervisor, db: DB, service: ScriptsDep
) -> VersionOut:
    return VersionOut.model_validate(await service.publish(db, slug, body.note, me.username))


@scripts.get("/{slug}/versions")
async def list_versions(slug: str, _: Supervisor, db: DB, service: ScriptsDep) -> list[VersionOut]:
    return [VersionOut.model_validate(v) for v in await service.versions(db, slug)]


@scripts.get("/{slug}/versions/{number}")
async def get_version(
    slug: str, number: DbId, _: Supervisor, db: DB, service: ScriptsDep
) -> VersionSourceOut:
    return VersionSourceOut.model_validate(await service.version(db, slug, number))


@scripts.post("/{slug}/versions/{number}/restore")
async def restore_version(
    slug: str, number: DbId, body: RestoreIn, me: Supervisor, db: DB, service: ScriptsDep
) -> RestoreOut:
    row, version = await service.restore(db, slug, number, body.note, me.username, body.publish)
    return RestoreOut(
        draft_revision=row.draft_revision, published=VersionOut.model_validate(version) if version else None
    )


@scripts.get(
    "/{slug}/export", response_class=PlainTextResponse, responses={200: {"content": {"application/yaml": {}}}}
)
async def export_script(
    slug: str, _: Supervisor, db: DB, service: ScriptsDep, version: VersionRef = None
) -> PlainTextResponse:
    source = to_yaml(await service.source(db, slug, version))
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
    db: DB,
    service: ScriptsDep,
    before: Annotated[
        int | None, Query(alias="from", ge=1, le=INT32_MAX, description="Version; omitted = the draft")
    ] = None,
    after: Annotated[
        int | None, Query(alias="to", ge=1, le=INT32_MAX, description="Version; omitted = the draft")
    ] = None,
) -> DiffOut:
    result = await service.diff(db, slug, before, after)
    return DiffOut(
        before=f"v{before}" if before else "draft",
        after=f"v{after}" if after else "draft",
        **result.as_dict(),
    )


def _context(
    me: Principal, company: str, customer: Mapping[str, object], contact: Mapping[str, object]
) -> dict[str, object]:
    """What a run started from this API is given: the caller as its agent, and the customer and contact
    the caller sends."""
    agent = AgentValues(
        name=me.display_name, first_name=me.display_name.split(" ")[0], username=me.username, email=None
    )
    return {"customer": customer, "contact": contact, "agent": agent, "company": company}


@runs.post("", status_code=status.HTTP_201_CREATED)
async def start_run(body: RunStart, me: AnyUser, db: DB, service: RunsDep, settings: SettingsDep) -> RunOut:
    context = _context(me, settings.company_name, body.customer, body.contact)
    row, runner, state = await service.start(db, me, body.script, body.version, context)
    return run_out(row, runner, state)


@runs.get("/{run_id}")
async def get_run(run_id: str, me: AnyUser, db: DB, service: RunsDep) -> RunOut:
    return run_out(*await service.open(db, me, run_id))


@runs.post("/{run_id}/answer")
async def answer_run(run_id: str, body: AnswerIn, me: AnyUser, db: DB, service: RunsDep) -> RunOut:
    return run_out(*await service.act(db, me, run_id, acts.answer(body.answer)))


@runs.post("/{run_id}/back")
async def back_run(run_id: str, me: AnyUser, db: DB, service: RunsDep) -> RunOut:
    return run_out(*await service.act(db, me, run_id, acts.back()))


@runs.post("/{run_id}/objection")
async def objection_run(run_id: str, body: ObjectionIn, me: AnyUser, db: DB, service: RunsDep) -> RunOut:
    return run_out(*await service.act(db, me, run_id, acts.objection(body.objection)))
