"""Request and response bodies of the scripts API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from parley.platform.bounds import INT32_MAX
from parley.scripts.runtime import StepView

MAX_SOURCE = 2_000_000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceIn(Strict):
    source: str = Field(min_length=1, max_length=MAX_SOURCE, description="The script as YAML or JSON text")


class DraftUpdate(SourceIn):
    revision: int = Field(
        ge=1, le=INT32_MAX, description="The draft revision this edit is based on (conflict detection)"
    )


class PublishIn(Strict):
    note: str = Field(default="", max_length=500)


class RestoreIn(Strict):
    note: str = Field(default="", max_length=500)
    publish: bool = Field(default=True, description="Publish the restored version at once (roll back)")


class DiagnosticOut(BaseModel):
    severity: str
    code: str
    message: str
    line: int | None
    step: str | None
    suggestion: str | None
    matched: str | None = Field(default=None, description="For a phrase warning: the words to replace")
    params: dict[str, str | int] = Field(
        default_factory=dict,
        description="The values the message is made of, so a client words it in its own language from "
        "`code`; a `reason` names why a condition or name is refused (with that reason's values)",
    )


class ScriptSummary(BaseModel):
    slug: str
    name: str
    language: str
    direction: str
    draft_revision: int
    draft_updated_at: datetime
    draft_updated_by: str
    published_version: int | None
    changed_since_publish: bool


class ScriptOut(ScriptSummary):
    source: str
    diagnostics: list[DiagnosticOut]
    valid: bool


class GraphNode(BaseModel):
    id: str
    kind: str
    text: str
    line: int | None
    field: str | None = None
    outcome: str | None = None
    detail: str | None = Field(default=None, description="Email template, transfer queue or sub-script")
    options: list[str] = Field(default_factory=list, description="A closed question's answers, in order")
    conditions: list[str | None] = Field(
        default_factory=list, description="A branch's rule conditions, in order; null for the `else` rule"
    )


class GraphEdge(BaseModel):
    source: str = Field(description="Step id; empty for an objection (reachable from any step)")
    target: str = Field(description="Step id, `return` (an objection handler goes back), or an unknown step")
    kind: Literal["next", "answer", "condition", "otherwise", "outcome", "objection", "return"]
    label: str = Field(
        description="The answer, the condition, `else`, the sub-script outcome or the objection; empty for "
        "`next` and `return`"
    )
    index: int | None = Field(
        default=None,
        description="Position of the answer, rule, `on` entry or objection the link belongs to",
    )


class GraphNote(BaseModel):
    index: int
    text: str
    step: str | None


class GraphOut(BaseModel):
    start: str
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    notes: list[GraphNote] = Field(default_factory=list, description="The authors' sticky notes")


class ValidationOut(BaseModel):
    valid: bool
    diagnostics: list[DiagnosticOut]
    graph: GraphOut | None = Field(
        default=None, description="The steps and their links, when the source loads"
    )


class VersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: int
    name: str
    note: str
    author: str
    published_at: datetime


class VersionSourceOut(VersionOut):
    source: str


class StepChangeOut(BaseModel):
    step: str
    changed: list[str]
    before: dict[str, Any]
    after: dict[str, Any]


class DiffOut(BaseModel):
    before: str
    after: str
    added: list[str]
    removed: list[str]
    changed: list[StepChangeOut]
    script: list[str]
    sections: dict[str, dict[str, list[str]]]


class RestoreOut(BaseModel):
    draft_revision: int
    published: VersionOut | None


class PublishedScript(BaseModel):
    slug: str
    name: str
    language: str
    direction: str
    version: int


class RunStart(Strict):
    script: str = Field(min_length=1, max_length=80)
    version: int | None = Field(default=None, ge=1, le=INT32_MAX)
    customer: dict[str, Any] = Field(default_factory=dict)
    contact: dict[str, Any] = Field(default_factory=dict)


class AnswerIn(Strict):
    answer: str | None = Field(
        default=None,
        max_length=2_000,
        description="Option label or 1-based number, field value, or nothing to go on",
    )


class ObjectionIn(Strict):
    objection: str = Field(min_length=1, max_length=200, description="Objection label or 1-based number")


# The operator's view of a step is the runtime's own dataclass: one definition, also for the API.
StepViewOut = StepView


class QuestionsIn(Strict):
    source: str = Field(min_length=1, max_length=MAX_SOURCE, description="The draft to add the steps to")
    text: str = Field(min_length=1, max_length=50_000, description="Questions, each followed by its answers")


class QuestionsOut(BaseModel):
    source: str = Field(description="The draft with the new steps at the end of `nodes`")
    added: list[str]


class RehearseIn(Strict):
    source: str = Field(min_length=1, max_length=MAX_SOURCE, description="The draft to rehearse")
    action: Literal["start", "answer", "back", "objection"]
    state: dict[str, Any] | None = Field(
        default=None, description="The state returned by the previous action"
    )
    answer: str | None = Field(default=None, max_length=2_000, description="Answer, or objection label")
    at: str | None = Field(
        default=None, max_length=80, description="Start from this step instead of the start"
    )
    customer: dict[str, Any] = Field(default_factory=dict, description="Sample customer data")


class RehearseOut(BaseModel):
    state: dict[str, Any]
    view: StepViewOut
    transcript: list[dict[str, Any]]


class RunOut(BaseModel):
    id: str
    script: str
    version: int
    started_at: datetime
    finished_at: datetime | None
    view: StepViewOut
    transcript: list[dict[str, Any]]
