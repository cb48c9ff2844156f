"""The script model: immutable dataclasses built from the file format by `fileformat.load_script`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from typing import Any, Literal

RETURN = "return"  # `next: return` ends an objection handler: the run goes back to where it was


class StepKind(StrEnum):
    STATEMENT = "statement"
    QUESTION = "question"  # closed question: options, each leading on
    INPUT = "input"  # open question: the answer goes into a typed field
    BRANCH = "branch"
    EMAIL = "email"
    TRANSFER = "transfer"
    SUBSCRIPT = "subscript"
    END = "end"


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    PHONE = "phone"
    EMAIL = "email"
    CHOICE = "choice"
    BOOLEAN = "boolean"


TransferMode = Literal["blind", "consult", "conference", "whisper"]
Direction = Literal["inbound", "outbound"]


@dataclass(frozen=True, slots=True)
class FieldDef:
    name: str
    type: FieldType
    label: str
    required: bool = False
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    customer_field: str | None = None  # where the desk writes the answer on the customer card
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    label: str
    success: bool = False
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Objection:
    label: str
    goto: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class EmailTemplate:
    id: str
    subject: str
    body: str
    sender: str | None = None
    attachments: tuple[str, ...] = ()
    line: int | None = None
    # The lines of `subject`, `body`, `sender` and `attachments`, for precise diagnostics.
    key_lines: Mapping[str, int] = dataclass_field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class KbArticle:
    id: str
    title: str
    body: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A sticky note of the authors on the canvas, optionally pinned near a step; never shown to operators."""

    text: str
    step: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Option:
    answer: str
    next: str
    field: str | None = None  # an "other" answer: free text captured into this field
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    condition: str | None  # None for the `else` rule
    next: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Transfer:
    queue: str
    mode: TransferMode = "blind"


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    kind: StepKind
    text: str = ""
    hint: str | None = None
    kb: tuple[str, ...] = ()
    next: str | None = None
    options: tuple[Option, ...] = ()
    field: str | None = None
    branch: tuple[Rule, ...] = ()
    email: str | None = None
    transfer: Transfer | None = None
    script: str | None = None
    on_outcome: tuple[tuple[str, str], ...] = ()  # sub-script outcome -> step id
    end: str | None = None
    line: int | None = None
    # The document's line of every value, shared by all steps (copying a dict per step was a hot spot).
    key_lines: Mapping[tuple[str | int, ...], int] = dataclass_field(
        default_factory=dict, compare=False, repr=False
    )
    broken: bool = False  # declared two kinds: reported once, then left out of flow checks
    _targets: tuple[str, ...] = dataclass_field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_targets", _targets(self.next, self.options, self.branch, self.on_outcome))

    def key_line(self, key: str) -> int | None:
        return self.key_lines.get(("nodes", self.id, key), self.line)

    def targets(self) -> tuple[str, ...]:
        """Every step id this step can lead to (including `return`)."""
        return self._targets


def _targets(
    next: str | None,
    options: tuple[Option, ...],
    branch: tuple[Rule, ...],
    on_outcome: tuple[tuple[str, str], ...],
) -> tuple[str, ...]:
    if not (options or branch or on_outcome):
        return (next,) if next else ()
    found = [next] if next else []
    if options:
        found += [option.next for option in options]
    if branch:
        found += [rule.next for rule in branch]
    if on_outcome:
        found += [target for _, target in on_outcome]
    return tuple(found)


# Fast construction for the loader. A frozen dataclass sets each field through `object.__setattr__`, which
# made creating a Step (18 fields) about seven times slower than plain attribute stores: a third of building
# a 5,000-step script. The loader fills a plain object with the same slots and then makes it the frozen
# class (`__class__` may change between classes of identical layout): the result is an ordinary, frozen,
# equal-comparing instance. tests/unit/scripts/test_model.py checks it equals the dataclass-built one.
_StepDraft: Any = type("_StepDraft", (), {"__slots__": Step.__slots__})
_OptionDraft: Any = type("_OptionDraft", (), {"__slots__": Option.__slots__})
_RuleDraft: Any = type("_RuleDraft", (), {"__slots__": Rule.__slots__})


def new_option(answer: str, next: str, field: str | None, line: int | None) -> Option:
    """`Option(answer, next, field, line)`, faster."""
    option = _OptionDraft()
    option.answer, option.next, option.field, option.line = answer, next, field, line
    option.__class__ = Option
    built: Option = option
    return built


def new_rule(condition: str | None, next: str, line: int | None) -> Rule:
    """`Rule(condition, next, line)`, faster."""
    rule = _RuleDraft()
    rule.condition, rule.next, rule.line = condition, next, line
    rule.__class__ = Rule
    built: Rule = rule
    return built


def new_step(
    id: str,
    kind: StepKind,
    text: str,
    hint: str | None,
    kb: tuple[str, ...],
    next: str | None,
    options: tuple[Option, ...],
    field: str | None,
    branch: tuple[Rule, ...],
    email: str | None,
    transfer: Transfer | None,
    script: str | None,
    on_outcome: tuple[tuple[str, str], ...],
    end: str | None,
    line: int | None,
    key_lines: Mapping[tuple[str | int, ...], int],
    broken: bool,
) -> Step:
    """`Step(...)` with every field given, about five times faster (see above)."""
    step = _StepDraft()
    step.id = id
    step.kind = kind
    step.text = text
    step.hint = hint
    step.kb = kb
    step.next = next
    step.options = options
    step.field = field
    step.branch = branch
    step.email = email
    step.transfer = transfer
    step.script = script
    step.on_outcome = on_outcome
    step.end = end
    step.line = line
    step.key_lines = key_lines
    step.broken = broken
    step._targets = _targets(next, options, branch, on_outcome)
    step.__class__ = Step
    built: Step = step
    return built


@dataclass(frozen=True, slots=True)
class Script:
    slug: str
    name: str
    language: str
    start: str
    steps: dict[str, Step]
    direction: Direction = "inbound"
    description: str = ""
    fields: dict[str, FieldDef] = dataclass_field(default_factory=dict)
    outcomes: dict[str, Outcome] = dataclass_field(default_factory=dict)
    objections: tuple[Objection, ...] = ()
    emails: dict[str, EmailTemplate] = dataclass_field(default_factory=dict)
    kb: dict[str, KbArticle] = dataclass_field(default_factory=dict)
    tags: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    key_lines: dict[str, int] = dataclass_field(default_factory=dict, compare=False)

    def step(self, step_id: str) -> Step:
        return self.steps[step_id]

    @property
    def success_outcomes(self) -> frozenset[str]:
        return frozenset(o.id for o in self.outcomes.values() if o.success)
