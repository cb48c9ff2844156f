"""Builds a Script from a YAML/JSON document, reporting every structural problem with its line.

The shape is documented in docs/script-format.md and docs/script.schema.json. A step's kind follows from its
keys: options / field / branch / email / transfer / script / end; otherwise it is a statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, get_args

from parley.scripts.diagnostics import Diagnostic, Severity
from parley.scripts.document import Document, Path, read_document
from parley.scripts.model import (
    Direction,
    EmailTemplate,
    FieldDef,
    FieldType,
    KbArticle,
    Note,
    Objection,
    Option,
    Outcome,
    Rule,
    Script,
    Step,
    StepKind,
    Transfer,
    TransferMode,
    new_option,
    new_rule,
    new_step,
)

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,79}$")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")

TOP_KEYS = {
    "slug",
    "name",
    "language",
    "start",
    "direction",
    "description",
    "tags",
    "fields",
    "outcomes",
    "objections",
    "nodes",
    "emails",
    "kb",
    "notes",
}
STEP_KEYS = {
    "text",
    "hint",
    "kb",
    "next",
    "options",
    "field",
    "branch",
    "email",
    "transfer",
    "script",
    "on",
    "end",
}
KIND_KEYS = {
    "options": StepKind.QUESTION,
    "field": StepKind.INPUT,
    "branch": StepKind.BRANCH,
    "email": StepKind.EMAIL,
    "transfer": StepKind.TRANSFER,
    "script": StepKind.SUBSCRIPT,
    "end": StepKind.END,
}
FIELD_KEYS = {"type", "label", "required", "min", "max", "choices", "max_length", "customer_field"}
LANGUAGES = ("en", "vi")
MAX_TEXT = 5_000
MAX_ANSWER = 300
MAX_CONDITION = 2_000

_KIND_KEY_SET = frozenset(KIND_KEYS)
_OPTIONAL_TEXTS = ("text", "hint", "next", "field", "email", "script", "end")  # read in this order
_TEXT_KEYS = frozenset(_OPTIONAL_TEXTS)
_OPTION_KEYS = {"answer", "next", "field"}
_RULE_KEYS = {"if", "next"}
_LEADS_ON_ITSELF = frozenset({StepKind.QUESTION, StepKind.BRANCH, StepKind.END})  # not through 'next'
_SPEAKS = frozenset({StepKind.STATEMENT, StepKind.QUESTION, StepKind.INPUT})


@dataclass
class LoadResult:
    script: Script | None
    diagnostics: list[Diagnostic]
    document: Document


class _Builder:
    def __init__(self, document: Document) -> None:
        self.doc = document
        self.diagnostics = document.diagnostics
        self.lines = document.lines

    def report(
        self, path: Path, code: str, message: str, step: str | None = None, severity: Severity = "error"
    ) -> None:
        prefix = f"step {step!r}: " if step else ""
        self.diagnostics.append(Diagnostic(severity, code, prefix + message, self.doc.line(path), step))

    def text(
        self,
        data: dict[str, Any],
        key: str,
        path: Path,
        *,
        required: bool = False,
        step: str | None = None,
        limit: int = MAX_TEXT,
    ) -> str | None:
        value = data.get(key)
        if type(value) is str and len(value) <= limit:
            return value  # the common case, checked first: large scripts read hundreds of thousands of these
        if value is None:
            if required:
                self.report(path, "missing-key", f"{key!r} is required", step)
            return None
        value = self.doc.text((*path, key), value)
        if value is None:
            self.report((*path, key), "wrong-type", f"{key!r} must be text", step)
            return None
        if len(value) > limit:
            self.report((*path, key), "too-long", f"{key!r} is longer than {limit} characters", step)
        return value

    def mapping(self, value: Any, path: Path, what: str, step: str | None = None) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.report(path, "wrong-type", f"{what} must be a mapping", step)
            return None
        return value

    def sequence(self, value: Any, path: Path, what: str, step: str | None = None) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.report(path, "wrong-type", f"{what} must be a list", step)
            return []
        return value

    def unknown_keys(
        self, data: dict[str, Any], allowed: set[str], path: Path, what: str, step: str | None = None
    ) -> None:
        for key in data:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.report(
                    (*path, key), "unknown-key", f"unknown key {key!r} in {what} (known: {hint})", step
                )

    def build(self) -> Script | None:
        data = self.doc.data
        if not isinstance(data, dict):
            if data is not None:
                self.report((), "wrong-type", "a script must be a mapping with slug, name, start and nodes")
            return None
        self.unknown_keys(data, TOP_KEYS, (), "the script")
        slug = self.text(data, "slug", (), required=True) or ""
        if slug and not SLUG.fullmatch(slug):
            self.report(("slug",), "bad-slug", f"slug {slug!r} must be lowercase letters, digits and '-'")
        name = self.text(data, "name", (), required=True, limit=200) or slug
        language = self.text(data, "language", ()) or "en"
        if language not in LANGUAGES:
            self.report(("language",), "bad-language", f"language must be one of {', '.join(LANGUAGES)}")
        direction = self.text(data, "direction", ()) or "inbound"
        if direction not in get_args(Direction):
            self.report(("direction",), "bad-direction", "direction must be inbound or outbound")
            direction = "inbound"
        start = self.text(data, "start", (), required=True) or ""
        tags = tuple(
            t
            for i, t in enumerate(self.sequence(data.get("tags"), ("tags",), "tags"))
            if self.doc.text(("tags", i), t)
        )
        steps = self.steps(data)
        return Script(
            slug=slug,
            name=name,
            language=language,
            start=start,
            steps=steps,
            direction=direction,  # type: ignore[arg-type]
            description=self.text(data, "description", ()) or "",
            fields=self.fields(data),
            outcomes=self.outcomes(data),
            objections=self.objections(data),
            emails=self.emails(data),
            kb=self.kb(data),
            notes=self.notes(data),
            tags=tuple(str(t) for t in tags),
            key_lines={key: line for key in data if (line := self.doc.lines.get((key,))) is not None},
        )

    def fields(self, data: dict[str, Any]) -> dict[str, FieldDef]:
        result: dict[str, FieldDef] = {}
        for name, spec in (self.mapping(data.get("fields"), ("fields",), "fields") or {}).items():
            path: Path = ("fields", name)
            if not FIELD_NAME.fullmatch(name):
                self.report(
                    path, "bad-field-name", f"field name {name!r} must be lowercase letters, digits, '_'"
                )
            spec = self.mapping(spec, path, f"field {name!r}") or {}
            self.unknown_keys(spec, FIELD_KEYS, path, f"field {name!r}")
            kind = self.text(spec, "type", path) or "text"
            if kind not in FieldType.__members__.values():
                self.report(
                    (*path, "type"),
                    "bad-field-type",
                    f"field {name!r}: type must be one of {', '.join(t.value for t in FieldType)}",
                )
                kind = "text"
            bounds = {}
            for key in ("min", "max", "max_length"):
                value = spec.get(key)
                if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                    self.report((*path, key), "wrong-type", f"field {name!r}: {key} must be a number")
                elif value is not None:
                    bounds[key] = value
            choices = self.sequence(spec.get("choices"), (*path, "choices"), f"field {name!r} choices")
            result[name] = FieldDef(
                name=name,
                type=FieldType(kind),
                label=self.text(spec, "label", path, limit=200) or name,
                required=spec.get("required") is True,
                min=bounds.get("min"),
                max=bounds.get("max"),
                choices=tuple(
                    self.doc.text((*path, "choices", i), c) or str(c) for i, c in enumerate(choices)
                ),
                max_length=int(bounds["max_length"]) if "max_length" in bounds else None,
                customer_field=self.text(spec, "customer_field", path, limit=64),
                line=self.doc.line(path),
            )
        return result

    def outcomes(self, data: dict[str, Any]) -> dict[str, Outcome]:
        result: dict[str, Outcome] = {}
        for key, spec in (self.mapping(data.get("outcomes"), ("outcomes",), "outcomes") or {}).items():
            path: Path = ("outcomes", key)
            spec = self.mapping(spec, path, f"outcome {key!r}") or {}
            self.unknown_keys(spec, {"label", "success"}, path, f"outcome {key!r}")
            if "success" in spec and not isinstance(spec["success"], bool):
                self.report(
                    (*path, "success"), "wrong-type", f"outcome {key!r}: success must be true or false"
                )
            result[key] = Outcome(
                key,
                self.text(spec, "label", path, limit=200) or key,
                spec.get("success") is True,
                self.doc.line(path),
            )
        return result

    def objections(self, data: dict[str, Any]) -> tuple[Objection, ...]:
        result = []
        for index, spec in enumerate(self.sequence(data.get("objections"), ("objections",), "objections")):
            path: Path = ("objections", index)
            spec = self.mapping(spec, path, "an objection") or {}
            self.unknown_keys(spec, {"label", "goto"}, path, "an objection")
            label = self.text(spec, "label", path, required=True, limit=200)
            goto = self.text(spec, "goto", path, required=True)
            if label and goto:
                result.append(Objection(label, goto, self.doc.line(path)))
        return tuple(result)

    def emails(self, data: dict[str, Any]) -> dict[str, EmailTemplate]:
        result = {}
        for key, spec in (self.mapping(data.get("emails"), ("emails",), "emails") or {}).items():
            path: Path = ("emails", key)
            spec = self.mapping(spec, path, f"email template {key!r}") or {}
            self.unknown_keys(
                spec, {"subject", "body", "sender", "attachments"}, path, f"email template {key!r}"
            )
            attachments = self.sequence(spec.get("attachments"), (*path, "attachments"), "attachments")
            result[key] = EmailTemplate(
                key,
                self.text(spec, "subject", path, required=True, limit=300) or "",
                self.text(spec, "body", path, required=True, limit=50_000) or "",
                self.text(spec, "sender", path, limit=320),
                tuple(str(a) for a in attachments),
                self.doc.line(path),
            )
        return result

    def notes(self, data: dict[str, Any]) -> tuple[Note, ...]:
        result = []
        for index, spec in enumerate(self.sequence(data.get("notes"), ("notes",), "notes")):
            path: Path = ("notes", index)
            spec = self.mapping(spec, path, "a note") or {}
            self.unknown_keys(spec, {"text", "step"}, path, "a note")
            text = self.text(spec, "text", path, required=True, limit=2_000)
            if text is not None:
                result.append(Note(text, self.text(spec, "step", path), self.doc.line(path)))
        return tuple(result)

    def kb(self, data: dict[str, Any]) -> dict[str, KbArticle]:
        result = {}
        for key, spec in (self.mapping(data.get("kb"), ("kb",), "kb") or {}).items():
            path: Path = ("kb", key)
            spec = self.mapping(spec, path, f"kb article {key!r}") or {}
            self.unknown_keys(spec, {"title", "body"}, path, f"kb article {key!r}")
            result[key] = KbArticle(
                key,
                self.text(spec, "title", path, required=True, limit=200) or key,
                self.text(spec, "body", path, required=True, limit=50_000) or "",
                self.doc.line(path),
            )
        return result

    def steps(self, data: dict[str, Any]) -> dict[str, Step]:
        nodes = self.mapping(data.get("nodes"), ("nodes",), "nodes")
        if nodes is None:
            self.report((), "missing-key", "'nodes' is required")
            return {}
        result = {}
        valid_id = IDENTIFIER.fullmatch
        for step_id, spec in nodes.items():
            path: Path = ("nodes", step_id)
            if not valid_id(step_id) or step_id == "return":
                self.report(
                    path, "bad-step-id", "step ids are letters, digits, '_' or '-' (not 'return')", step_id
                )
            if type(spec) is dict or self.mapping(spec, path, "a step", step_id) is not None:
                result[step_id] = self.step(step_id, spec, path)
        return result

    # A 5,000-step script builds 5,000 of these: the well-formed case (every key known, texts short text) is
    # decided with a few set operations, and anything else takes the checking path that reports it.
    def step(self, step_id: str, spec: dict[str, Any], path: Path) -> Step:
        keys = spec.keys()
        if not keys <= STEP_KEYS:
            self.unknown_keys(spec, STEP_KEYS, path, "a step", step_id)
        kind_keys = keys & _KIND_KEY_SET
        broken = len(kind_keys) > 1
        if not kind_keys:
            kind = StepKind.STATEMENT
        elif not broken:
            kind = KIND_KEYS[next(iter(kind_keys))]
        else:
            kinds = [key for key in KIND_KEYS if key in spec]
            if set(kinds) == {"options", "field"}:
                self.report(
                    (*path, "field"),
                    "two-kinds",
                    "'field' on a closed question belongs on an option (an 'other' answer)",
                    step_id,
                )
            else:
                self.report(
                    path, "two-kinds", f"a step has one kind, but this has {' and '.join(kinds)}", step_id
                )
            kind = KIND_KEYS[kinds[0]]
        kb_ids = self.sequence(spec.get("kb"), (*path, "kb"), "kb", step_id) if "kb" in spec else ()
        get = spec.get
        text, hint, target, field, email, script, end = map(get, _OPTIONAL_TEXTS)
        for key, value in spec.items():
            if value is not None and key in _TEXT_KEYS and (type(value) is not str or len(value) > MAX_TEXT):
                # An absent optional key reads as None, with nothing to report; the others are checked.
                text, hint, target, field, email, script, end = (
                    self.text(spec, key, path, step=step_id) if key in spec else None
                    for key in _OPTIONAL_TEXTS
                )
                break
        line = self.lines.get(path)
        step = new_step(
            step_id,
            kind,
            text or "",
            hint,
            tuple(map(str, kb_ids)) if kb_ids else (),
            target,
            self.options(spec, path, step_id) if kind is StepKind.QUESTION else (),
            field,
            self.rules(spec, path, step_id) if kind is StepKind.BRANCH else (),
            email,
            self.transfer(spec, path, step_id) if kind is StepKind.TRANSFER else None,
            script,
            self.on_outcome(spec, path, step_id) if "on" in spec else (),
            end,
            line if line is not None else self.doc.line(path),
            self.lines,
            broken,
        )
        if not broken:
            self.required_keys(step, spec, path)
        return step

    def required_keys(self, step: Step, spec: dict[str, Any], path: Path) -> None:
        kind = step.kind
        needs_next = kind not in _LEADS_ON_ITSELF
        if needs_next and not step.next:
            self.report(path, "missing-next", f"a {kind.value} step needs 'next'", step.id)
        if not needs_next and "next" in spec:
            self.report(
                (*path, "next"),
                "unexpected-next",
                f"a {kind.value} step leads on through its "
                f"{ {'question': 'options', 'branch': 'rules', 'end': 'outcome'}[kind.value] }, "
                "not 'next'",
                step.id,
            )
        if kind in _SPEAKS and not step.text.strip():
            self.report(path, "missing-text", f"a {kind.value} step needs 'text'", step.id)
        if "on" in spec and kind is not StepKind.SUBSCRIPT:
            self.report((*path, "on"), "unexpected-key", "'on' belongs on a sub-script step", step.id)

    def options(self, spec: dict[str, Any], path: Path, step_id: str) -> tuple[Option, ...]:
        raw = self.sequence(spec.get("options"), (*path, "options"), "options", step_id)
        if not raw:
            self.report(
                (*path, "options"), "no-options", "a closed question needs at least one option", step_id
            )
        result = []
        lines = self.lines
        for index, item in enumerate(raw):
            item_path: Path = (*path, "options", index)
            if (
                type(item) is dict
                and item.keys() <= _OPTION_KEYS
                and type(answer := item.get("answer")) is str
                and len(answer) <= MAX_ANSWER
                and type(target := item.get("next")) is str
                and len(target) <= MAX_TEXT
                and ((field := item.get("field")) is None or (type(field) is str and len(field) <= MAX_TEXT))
            ):
                line = lines.get(item_path)
                result.append(
                    new_option(answer, target, field, line if line is not None else self.doc.line(item_path))
                )
                continue
            item = self.mapping(item, item_path, "an option", step_id) or {}
            self.unknown_keys(item, _OPTION_KEYS, item_path, "an option", step_id)
            answer = self.text(item, "answer", item_path, required=True, step=step_id, limit=MAX_ANSWER)
            target = self.text(item, "next", item_path, required=True, step=step_id)
            if answer is not None:  # kept without a target too: answers keep their positions
                result.append(
                    Option(
                        answer,
                        target or "",
                        self.text(item, "field", item_path, step=step_id),
                        self.doc.line(item_path),
                    )
                )
        return tuple(result)

    def rules(self, spec: dict[str, Any], path: Path, step_id: str) -> tuple[Rule, ...]:
        result = []
        lines = self.lines
        for index, item in enumerate(self.sequence(spec.get("branch"), (*path, "branch"), "branch", step_id)):
            item_path: Path = (*path, "branch", index)
            if type(item) is dict:  # the well-formed rule, first
                if "else" in item:
                    target = item["else"]
                    if len(item) == 1 and type(target) is str and len(target) <= MAX_TEXT:
                        if target:
                            line = lines.get(item_path)
                            result.append(
                                new_rule(None, target, line if line is not None else self.doc.line(item_path))
                            )
                        continue
                elif (
                    item.keys() <= _RULE_KEYS
                    and type(condition := item.get("if")) is str
                    and len(condition) <= MAX_CONDITION
                    and type(target := item.get("next")) is str
                    and len(target) <= MAX_TEXT
                ):
                    if_path = (*item_path, "if")
                    line = lines.get(if_path)
                    result.append(
                        new_rule(condition, target, line if line is not None else self.doc.line(if_path))
                    )
                    continue
            item = self.mapping(item, item_path, "a branch rule", step_id) or {}
            if "else" in item:
                self.unknown_keys(item, {"else"}, item_path, "an else rule", step_id)
                target = self.text(item, "else", item_path, step=step_id)
                if target:
                    result.append(Rule(None, target, self.doc.line(item_path)))
                continue
            self.unknown_keys(item, _RULE_KEYS, item_path, "a branch rule", step_id)
            condition = self.text(item, "if", item_path, required=True, step=step_id, limit=MAX_CONDITION)
            target = self.text(item, "next", item_path, required=True, step=step_id)
            if condition is not None and target is not None:
                result.append(Rule(condition, target, self.doc.line((*item_path, "if"))))
        return tuple(result)

    def transfer(self, spec: dict[str, Any], path: Path, step_id: str) -> Transfer | None:
        item = self.mapping(spec.get("transfer"), (*path, "transfer"), "transfer", step_id)
        if item is None:
            self.report((*path, "transfer"), "missing-key", "transfer needs {queue, mode}", step_id)
            return None
        self.unknown_keys(item, {"queue", "mode"}, (*path, "transfer"), "transfer", step_id)
        queue = self.text(item, "queue", (*path, "transfer"), required=True, step=step_id) or ""
        mode = self.text(item, "mode", (*path, "transfer"), step=step_id) or "blind"
        if mode not in get_args(TransferMode):
            self.report(
                (*path, "transfer", "mode"),
                "bad-transfer-mode",
                "transfer mode must be blind, consult, conference or whisper",
                step_id,
            )
            mode = "blind"
        return Transfer(queue, mode)  # type: ignore[arg-type]

    def on_outcome(self, spec: dict[str, Any], path: Path, step_id: str) -> tuple[tuple[str, str], ...]:
        mapping = self.mapping(spec.get("on"), (*path, "on"), "'on'", step_id) or {}
        result = []
        for outcome, target in mapping.items():
            text = self.doc.text((*path, "on", outcome), target)
            if text is None:
                self.report((*path, "on", outcome), "wrong-type", "'on' maps outcomes to step ids", step_id)
            else:
                result.append((outcome, text))
        return tuple(result)


def load_script(text: str) -> LoadResult:
    """Parse and build; structural problems are diagnostics (validate.py adds the semantic ones)."""
    document = read_document(text)
    script = _Builder(document).build() if document.data is not None else None
    return LoadResult(script, document.diagnostics, document)
