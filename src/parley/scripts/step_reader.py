"""Reading a script's steps: a step's kind from its keys, its options, branch rules, transfer and outcome
links, each problem reported with its line."""

from __future__ import annotations

from typing import Any, get_args

from parley.scripts.document import Path
from parley.scripts.model import (
    Option,
    Rule,
    Step,
    StepKind,
    Transfer,
    TransferMode,
    new_option,
    new_rule,
    new_step,
)
from parley.scripts.reader import IDENTIFIER, MAX_TEXT, Reader

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
MAX_ANSWER = 300
MAX_CONDITION = 2_000
_KIND_KEY_SET = frozenset(KIND_KEYS)
_OPTIONAL_TEXTS = ("text", "hint", "next", "field", "email", "script", "end")  # read in this order
_TEXT_KEYS = frozenset(_OPTIONAL_TEXTS)
_OPTION_KEYS = {"answer", "next", "field"}
_RULE_KEYS = {"if", "next"}
_LEADS_ON_ITSELF = frozenset({StepKind.QUESTION, StepKind.BRANCH, StepKind.END})  # not through 'next'
_SPEAKS = frozenset({StepKind.STATEMENT, StepKind.QUESTION, StepKind.INPUT})


class StepReader(Reader):
    def steps(self, data: dict[str, Any]) -> dict[str, Step]:
        nodes = self.mapping(data.get("nodes"), ("nodes",), "nodes")
        if nodes is None:
            self.report((), "missing-key", "'nodes' is required", params={"key": "nodes"})
            return {}
        result = {}
        valid_id = IDENTIFIER.fullmatch
        for step_id, spec in nodes.items():
            path: Path = ("nodes", step_id)
            if not valid_id(step_id) or step_id == "return":
                self.report(
                    path,
                    "bad-step-id",
                    "step ids are letters, digits, '_' or '-' (not 'return')",
                    step_id,
                    params={"step": step_id},
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
        if "options" in kind_keys and "field" in kind_keys:
            kind_keys = kind_keys - {"field"}  # a closed question may store its chosen answer in a field
        broken = len(kind_keys) > 1
        if not kind_keys:
            kind = StepKind.STATEMENT
        elif not broken:
            kind = KIND_KEYS[next(iter(kind_keys))]
        else:
            kinds = [key for key in KIND_KEYS if key in kind_keys]
            self.report(
                path,
                "two-kinds",
                f"a step has one kind, but this has {' and '.join(kinds)}",
                step_id,
                params={"kinds": ", ".join(kinds)},
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
            self.report(
                path,
                "missing-next",
                f"a {kind.value} step needs 'next'",
                step.id,
                params={"kind": kind.value},
            )
        if not needs_next and "next" in spec:
            self.report(
                (*path, "next"),
                "unexpected-next",
                f"a {kind.value} step leads on through its "
                f"{ {'question': 'options', 'branch': 'rules', 'end': 'outcome'}[kind.value] }, "
                "not 'next'",
                step.id,
                params={"kind": kind.value},
            )
        if kind in _SPEAKS and not step.text.strip():
            self.report(
                path,
                "missing-text",
                f"a {kind.value} step needs 'text'",
                step.id,
                params={"kind": kind.value},
            )
        if "on" in spec and kind is not StepKind.SUBSCRIPT:
            self.report(
                (*path, "on"),
                "unexpected-key",
                "'on' belongs on a sub-script step",
                step.id,
                params={"key": "on"},
            )

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
            self.report(
                (*path, "transfer"),
                "missing-key",
                "transfer needs {queue, mode}",
                step_id,
                params={"key": "transfer"},
            )
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
                params={"mode": mode},
            )
            mode = "blind"
        return Transfer(queue, mode)  # type: ignore[arg-type]

    def on_outcome(self, spec: dict[str, Any], path: Path, step_id: str) -> tuple[tuple[str, str], ...]:
        mapping = self.mapping(spec.get("on"), (*path, "on"), "'on'", step_id) or {}
        result = []
        for outcome, target in mapping.items():
            text = self.doc.text((*path, "on", outcome), target)
            if text is None:
                self.report(
                    (*path, "on", outcome),
                    "bad-outcome-target",
                    "'on' maps outcomes to step ids",
                    step_id,
                    params={"outcome": str(outcome)},
                )
            else:
                result.append((outcome, text))
        return tuple(result)
