"""Request and response bodies of the desk API."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from parley.platform.bounds import INT32_MAX
from parley.scripts.schemas import RunOut

FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
ScriptSlug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CustomerIn(Strict):
    name: str = Field("", max_length=200)
    company: str = Field("", max_length=200)
    phones: list[Annotated[str, StringConstraints(max_length=40)]] = Field(
        default_factory=list, max_length=10
    )
    emails: list[Annotated[str, StringConstraints(max_length=320)]] = Field(
        default_factory=list, max_length=10
    )
    fields: dict[FieldName, str | int | float | bool | None] = Field(default_factory=dict, max_length=50)
    tags: list[Tag] = Field(default_factory=list, max_length=30)
    consent: dict[FieldName, bool] = Field(
        default_factory=dict, max_length=10, description='e.g. {"email_offers": true, "calls": false}'
    )

    @field_validator("fields")
    @classmethod
    def _small_values(cls, value: dict[str, Any]) -> dict[str, Any]:
        for key, item in value.items():
            if isinstance(item, str) and len(item) > 1000:
                raise PydanticCustomError(
                    "field-too-long",
                    "field {name} is longer than {max} characters",
                    {"name": key, "max": 1000},
                )
        return value


class CustomerOut(BaseModel):
    id: int
    name: str
    company: str
    phones: list[str]
    emails: list[str]
    fields: dict[str, Any]
    tags: list[str]
    consent: dict[str, bool]
    created_at: datetime
    updated_at: datetime


class HistoryItem(BaseModel):
    id: str
    channel: str
    direction: str
    queue_id: str | None
    subject: str
    outcome: str | None
    phase: str
    received_at: datetime
    agent_id: int | None
    agent_name: str | None = Field(None, description="The display name of the agent who took it")
    transferred_from: str | None = Field(
        None, description="The interaction this one was transferred from (the same call, a later leg)"
    )


class CustomerCard(CustomerOut):
    returning: bool = Field(description="Has earlier interactions")
    interactions_count: int
    history: list[HistoryItem]


class MergeIn(Strict):
    other_id: int = Field(ge=1, le=INT32_MAX, description="The duplicate to fold into this customer")


class MomentOut(BaseModel):
    at: datetime
    kind: str
    data: dict[str, Any]


class Durations(BaseModel):
    wait: float | None
    talk: float | None
    hold: float | None
    wrap_up: float | None
    total: float | None


class InteractionOut(BaseModel):
    id: str
    channel: str
    direction: str
    queue_id: str | None
    request_type: str | None
    subject: str
    from_address: str = Field(serialization_alias="from")
    customer_id: int | None
    customer_name: str | None = Field(None, description="In search results")
    agent_id: int | None
    agent_name: str | None = Field(None, description="In search results and a single interaction")
    run_id: str | None
    outcome: str | None
    notes: str
    phase: str
    holds: int
    hold_needs_confirmation: bool = Field(
        description="The next hold must be sent with confirm: true (the customer was held the most times "
        "a contact should be); the desk asks the operator first"
    )
    captured: dict[str, Any] = Field(description="Script answers kept on the interaction (not on the card)")
    received_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    closed_at: datetime | None
    durations: Durations
    timeline: list[MomentOut]


class OutcomeLabel(BaseModel):
    id: str
    label: str | None = Field(description="The label a published script gives it; none when no script does")


class HoldIn(Strict):
    confirm: bool = Field(False, description="Needed for a third hold in one contact")


class NotesIn(Strict):
    notes: str = Field(max_length=10_000)


class CorrectionIn(Strict):
    """A supervisor's correction of a closed interaction: a new outcome, new notes or both, and why."""

    outcome: str | None = Field(None, min_length=1, max_length=80)
    notes: str | None = Field(None, max_length=10_000)
    reason: str = Field(min_length=1, max_length=500, pattern=r"\S")


class WrapUpIn(Strict):
    outcome: str | None = Field(None, max_length=80)
    notes: str | None = Field(None, max_length=10_000)
    then: Literal["ready", "not-ready"] = "ready"
    reason: str | None = Field(None, max_length=120)


class EmailOut(BaseModel):
    id: int
    template: str | None
    sender: str
    recipient: str
    subject: str
    body: str
    attachments: list[str]
    status: str
    error: str | None
    attempts: int
    created_at: datetime
    sent_at: datetime | None


def _no_control_characters(value: str) -> str:
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise PydanticCustomError(
            "control-characters", "line breaks, tabs and other control characters are not allowed"
        )
    return value


FieldLabel = Annotated[
    str, StringConstraints(min_length=1, max_length=120), AfterValidator(_no_control_characters)
]
#: The UI languages a custom field's label can be given in.
LabelLanguage = Literal["en", "vi"]
FieldLabels = Annotated[
    dict[LabelLanguage, FieldLabel],
    Field(
        description="the label in a UI language, shown to a user of that language instead of `label`: "
        '{"vi": "Địa chỉ giao hàng"}; `label` is shown where a language has none'
    ),
]


class CustomerFieldUpdate(Strict):
    """What `PUT /api/customer-fields/{name}` replaces: the labels (the type stays: cards hold its values)."""

    label: FieldLabel
    labels: FieldLabels = Field(default_factory=dict)


class CustomerFieldIn(CustomerFieldUpdate):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    type: str = Field("text", pattern=r"^(text|number|date|boolean)$")


class CustomerFieldOut(BaseModel):
    name: str
    label: str
    labels: dict[LabelLanguage, str]
    type: str
    created_at: datetime


# ------------------------------------------------------------------------------- the desk page and its panel


class OutcomeOut(BaseModel):
    id: str
    label: str
    success: bool


class DeskItem(BaseModel):
    interaction: InteractionOut
    contact: dict[str, Any] | None = Field(description="The routing contact: offer expiry, wrap-up end")
    customer: CustomerCard | None
    run: RunOut | None
    outcomes: list[OutcomeOut] = Field(default_factory=list, description="How the script's run may end")
    script_error: str | None = Field(None, description="Why the queue's script could not start")
    emails: list[EmailOut]
    placed: dict[str, str] = Field(default_factory=dict, description="Captured field -> where it was written")


class DeskOut(BaseModel):
    server_time: float = Field(description="The server's clock (epoch seconds), for countdowns")
    state: str
    reason: str | None
    state_since: float
    items: list[DeskItem]
    demo_contacts: bool


class FeedbackIn(BaseModel):
    said: str = Field(min_length=1, max_length=2000, description="What the customer said that no answer fits")


class FeedbackOut(BaseModel):
    id: int
    script_slug: str
    version: int
    step: str
    said: str
    interaction_id: str | None
    agent_id: int | None
    created_at: datetime


# ------------------------------------------------------------------------------------------ queue scripts


class QueueScriptOut(BaseModel):
    queue_id: str
    script: str = Field(description="The published script the desk opens when an agent answers")


class QueueScriptIn(Strict):
    script: ScriptSlug | None = Field(description="A published script; null: the queue opens none")
