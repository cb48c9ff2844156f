"""Request and response bodies of the scripts API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, NotRequired

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict  # pydantic reads TypedDicts from here before Python 3.12

from parley.platform.bounds import INT32_MAX
from parley.scripts.answers import Value
from parley.scripts.model import TransferMode
from parley.scripts.runtime import Event

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
    before: dict[str, object]
    after: dict[str, object]


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
    customer: dict[str, object] = Field(default_factory=dict)
    contact: dict[str, object] = Field(default_factory=dict)


class AnswerIn(Strict):
    answer: str | None = Field(
        default=None,
        max_length=2_000,
        description="Option label or 1-based number, field value, or nothing to go on",
    )


class ObjectionIn(Strict):
    objection: str = Field(min_length=1, max_length=200, description="Objection label or 1-based number")


class SayPartOut(BaseModel):
    """A piece of a step's text as the operator sees it: words to say (`text`), or a value to ask the customer
    for (`ask`, a placeholder without a value, with the script field's `label` when it has one), so that a gap
    is shown as a prompt instead of being read aloud as `[customer.address]`."""

    text: str = ""
    ask: str | None = None
    label: str | None = None


class FieldSpecOut(BaseModel):
    """The typed field an open question's answer goes into."""

    name: str
    type: str = Field(description="text, number, date, phone, email, choice or boolean")
    label: str
    required: bool
    min: float | None = Field(description="The least number, or the shortest text")
    max: float | None = Field(description="The greatest number, or the longest text")
    choices: list[str] = Field(description="A choice field's choices, in order")


class EmailOfferOut(BaseModel):
    """An email step's template, filled in with what the run knows, for the operator to check and send."""

    template: str
    subject: str
    body: str = Field(description="Markup; the run's values in it are escaped, so they stay literal text")
    sender: str | None
    attachments: list[str]
    missing: list[str] = Field(
        description="Placeholders without a value, left as `{{ name }}` in the text for the operator to fill"
    )


class TransferOut(BaseModel):
    queue: str
    mode: TransferMode


class KbLinkOut(BaseModel):
    """A knowledge-base article the step links to."""

    id: str
    title: str
    body: str


class StepViewOut(BaseModel):
    """What the operator sees now."""

    slug: str = Field(description="The script the run is in now (a sub-script's, inside one)")
    step: str
    kind: str
    text: str
    parts: list[SayPartOut] = Field(
        description="`text` for the screen: the words, and a prompt for each placeholder without a value"
    )
    hint: str | None
    options: list[str]
    open_options: list[str] = Field(
        description="Options that also take the customer's own words; answer them as `Label: the words`"
    )
    field: FieldSpecOut | None
    email: EmailOfferOut | None
    transfer: TransferOut | None
    kb: list[KbLinkOut]
    objections: list[str]
    can_go_back: bool
    finished: bool
    outcome: str | None
    outcome_label: str | None
    success: bool | None
    fields: dict[str, Value]
    labels: dict[str, str] = Field(
        description="The label of each field the script declares (and the sub-script the run is in)"
    )


class TranscriptEntryOut(TypedDict):
    """What happened in a run, and when; besides `at`, `event` and `script`, each event has its own keys, and
    only those. A TypedDict rather than a model: a long run's transcript is checked and written out by
    pydantic's core without a Python object or call per entry (a script answer's response carries it all)."""

    at: Annotated[str, Field(description="ISO 8601 time")]
    event: Event
    script: Annotated[str, Field(description="The script (or sub-script) it happened in")]
    step: NotRequired[str]
    version: NotRequired[Annotated[int, Field(description="started, entered: the version pinned")]]
    answer: NotRequired[Annotated[str, Field(description="answered: the option chosen")]]
    value: NotRequired[
        Annotated[Value, Field(description="answered: the field's value, or the customer's own words")]
    ]
    field: NotRequired[Annotated[str, Field(description="answered: the field the answer went into")]]
    objection: NotRequired[str]
    kind: NotRequired[Annotated[str, Field(description="shown: the step's kind")]]
    text: NotRequired[Annotated[str, Field(description="shown, ended: the words as rendered")]]
    outcome: NotRequired[Annotated[str | None, Field(description="left, ended")]]
    rule: NotRequired[Annotated[str, Field(description="branched: the condition taken, or `else`")]]
    next: NotRequired[Annotated[str, Field(description="branched")]]


class QuestionsIn(Strict):
    source: str = Field(min_length=1, max_length=MAX_SOURCE, description="The draft to add the steps to")
    text: str = Field(min_length=1, max_length=50_000, description="Questions, each followed by its answers")


class QuestionsOut(BaseModel):
    source: str = Field(description="The draft with the new steps at the end of `nodes`")
    added: list[str]


class RehearseIn(Strict):
    source: str = Field(min_length=1, max_length=MAX_SOURCE, description="The draft to rehearse")
    action: Literal["start", "answer", "back", "objection"]
    state: dict[str, object] | None = Field(
        default=None,
        description="The state the previous action returned, as it was (checked against the draft)",
    )
    answer: str | None = Field(default=None, max_length=2_000, description="Answer, or objection label")
    at: str | None = Field(
        default=None, max_length=80, description="Start from this step instead of the start"
    )
    customer: dict[str, object] = Field(default_factory=dict, description="Sample customer data")


class FrameOut(BaseModel):
    kind: Literal["objection", "subscript"] = Field(
        description="An objection (resume `step`) or a sub-script (continue after the sub-script step `step`)"
    )
    slug: str
    version: int
    step: str


class SnapshotOut(BaseModel):
    """Where the run stood before an answer, so that `back` takes it back."""

    step: str
    at_slug: str
    at_version: int
    fields: dict[str, Value]
    stack: list[FrameOut]


class RehearsalStateOut(BaseModel):
    """A rehearsal's whole state: the browser keeps it and sends it back, as it is, with the next action."""

    slug: str
    version: int
    step: str = Field(description="The current step, in the script `at_slug` (version `at_version`)")
    at_slug: str
    at_version: int
    context: dict[str, object] = Field(description="What the run was started with: customer, contact, agent")
    fields: dict[str, Value]
    stack: list[FrameOut]
    transcript: list[TranscriptEntryOut]
    history: list[SnapshotOut]
    outcome: str | None
    outcome_slug: str | None
    started_at: str
    finished_at: str | None


class RehearseOut(BaseModel):
    state: RehearsalStateOut
    view: StepViewOut
    transcript: list[TranscriptEntryOut]


class RunOut(BaseModel):
    id: str
    script: str
    version: int
    started_at: datetime
    finished_at: datetime | None
    view: StepViewOut
    transcript: list[TranscriptEntryOut]
