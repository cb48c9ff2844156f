"""The pure runtime: walks a pinned script version with an operator's answers.

A run is plain data (`RunState`, JSON-serialisable) so it survives restarts; `Runner` applies answers to it.
Branches, sub-script entries and sub-script ends are taken automatically; statements, emails and transfers
wait for the operator to go on (`proceed`). Time comes from the injected clock.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypedDict, Unpack

from parley.platform.clock import Clock
from parley.platform.errors import Conflict, InvalidInput, NotFound
from parley.scripts import markup
from parley.scripts.answers import ANSWER_PARAMS, AnswerRefused, Value, coerce, for_expressions
from parley.scripts.expressions import ExpressionError, parse
from parley.scripts.model import RETURN, FieldType, Option, Script, Step, StepKind, TransferMode
from parley.scripts.placeholders import SayPart, fill, render, say_parts, spoken_date

MAX_AUTO_STEPS = 1_000  # guards against a branch loop that never reaches an interactive step
MAX_DEPTH = 20
MAX_UNDO = 200  # answers that can be taken back; older ones are forgotten so a long run stays small


class InvalidAnswer(InvalidInput):
    code = "invalid-answer"
    reasons = (*ANSWER_PARAMS, "answer-needs-words", "answer-not-an-option")


class RunFinished(Conflict):
    code = "run-finished"
    title = "The run has ended"


class NothingToUndo(Conflict):
    code = "nothing-to-undo"
    title = "Nothing to undo"


class NoSuchObjection(NotFound):
    code = "no-such-objection"
    title = "No such objection"


class NoSuchStep(NotFound):
    code = "no-such-step"
    title = "No such step"


class ScriptBroken(Conflict):
    code = "script-broken"
    title = "The script cannot go on"


class ScriptLibrary(Protocol):
    def get(self, slug: str, version: int | None = None) -> tuple[Script, int]:
        """The script and the version number it resolved to (the latest published when version is None)."""
        ...


# -- the plain data a run is made of and shows (JSON as it is stored and sent) -------------------------------

#: What happened in a run, as its transcript names it.
Event = Literal[
    "started",
    "answered",
    "proceeded",
    "back",
    "objection",
    "returned",
    "entered",
    "shown",
    "left",
    "ended",
    "branched",
]


class TranscriptDetails(TypedDict, total=False):
    """What an entry of the transcript says besides when, what and in which script; each event its own."""

    step: str
    version: int  # started, entered: the version pinned
    answer: str  # answered: the option chosen
    value: Value  # answered: the field's value, or an "other" answer's words
    field: str  # answered: the field the answer went into
    objection: str
    kind: str  # shown: the step's kind
    text: str  # shown, ended: the words as rendered
    outcome: str | None  # left, ended
    rule: str  # branched: the condition taken, or "else"
    next: str  # branched


class TranscriptEntry(TranscriptDetails):
    at: str
    event: Event
    script: str


#: What a frame of a run's stack is: an objection (resume its step) or a sub-script (continue after its step).
FrameKind = Literal["objection", "subscript"]


class FrameData(TypedDict):
    kind: FrameKind
    slug: str
    version: int
    step: str


class Snapshot(TypedDict):
    """Where a run stood before an answer, so that `back` takes it back."""

    step: str
    at_slug: str
    at_version: int
    fields: dict[str, Value]
    stack: list[FrameData]


class StateData(TypedDict):
    """A `RunState` as plain data (`RunState.to_dict`)."""

    slug: str
    version: int
    step: str
    at_slug: str
    at_version: int
    context: dict[str, Any]
    fields: dict[str, Value]
    stack: list[FrameData]
    transcript: list[TranscriptEntry]
    history: list[Snapshot]
    outcome: str | None
    outcome_slug: str | None
    started_at: str
    finished_at: str | None


class FieldSpec(TypedDict):
    """An open question's typed field, for the operator's input."""

    name: str
    type: str
    label: str
    required: bool
    min: float | None
    max: float | None
    choices: list[str]


class EmailOffer(TypedDict):
    """An email step's template, filled in with what the run knows."""

    template: str
    subject: str
    body: str
    sender: str | None
    attachments: list[str]
    missing: list[str]


class TransferTarget(TypedDict):
    queue: str
    mode: TransferMode


class KbLink(TypedDict):
    id: str
    title: str
    body: str


@dataclass
class Frame:
    kind: FrameKind  # "objection" (resume `step`) or "subscript" (continue after the sub-script step `step`)
    slug: str
    version: int
    step: str


@dataclass
class RunState:
    slug: str
    version: int
    step: str  # current step in the script on top (slug/version below)
    at_slug: str
    at_version: int
    context: dict[str, Any]
    fields: dict[str, Value] = field(default_factory=dict)
    stack: list[Frame] = field(default_factory=list)
    transcript: list[TranscriptEntry] = field(default_factory=list)
    history: list[Snapshot] = field(default_factory=list)
    outcome: str | None = None
    outcome_slug: str | None = None
    started_at: str = ""
    finished_at: str | None = None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def to_dict(self) -> StateData:
        """Plain data (what `dataclasses.asdict` gives), without deep-copying: transcript entries and undo
        snapshots are never changed once made, so they are shared. Copying them all (`asdict`) cost
        milliseconds on every save of a long run, most of a script answer's CPU."""
        return {
            "slug": self.slug,
            "version": self.version,
            "step": self.step,
            "at_slug": self.at_slug,
            "at_version": self.at_version,
            "context": self.context,
            "fields": dict(self.fields),
            "stack": [
                {"kind": f.kind, "slug": f.slug, "version": f.version, "step": f.step} for f in self.stack
            ],
            "transcript": list(self.transcript),
            "history": list(self.history),
            "outcome": self.outcome,
            "outcome_slug": self.outcome_slug,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunState:
        """The state of `data`, in containers of its own: changing it never changes `data` in place (the
        stored row then sees the change when the new state is saved)."""
        values = dict(data)
        values["stack"] = [Frame(**frame) for frame in values.get("stack", [])]
        values["fields"] = dict(values.get("fields", {}))
        values["transcript"] = list(values.get("transcript", []))
        values["history"] = list(values.get("history", []))
        return cls(**values)


@dataclass(frozen=True)
class StepView:
    """What the operator sees now."""

    slug: str
    step: str
    kind: str
    text: str
    #: `text` for the screen: the words, and a prompt to ask for each placeholder that has no value.
    parts: list[SayPart]
    hint: str | None
    options: list[str]
    #: Options that also take the customer's own words; answer them as "Label: the words".
    open_options: list[str]
    field: FieldSpec | None
    email: EmailOffer | None
    transfer: TransferTarget | None
    kb: list[KbLink]
    objections: list[str]
    can_go_back: bool
    finished: bool
    outcome: str | None
    outcome_label: str | None
    success: bool | None
    fields: dict[str, Value]
    #: The label of each field the script declares (and the sub-script the run is in), for showing `fields`.
    labels: dict[str, str]


class Runner:
    def __init__(self, library: ScriptLibrary, clock: Clock) -> None:
        self.library = library
        self.clock = clock

    # -- starting and looking -------------------------------------------------------------------------------
    def start(
        self, slug: str, context: Mapping[str, Any], version: int | None = None, at: str | None = None
    ) -> RunState:
        """Start a run; `at` starts it from another step (authors rehearsing a part of a script)."""
        script, pinned = self.library.get(slug, version)
        if at is not None and at not in script.steps:
            raise NoSuchStep(f"script {slug!r} has no step {at!r}")
        state = RunState(
            slug=slug,
            version=pinned,
            step=at or script.start,
            at_slug=slug,
            at_version=pinned,
            context=dict(context),
            started_at=self._now(),
        )
        self._log(state, "started", version=pinned)
        self._settle(state)
        return state

    def view(self, state: RunState) -> StepView:
        script = self._script(state)
        step = script.step(state.step)
        values = self._values(state, script)
        outcome = None
        if state.finished and state.outcome:
            final, _ = self.library.get(state.outcome_slug or state.slug, state.version)
            outcome = final.outcomes.get(state.outcome)
        labels = {name: f.label for name, f in script.fields.items()}
        if state.at_slug != state.slug:  # in a sub-script: the caller's fields are shown too
            caller, _ = self.library.get(state.slug, state.version)
            labels = {**{name: f.label for name, f in caller.fields.items()}, **labels}
        return StepView(
            slug=state.at_slug,
            step=step.id,
            kind=step.kind.value,
            text=render(step.text, values),
            parts=say_parts(step.text, values, labels),
            hint=step.hint,
            options=[o.answer for o in step.options],
            open_options=[o.answer for o in step.options if o.field],
            field=self._field_view(script, step),
            email=self._email_view(script, step, values),
            transfer={"queue": step.transfer.queue, "mode": step.transfer.mode} if step.transfer else None,
            kb=[
                {"id": k, "title": script.kb[k].title, "body": script.kb[k].body}
                for k in step.kb
                if k in script.kb
            ],
            objections=[o.label for o in script.objections] if not state.finished else [],
            can_go_back=bool(state.history) and not state.finished,
            finished=state.finished,
            outcome=state.outcome,
            outcome_label=outcome.label if outcome else None,
            success=outcome.success if outcome else None,
            fields=dict(state.fields),
            labels=labels,
        )

    # -- acting ---------------------------------------------------------------------------------------------
    def answer(self, state: RunState, answer: str | None = None) -> RunState:
        """Answer the current step: an option label (or 1-based number) of a closed question, a field value
        of an open question, nothing for a statement, email or transfer (the operator goes on)."""
        if state.finished:
            raise RunFinished("the run has already ended")
        script = self._script(state)
        step = script.step(state.step)
        snapshot = self._snapshot(state)
        if step.kind == StepKind.QUESTION:
            option, other = self._pick(step, answer)
            if option.field:
                if not other:
                    raise InvalidAnswer(
                        f"{option.answer!r} needs the customer's words",
                        step=step.id,
                        reason="answer-needs-words",
                        answer=option.answer,
                    )
                self._store(state, script, option.field, other, step)
            if step.field:  # the question's own field takes the chosen answer
                self._store_answer(state, script, step, step.field, option)
                self._log(
                    state, "answered", step=step.id, answer=option.answer, value=other, field=step.field
                )
            else:
                self._log(state, "answered", step=step.id, answer=option.answer, value=other)
            self._go(state, option.next)
        elif step.kind == StepKind.INPUT and step.field:
            value = self._store(state, script, step.field, answer, step)
            self._log(state, "answered", step=step.id, field=step.field, value=value)
            self._go(state, step.next or "")
        else:
            self._log(state, "proceeded", step=step.id)
            self._go(state, step.next or "")
        self._remember(state, snapshot)
        self._settle(state)
        return state

    proceed = answer

    def back(self, state: RunState) -> RunState:
        if not state.history or state.finished:
            raise NothingToUndo("there is no answer to take back")
        snapshot = state.history.pop()
        state.step, state.at_slug, state.at_version = (
            snapshot["step"],
            snapshot["at_slug"],
            snapshot["at_version"],
        )
        state.fields = snapshot["fields"]
        state.stack = [Frame(**frame) for frame in snapshot["stack"]]
        self._log(state, "back", step=state.step)
        return state

    def objection(self, state: RunState, label_or_number: str) -> RunState:
        if state.finished:
            raise RunFinished("the run has already ended")
        script = self._script(state)
        chosen = self._match(label_or_number, [o.label for o in script.objections])
        if chosen is None:
            raise NoSuchObjection(
                f"no objection {label_or_number!r}; known: " + ", ".join(o.label for o in script.objections)
            )
        objection = script.objections[chosen]
        self._remember(state, self._snapshot(state))
        state.stack.append(Frame("objection", state.at_slug, state.at_version, state.step))
        self._log(state, "objection", step=state.step, objection=objection.label)
        self._go(state, objection.goto)
        self._settle(state)
        return state

    # -- internals ------------------------------------------------------------------------------------------
    def _now(self) -> str:
        return self.clock().isoformat()

    def _log(self, state: RunState, event: Event, **details: Unpack[TranscriptDetails]) -> None:
        state.transcript.append({"at": self._now(), "event": event, "script": state.at_slug, **details})

    def _script(self, state: RunState) -> Script:
        return self.library.get(state.at_slug, state.at_version)[0]

    @staticmethod
    def _remember(state: RunState, snapshot: Snapshot) -> None:
        state.history.append(snapshot)
        del state.history[:-MAX_UNDO]

    def _snapshot(self, state: RunState) -> Snapshot:
        return {
            "step": state.step,
            "at_slug": state.at_slug,
            "at_version": state.at_version,
            "fields": copy.deepcopy(state.fields),
            "stack": [
                {"kind": f.kind, "slug": f.slug, "version": f.version, "step": f.step} for f in state.stack
            ],
        }

    def _values(self, state: RunState, script: Script) -> dict[str, Any]:
        values: dict[str, Any] = {
            k: v for k, v in state.context.items() if k in ("customer", "contact", "agent", "company")
        }
        values.update(state.fields)
        for name, spec in script.fields.items():  # dates are read out in the script's language
            if spec.type is FieldType.DATE and name in values:
                values[name] = spoken_date(values[name], script.language)
        values.setdefault("company", state.context.get("company", ""))
        values.setdefault("today", spoken_date(self.clock().date().isoformat(), script.language))
        return values

    def _store(self, state: RunState, script: Script, name: str, raw: str | None, step: Step) -> Value:
        spec = script.fields.get(name)
        if spec is None:
            raise ScriptBroken(f"step {step.id!r} captures unknown field {name!r}")
        try:
            value = coerce(spec, raw)
        except AnswerRefused as refused:
            raise InvalidAnswer(
                str(refused), step=step.id, field=name, reason=refused.reason, **refused.params
            ) from None
        state.fields[name] = value
        return value

    @staticmethod
    def _store_answer(state: RunState, script: Script, step: Step, name: str, option: Option) -> None:
        """A closed question's `field` takes the chosen option's answer, as its field declares it (a choice
        field's choice). An "other" answer's label is stored when the field takes it; when it does not (a
        choice field without that choice), the field is cleared: the customer's words are in the option's
        own field."""
        spec = script.fields.get(name)
        if spec is None:
            raise ScriptBroken(f"step {step.id!r} stores its answer in unknown field {name!r}")
        try:
            state.fields[name] = coerce(spec, option.answer)
        except AnswerRefused:
            if not option.field:
                raise ScriptBroken(
                    f"step {step.id!r}: answer {option.answer!r} does not fit field {name!r}"
                ) from None
            state.fields[name] = None

    @staticmethod
    def _match(answer: str, labels: list[str]) -> int | None:
        text = answer.strip()
        if text.isascii() and text.isdigit() and 1 <= int(text) <= len(labels):
            return int(text) - 1
        for index, label in enumerate(labels):
            if label.strip().casefold() == text.casefold():
                return index
        return None

    def _pick(self, step: Step, answer: str | None) -> tuple[Any, str | None]:
        """The chosen option, and the free text of an 'other' answer written as `Other: words`."""
        raw = (answer or "").strip()
        labels = [o.answer for o in step.options]
        index = self._match(raw, labels)
        other = None
        if index is None and ":" in raw:
            head, _, tail = raw.partition(":")
            index, other = self._match(head, labels), tail.strip()
        if index is None:
            choices = ", ".join(labels)
            raise InvalidAnswer(
                f"{raw!r} is not an answer here; choose one of: {choices}",
                step=step.id,
                reason="answer-not-an-option",
                value=raw,
                choices=choices,
            )
        return step.options[index], other

    def _go(self, state: RunState, target: str) -> None:
        if target == RETURN:
            while state.stack and state.stack[-1].kind != "objection":
                state.stack.pop()
            if not state.stack:
                raise ScriptBroken("'return' outside an objection handler")
            frame = state.stack.pop()
            state.at_slug, state.at_version, state.step = frame.slug, frame.version, frame.step
            self._log(state, "returned", step=frame.step)
            return
        state.step = target

    def _settle(self, state: RunState) -> None:
        """Take automatic steps until one needs the operator or the run ends."""
        for _ in range(MAX_AUTO_STEPS):
            script = self._script(state)
            if state.step not in script.steps:
                raise ScriptBroken(f"step {state.step!r} does not exist in {script.slug!r}")
            step = script.step(state.step)
            if step.kind == StepKind.BRANCH:
                self._go(state, self._choose_rule(state, script, step))
            elif step.kind == StepKind.SUBSCRIPT and step.script:
                if len(state.stack) >= MAX_DEPTH:
                    raise ScriptBroken("sub-scripts nest too deeply")
                child, version = self.library.get(step.script)
                state.stack.append(Frame("subscript", state.at_slug, state.at_version, step.id))
                state.at_slug, state.at_version, state.step = child.slug, version, child.start
                self._log(state, "entered", step=step.id, version=version)
            elif step.kind == StepKind.END:
                if not self._leave_subscript(state, step):
                    self._finish(state, script, step)
                    return
            else:
                self._log(
                    state,
                    "shown",
                    step=step.id,
                    kind=step.kind.value,
                    text=render(step.text, self._values(state, script)),
                )
                return
        raise ScriptBroken("the script loops through automatic steps without stopping")

    def _leave_subscript(self, state: RunState, step: Step) -> bool:
        frames = [f for f in state.stack if f.kind == "subscript"]
        if not frames:
            return False
        while state.stack[-1].kind != "subscript":
            state.stack.pop()  # an objection begun inside the sub-script ends with it
        frame = state.stack.pop()
        parent = self.library.get(frame.slug, frame.version)[0]
        call = parent.step(frame.step)
        self._log(state, "left", step=step.id, outcome=step.end)
        state.at_slug, state.at_version = frame.slug, frame.version
        self._go(state, dict(call.on_outcome).get(step.end or "", call.next or ""))
        return True

    def _finish(self, state: RunState, script: Script, step: Step) -> None:
        state.outcome, state.outcome_slug = step.end, script.slug
        state.finished_at = self._now()
        text = render(step.text, self._values(state, script)) if step.text else ""
        self._log(state, "ended", step=step.id, outcome=step.end, text=text)

    def _choose_rule(self, state: RunState, script: Script, step: Step) -> str:
        env: dict[str, Any] = self._values(state, script)
        for name, value in state.fields.items():
            env[name] = for_expressions(script.fields.get(name), value)
        env["today"] = self.clock().date()
        for rule in step.branch:
            if rule.condition is None:
                self._log(state, "branched", step=step.id, rule="else", next=rule.next)
                return rule.next
            try:
                taken = parse(rule.condition).evaluate_bool(env)
            except ExpressionError as problem:
                raise ScriptBroken(
                    f"step {step.id!r}: condition {rule.condition!r}: {problem.message}"
                ) from None
            if taken:
                self._log(state, "branched", step=step.id, rule=rule.condition, next=rule.next)
                return rule.next
        raise ScriptBroken(f"step {step.id!r}: no rule matched and there is no else")

    @staticmethod
    def _field_view(script: Script, step: Step) -> FieldSpec | None:
        spec = script.fields.get(step.field or "") if step.kind == StepKind.INPUT else None
        if spec is None:
            return None
        return {
            "name": spec.name,
            "type": spec.type.value,
            "label": spec.label,
            "required": spec.required,
            "min": spec.min,
            "max": spec.max,
            "choices": list(spec.choices),
        }

    @staticmethod
    def _email_view(script: Script, step: Step, values: Mapping[str, Any]) -> EmailOffer | None:
        template = script.emails.get(step.email or "") if step.kind == StepKind.EMAIL else None
        if template is None:
            return None
        subject, missing = fill(template.subject, values)
        body, missing_in_body = fill(template.body, values, markup.escape)  # values stay literal text
        return {
            "template": template.id,
            "subject": subject,
            "body": body,
            "sender": template.sender,
            "attachments": list(template.attachments),
            # Placeholders without a value stay `{{ name }}`: the operator fills them in before sending.
            "missing": list(dict.fromkeys([*missing, *missing_in_body])),
        }
