"""Semantic validation of a loaded script: every problem once, with its line and step.

Errors block publishing; warnings (unreachable steps, unused outcomes, etiquette) do not.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Literal

from parley.etiquette.catalog import Catalog, builtin_catalog
from parley.etiquette.matcher import PhraseMatcher
from parley.etiquette.script_checks import OutlineStep, ScriptOutline, check_script
from parley.scripts.diagnostics import Diagnostic, DiagnosticCode, Params, Severity, sort_key
from parley.scripts.email_checks import check_template
from parley.scripts.expressions import ExpressionError, parse
from parley.scripts.fileformat import LoadResult, load_script
from parley.scripts.graph import can_finish, stuck_loops, walk
from parley.scripts.model import RETURN, FieldType, Script, Step, StepKind
from parley.scripts.placeholders import PLACEHOLDER, NameProblem, unknown_name_problem

Resolver = Callable[[str], Script | None]
_Problem = tuple[DiagnosticCode, str, Params]


@dataclass
class _Checker:
    script: Script
    resolve: Resolver | None
    #: The customers' custom fields when known (then `customer.*` must name one or a card attribute).
    customer_fields: Collection[str] | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    order: list[str] = field(
        default_factory=list
    )  # reachable steps in walk order: main flow, then objections
    # Within one validation, what was found for a condition and why a name names nothing depend only on the
    # text (and the script's fields): generated and copied scripts repeat both thousands of times.
    _condition_problems: dict[str, list[_Problem]] = field(default_factory=dict)
    _name_problems: dict[str, NameProblem | None] = field(default_factory=dict)

    def add(
        self,
        code: DiagnosticCode,
        message: str,
        line: int | None,
        step: str | None = None,
        severity: Severity = "error",
        suggestion: str | None = None,
        params: Params | None = None,
    ) -> None:
        prefix = f"step {step!r}: " if step else ""
        self.diagnostics.append(
            Diagnostic(severity, code, prefix + message, line, step, suggestion, params=params or {})
        )

    def run(self) -> None:
        script = self.script
        if script.start and script.start not in script.steps:
            self.add(
                "unknown-start",
                f"start {script.start!r} is not a step",
                script.key_lines.get("start"),
                params={"start": script.start},
            )
        for objection in script.objections:
            if objection.goto not in script.steps:
                self.add(
                    "objection-unknown-step",
                    f"objection {objection.label!r} goes to unknown step {objection.goto!r}",
                    objection.line,
                    params={"objection": objection.label, "target": objection.goto},
                )
        self.check_fields()
        main_order = walk(script, [script.start])
        main = set(main_order)
        self.order = main_order + [
            s for s in walk(script, [o.goto for o in script.objections]) if s not in main
        ]
        for step in script.steps.values():
            self.check_step(step, in_main_flow=step.id in main)
        self.check_flow()
        self.check_unused()
        for note in script.notes:
            if note.step and note.step not in script.steps:
                self.add(
                    "note-unknown-step",
                    f"a note is pinned to unknown step {note.step!r}",
                    note.line,
                    severity="warning",
                    params={"target": note.step},
                )

    def check_fields(self) -> None:
        for spec in self.script.fields.values():
            if spec.min is not None and spec.max is not None and spec.min > spec.max:
                self.add(
                    "bad-field-bounds",
                    f"field {spec.name!r}: min {spec.min} is above max {spec.max}",
                    spec.line,
                    params={"field": spec.name, "min": f"{spec.min:g}", "max": f"{spec.max:g}"},
                )
            named = {"field": spec.name}
            if spec.type == FieldType.CHOICE and not spec.choices:
                message = f"field {spec.name!r} is a choice but lists no choices"
                self.add("no-choices", message, spec.line, params=named)
            if spec.type != FieldType.CHOICE and spec.choices:
                self.add(
                    "unused-choices",
                    f"field {spec.name!r}: choices apply to choice fields only",
                    spec.line,
                    severity="warning",
                    params=named,
                )
            numeric = spec.type in (FieldType.NUMBER, FieldType.TEXT)
            if not numeric and (spec.min is not None or spec.max is not None):
                self.add(
                    "unused-bounds",
                    f"field {spec.name!r}: min/max apply to number and text fields",
                    spec.line,
                    severity="warning",
                    params=named,
                )

    def target(self, step: Step, target: str, line: int | None, in_main_flow: bool) -> None:
        if not target or (target in self.script.steps and target != RETURN):
            return  # a missing target was reported where the step was read; a known step is fine
        if target == RETURN:
            if in_main_flow:
                self.add(
                    "return-outside-objection",
                    "'return' only ends an objection handler; this step is on the main flow",
                    line,
                    step.id,
                )
        elif target not in self.script.steps:
            self.add(
                "unknown-step", f"leads to unknown step {target!r}", line, step.id, params={"target": target}
            )

    def check_step(self, step: Step, in_main_flow: bool) -> None:
        script = self.script
        steps = script.steps
        target = step.next
        if target and (target not in steps or target == RETURN):  # the line is looked up for problems only
            self.target(step, target, step.key_line("next"), in_main_flow)
        for name in step.kb:
            if name not in script.kb:
                self.add(
                    "unknown-kb",
                    f"unknown knowledge-base article {name!r}",
                    step.key_line("kb"),
                    step.id,
                    params={"article": name},
                )
        if "{{" in step.text:  # no placeholder without it
            problems = self.placeholder_problems(step.text)
            if problems:
                line = step.key_line("text")
                for message, params in problems:
                    self.add("unknown-placeholder", message, line, step.id, params=params)
        if step.broken:
            return
        kind = step.kind
        if kind is StepKind.QUESTION:
            seen: set[str] = set()
            for option in step.options:
                if option.next not in steps or option.next == RETURN:
                    self.target(step, option.next, option.line, in_main_flow)
                key = option.answer.strip().casefold()
                if key in seen:
                    self.add(
                        "duplicate-answer",
                        f"answer {option.answer!r} appears twice",
                        option.line,
                        step.id,
                        params={"answer": option.answer},
                    )
                seen.add(key)
                if option.field:
                    self.check_field_ref(step, option.field, option.line, other_answer=True)
            if step.field:
                self.check_question_field(step, step.field)
        elif kind is StepKind.INPUT and step.field:
            if step.field not in script.fields:
                self.check_field_ref(step, step.field, step.key_line("field"))
        elif kind is StepKind.BRANCH:
            self.check_branch(step, in_main_flow)
        elif kind is StepKind.EMAIL and step.email not in script.emails:
            self.add(
                "unknown-email",
                f"unknown email template {step.email!r}",
                step.key_line("email"),
                step.id,
                params={"email": step.email or ""},
            )
        elif kind is StepKind.END and step.end not in script.outcomes:
            self.add(
                "unknown-outcome",
                f"ends with unknown outcome {step.end!r}",
                step.key_line("end"),
                step.id,
                params={"outcome": step.end or ""},
            )
        elif kind is StepKind.SUBSCRIPT:
            self.check_subscript(step, in_main_flow)

    def check_field_ref(self, step: Step, name: str, line: int | None, other_answer: bool = False) -> None:
        spec = self.script.fields.get(name)
        if spec is None:
            message = f"unknown field {name!r} (declare it under 'fields')"
            self.add("unknown-field", message, line, step.id, params={"field": name})
        elif other_answer and spec.type != FieldType.TEXT:
            self.add(
                "other-answer-not-text",
                f"an 'other' answer captures free text, but {name!r} is {spec.type.value}",
                line,
                step.id,
                params={"field": name, "type": spec.type.value},
            )

    def check_question_field(self, step: Step, name: str) -> None:
        """A closed question storing its chosen answer: a text field takes any answer, a choice field the
        answers among its choices (an "other" answer with a field of its own is left out)."""
        line = step.key_line("field")
        spec = self.script.fields.get(name)
        if spec is None:
            self.check_field_ref(step, name, line)
        elif spec.type not in (FieldType.TEXT, FieldType.CHOICE):
            self.add(
                "question-field-type",
                f"a closed question stores its answer in a text or choice field, but {name!r} is "
                f"{spec.type.value}",
                line,
                step.id,
                params={"field": name, "type": spec.type.value},
            )
        elif spec.type is FieldType.CHOICE and spec.choices:  # no choices at all: `no-choices` says so
            choices = {choice.casefold() for choice in spec.choices}
            for option in step.options:
                if not option.field and option.answer.strip().casefold() not in choices:
                    self.add(
                        "option-not-a-choice",
                        f"answer {option.answer!r} is not one of the choices of field {name!r}",
                        option.line,
                        step.id,
                        params={"answer": option.answer, "field": name},
                    )

    def check_branch(self, step: Step, in_main_flow: bool) -> None:
        rules = step.branch
        elses = [rule for rule in rules if rule.condition is None]
        if not elses:
            self.add(
                "branch-without-else", "a branch needs an 'else' rule as its last rule", step.line, step.id
            )
        elif rules[-1].condition is not None or len(elses) > 1:
            self.add("else-not-last", "'else' must be the one last rule of a branch", elses[0].line, step.id)
        steps = self.script.steps
        for rule in rules:
            if rule.next not in steps or rule.next == RETURN:
                self.target(step, rule.next, rule.line, in_main_flow)
            if rule.condition is None:
                continue
            problems = self._condition_problems.get(rule.condition)
            if problems is None:
                problems = self._condition_problems[rule.condition] = self.condition_problems(rule.condition)
            for code, message, params in problems:
                self.add(code, message, rule.line, step.id, params=params)

    def condition_problems(self, condition: str) -> list[_Problem]:
        """(code, message, params) of each problem of a branch condition, in the order they are reported."""
        try:
            expression = parse(condition)
        except ExpressionError as problem:
            column = problem.position + 1 if problem.position is not None else 1
            params = {**problem.params, "condition": condition, "column": column, "reason": problem.code}
            return [("bad-expression", f"condition {condition!r}: {problem.message}", params)]
        return [
            (
                "unknown-name",
                f"condition {condition!r}: {found.message}",
                {**found.params, "condition": condition, "name": name, "reason": found.reason},
            )
            for name in sorted(expression.names())
            if (found := self.name_problem(name))
        ]

    def name_problem(self, name: str) -> NameProblem | None:
        if name in self._name_problems:
            return self._name_problems[name]
        found = self._name_problems[name] = unknown_name_problem(
            name, self.script.fields, self.customer_fields
        )
        return found

    def check_subscript(self, step: Step, in_main_flow: bool) -> None:
        for _, target in step.on_outcome:
            self.target(step, target, step.key_line("on"), in_main_flow)
        if self.resolve is None or not step.script:
            return
        child = self.resolve(step.script)
        if child is None:
            self.add(
                "unknown-script",
                f"sub-script {step.script!r} does not exist (or is not published)",
                step.key_line("script"),
                step.id,
                params={"script": step.script},
            )
            return
        for outcome, _ in step.on_outcome:
            if outcome not in child.outcomes:
                self.add(
                    "subscript-unknown-outcome",
                    f"sub-script {child.slug!r} has no outcome {outcome!r}",
                    step.line,
                    step.id,
                    params={"script": child.slug, "outcome": outcome},
                )
        cycle = self.find_cycle(child, [self.script.slug])
        if cycle:
            self.add(
                "subscript-cycle",
                "sub-scripts call each other in a cycle: " + " -> ".join(cycle),
                step.line,
                step.id,
                params={"cycle": " → ".join(cycle)},
            )

    def find_cycle(self, script: Script, path: list[str]) -> list[str] | None:
        if script.slug in path:
            return [*path, script.slug]
        if len(path) > 20 or self.resolve is None:
            return None
        for step in script.steps.values():
            if step.kind == StepKind.SUBSCRIPT and step.script:
                child = self.resolve(step.script)
                found = self.find_cycle(child, [*path, script.slug]) if child else None
                if found:
                    return found
        return None

    def placeholder_problems(self, text: str, where: str = "") -> list[tuple[str, Params]]:
        """Every placeholder in `text` must name something (`where` says which email, for templates):
        the English and the parameters of each that does not."""
        return [
            (
                f"{where}placeholder {{{{ {name} }}}}: {found.message}",
                {**found.params, "placeholder": name, "reason": found.reason},
            )
            for name in PLACEHOLDER.findall(text)  # the names of find_placeholders(text), without the objects
            if (found := self.name_problem(name))
        ]

    def check_flow(self) -> None:
        script = self.script
        reachable = set(self.order)
        finishing = can_finish(script)
        for step_id, step in script.steps.items():
            if step_id not in reachable:
                self.add(
                    "unreachable",
                    "no path from the start (or an objection) leads here",
                    step.line,
                    step_id,
                    severity="warning",
                )
        stuck = [s for s in self.order if s not in finishing]
        for step_id in stuck_loops(script, stuck):
            self.add(
                "no-end-reachable",
                "no end can be reached from here (a loop without a way out?)",
                script.steps[step_id].line,
                step_id,
            )

    def check_unused(self) -> None:
        used = {s.end for s in self.script.steps.values() if s.kind == StepKind.END}
        for outcome in self.script.outcomes.values():
            if outcome.id not in used:
                self.add(
                    "unused-outcome",
                    f"outcome {outcome.id!r} is never reached by an end step",
                    outcome.line,
                    severity="warning",
                    params={"outcome": outcome.id},
                )
        for name, email in self.script.emails.items():
            text = email.subject + "\n" + email.body
            for message, params in self.placeholder_problems(text, f"email {name!r}: "):
                self.add("email-unknown-placeholder", message, email.line, params={**params, "email": name})
            for problem in check_template(email):
                self.add(problem.code, problem.message, problem.line, params=problem.params)


_KIND_NAMES = {kind: kind.value for kind in StepKind}  # `.value` of an enum is slow enough to show here


def outline(script: Script, order: list[str]) -> ScriptOutline:
    steps = [script.steps[s] for s in order]
    end = StepKind.END
    return ScriptOutline(
        language=script.language,
        direction=script.direction,
        steps=[OutlineStep(s.id, _KIND_NAMES[s.kind], s.text, s.kind is end, s.line) for s in steps],
    )


def validate_script(
    script: Script,
    resolve: Resolver | None = None,
    catalog: Catalog | None = None,
    customer_fields: Collection[str] | None = None,
) -> list[Diagnostic]:
    checker = _Checker(script, resolve, customer_fields)
    checker.run()
    for finding in check_script(outline(script, checker.order), _matcher(catalog, script.language)):
        # Etiquette never blocks publishing: its "info" and "warning" findings are both warnings here.
        checker.diagnostics.append(
            Diagnostic(
                "warning",
                finding.code,
                finding.message,
                finding.line,
                finding.step_id,
                finding.suggestion,
                finding.matched,
                finding.params,
            )
        )
    return sorted(checker.diagnostics, key=sort_key)


def customer_fields_named(script: Script) -> set[str]:
    """The custom fields `script` names as `customer.<name>` (in step texts, emails and conditions): the names
    under `customer` that are not the card's own attributes."""
    checker = _Checker(script, None, frozenset())
    checker.run()
    return {
        str(d.params["attribute"])
        for d in checker.diagnostics
        if d.params.get("reason") == "unknown-attribute" and d.params.get("object") == "customer"
    }


def validate_text(
    text: str,
    resolve: Resolver | None = None,
    catalog: Catalog | None = None,
    customer_fields: Collection[str] | None = None,
) -> tuple[Script | None, list[Diagnostic]]:
    """Load and validate; the script is returned even when it has errors (the designer shows it).
    `customer_fields`: the customers' custom fields, when known (see `unknown_name_problem`)."""
    loaded: LoadResult = load_script(text)
    diagnostics = list(loaded.diagnostics)
    if loaded.script is not None:
        diagnostics += validate_script(loaded.script, resolve, catalog, customer_fields)
    return loaded.script, sorted(diagnostics, key=sort_key)


LanguageChoice = Literal["en", "vi", "auto"]
_BUILTIN_MATCHERS: dict[str, PhraseMatcher] = {}


def _matcher(catalog: Catalog | None, language: str) -> PhraseMatcher:
    """Matchers compile the whole catalog; the built-in catalog's are kept, one per language."""
    choice: LanguageChoice = language if language in ("en", "vi") else "auto"  # type: ignore[assignment]
    if catalog is not None:
        return PhraseMatcher(catalog, choice)
    if choice not in _BUILTIN_MATCHERS:
        _BUILTIN_MATCHERS[choice] = PhraseMatcher(builtin_catalog(), choice)
    return _BUILTIN_MATCHERS[choice]
