"""Request and response bodies of the routing API, with the limits that keep bad input out."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from parley.platform.identity import Role
from parley.routing.commands import NewContact
from parley.routing.model import CallbackResult, Channel, ClosedBehaviour, Strategy, TransferMode

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
SkillName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Level = Annotated[int, Field(ge=1, le=10)]
RequestType = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,59}$")]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
TimeRange = Annotated[str, StringConstraints(pattern=r"^\d{2}:\d{2}-\d{2}:\d{2}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ServiceLevelIn(Strict):
    fraction: float = Field(0.8, gt=0, le=1, description="Share to answer within `seconds` (0.8 = 80 %)")
    seconds: float = Field(20, ge=1, le=3600)


class OverflowIn(Strict):
    after_seconds: float = Field(ge=1, le=86_400, description="Maximum wait in this queue")
    to_queue: Slug | None = Field(None, description="Queue to move to; omitted = turn into a callback")


class HoursIn(Strict):
    timezone: str = Field("UTC", max_length=64, examples=["Asia/Ho_Chi_Minh"])
    week: dict[Day, Annotated[list[TimeRange], Field(max_length=6)]] = Field(
        description='Open ranges per day, e.g. {"mon": ["09:00-18:00"]}; a missing day is closed'
    )


class EscalationIn(Strict):
    after_seconds: float = Field(ge=1, le=86_400)
    max_tier: int | None = Field(None, ge=1, le=9, description="Members up to this tier may take it")
    skills: dict[SkillName, Annotated[int, Field(ge=0, le=10)]] = Field(
        default_factory=dict, max_length=20, description="Required levels from now on; 0 drops a skill"
    )


class QueueIn(Strict):
    name: str = Field(min_length=1, max_length=120)
    request_types: list[RequestType] = Field(default_factory=list, max_length=50)
    channels: list[Channel] = Field(default_factory=lambda: [Channel.VOICE], min_length=1, max_length=5)
    priority: int = Field(0, ge=-100, le=100)
    skills: dict[SkillName, Level] = Field(default_factory=dict, max_length=20)
    strategy: Strategy = Strategy.LONGEST_IDLE
    service_level: ServiceLevelIn = Field(default_factory=ServiceLevelIn)
    max_size: int | None = Field(None, ge=1, le=100_000)
    overflow: OverflowIn | None = None
    hours: HoursIn | None = Field(None, description="Opening hours; omitted = always open")
    closed_behaviour: ClosedBehaviour = ClosedBehaviour.REFUSE
    closed_queue: Slug | None = None
    wrap_up_seconds: float = Field(30, ge=0, le=3600)
    offer_timeout_seconds: float = Field(20, ge=5, le=600)
    max_handle_seconds: float = Field(4 * 3600, ge=60, le=86_400)
    escalations: list[EscalationIn] = Field(default_factory=list, max_length=10)
    default_aht_seconds: float = Field(180, ge=1, le=36_000)
    callback_attempts: int = Field(3, ge=1, le=10)
    callback_interval_seconds: float = Field(600, ge=30, le=86_400)

    @model_validator(mode="after")
    def _consistent(self) -> QueueIn:
        times = [e.after_seconds for e in self.escalations]
        if times != sorted(set(times)):
            raise PydanticCustomError(
                "escalations-out-of-order", "escalations must come in increasing after_seconds"
            )
        if self.closed_behaviour is ClosedBehaviour.OVERFLOW and not self.closed_queue:
            raise PydanticCustomError("closed-queue-missing", "closed_behaviour overflow needs closed_queue")
        if len(set(self.channels)) != len(self.channels):
            raise PydanticCustomError("channel-repeated", "channels are listed twice")
        return self


class QueueCreate(QueueIn):
    id: Slug = Field(description="Stable id: lowercase letters, digits and dashes")


class QueueOut(QueueCreate):
    created_at: datetime
    updated_at: datetime


class SkillIn(Strict):
    name: SkillName
    label: str = Field(min_length=1, max_length=120)
    description: str = Field("", max_length=500)


class SkillEdit(Strict):
    label: str = Field(min_length=1, max_length=120)
    description: str = Field("", max_length=500)


class SkillOut(SkillIn):
    used_by_queues: int
    used_by_agents: int


class MembershipIn(Strict):
    queue_id: Slug
    tier: int = Field(1, ge=1, le=9)
    penalty: int = Field(0, ge=0, le=100)


class AgentProfileIn(Strict):
    skills: dict[SkillName, Level] = Field(default_factory=dict, max_length=50)
    memberships: list[MembershipIn] = Field(default_factory=list, max_length=100)
    capacity: int = Field(100, ge=1, le=1000, description="Units; a call takes 100, a chat 33, an email 25")


class WorkOut(BaseModel):
    contact_id: str
    phase: Literal["offered", "connected", "wrap-up"]


class AgentOut(BaseModel):
    user_id: int
    username: str
    display_name: str
    role: Role = Field(
        description="The user's role: supervisors and admins are listed when they take contacts"
    )
    state: str
    reason: str | None
    state_since: datetime
    skills: dict[str, int]
    memberships: list[MembershipIn]
    capacity: int
    used: int
    handled_today: int
    work: list[WorkOut]


class StateIn(Strict):
    state: Literal["ready", "not-ready", "offline"]
    reason: str | None = Field(None, max_length=120, description="Why not ready (break, training, ...)")


class ContactIn(Strict):
    channel: Channel
    from_address: str = Field("", alias="from", max_length=200, description="Phone number, email or name")
    subject: str = Field("", max_length=300)
    queue: Slug | None = None
    request_type: RequestType | None = None
    priority: int = Field(0, ge=-100, le=100)
    skills: dict[SkillName, Level] = Field(default_factory=dict, max_length=10)
    data: dict[str, Any] = Field(default_factory=dict, description="Free details for the desk (small)")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def command(self) -> NewContact:
        return NewContact(
            channel=self.channel,
            queue=self.queue,
            request_type=self.request_type,
            from_address=self.from_address,
            subject=self.subject,
            priority=self.priority,
            skills=dict(self.skills),
            data=dict(self.data),
        )

    @model_validator(mode="after")
    def _target(self) -> ContactIn:
        if (self.queue is None) == (self.request_type is None):
            raise PydanticCustomError("queue-or-request-type", "give either queue or request_type")
        if len(repr(self.data)) > 4000:
            raise PydanticCustomError(
                "data-too-large", "data is too large ({max} characters at most)", {"max": 4000}
            )
        return self


class TransferFrom(BaseModel):
    """Where a transferred contact (a leg) came from."""

    contact_id: str = Field(validation_alias="from", serialization_alias="contact_id")
    initial: str
    from_agent: str
    from_agent_name: str = ""
    from_queue: str
    mode: TransferMode
    note: str = ""

    model_config = ConfigDict(populate_by_name=True)


class TransferIn(Strict):
    queue: str = Field(min_length=1, max_length=40, description="the queue to hand the contact to")
    mode: TransferMode = TransferMode.BLIND
    note: str = Field("", max_length=500, description="for the agent who takes it (shown with the offer)")


class ContactOut(BaseModel):
    id: str
    channel: Channel
    queue_id: str
    state: str
    priority: int
    from_address: str = Field(serialization_alias="from")
    subject: str
    request_type: str | None
    agent_id: int | None
    arrived_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    callback: bool
    callback_at: datetime | None
    attempts: int
    position: int | None = None
    expected_wait: float | None = None
    transfer: TransferFrom | None = None
    transfer_to: str | None = Field(None, description="the leg of a consult or conference under way")

    model_config = ConfigDict(populate_by_name=True)


class ContactCreated(ContactOut):
    token: str = Field(description="Secret for the customer's own status, callback and event stream")
    refused_reason: str | None = None
    next_opening: datetime | None = None
    callback_possible: bool = False


class ContactStatus(BaseModel):
    """What a waiting customer may see about their own contact."""

    state: str
    queue: str
    position: int | None
    expected_wait: float | None
    callback: bool
    callback_at: datetime | None


class CallbackIn(Strict):
    at: AwareDatetime | None = Field(
        None,
        description="When to call back (with a time zone; at most a day past, meaning now, and a year "
        "ahead); omitted = keep my place in line",
    )


class CallbackOut(BaseModel):
    contact: ContactOut
    estimated_at: datetime


class CallbackResultIn(Strict):
    result: CallbackResult


class CompleteIn(Strict):
    reason: str = Field("", max_length=200)


class EventOut(BaseModel):
    at: datetime
    kind: str
    contact_id: str | None
    queue_id: str | None
    agent_id: int | None
    data: dict[str, Any]


class QueueStats(BaseModel):
    queue_id: str
    name: str
    waiting: int
    longest_wait: float
    agents: dict[str, int]
    service_level: float | None
    service_level_target: dict[str, float]
    average_speed_of_answer: float | None
    entered: int
    answered: int
    abandoned: int
    refused: int
    overflowed: int
    completed: int
    handle_time: float
    open: bool
