"""Diagnostics: what validation says about a script, each with its line and step.

Every diagnostic has a stable `code` from `DiagnosticCode` (mypy holds each call site to it) and `params`, the
values its message is made of, so a user interface words it in the reader's language from the code alone;
`message` is the English of the command line. `PARAMS` names each code's parameters; `REASONS` are the codes
a `reason` parameter takes (why a condition or a name is refused).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

from parley.etiquette.script_checks import FINDING_PARAMS, FindingCode
from parley.scripts.expressions_eval import EXPRESSION_PARAMS
from parley.scripts.placeholders import NAME_PARAMS

Severity = Literal["error", "warning"]
ParamValue = str | int
Params = Mapping[str, ParamValue]

ScriptCode = Literal[
    # the document cannot be read
    "syntax",
    "empty",
    "too-large",
    "too-deep",
    "many-documents",
    "duplicate-key",
    "alias-not-allowed",
    "tag-not-allowed",
    "bad-key",
    "merge-key",
    # the shape of the format
    "not-a-script",
    "unknown-key",
    "missing-key",
    "not-text",
    "not-a-mapping",
    "not-a-list",
    "not-a-number",
    "not-true-false",
    "too-long",
    "bad-slug",
    "bad-language",
    "bad-direction",
    "bad-step-id",
    "bad-field-name",
    "bad-field-type",
    "bad-transfer-mode",
    "bad-outcome-target",
    "two-kinds",
    "missing-next",
    "unexpected-next",
    "missing-text",
    "no-options",
    "unexpected-key",
    # references and meaning
    "unknown-start",
    "unknown-step",
    "objection-unknown-step",
    "note-unknown-step",
    "unknown-outcome",
    "subscript-unknown-outcome",
    "unknown-field",
    "unknown-email",
    "unknown-kb",
    "unknown-script",
    "duplicate-answer",
    "other-answer-not-text",
    "question-field-type",
    "option-not-a-choice",
    "branch-without-else",
    "else-not-last",
    "bad-expression",
    "unknown-name",
    "unknown-placeholder",
    "email-unknown-placeholder",
    "invalid-sender",
    "invalid-subject",
    "unsafe-link",
    "invalid-attachment",
    "bad-field-bounds",
    "no-choices",
    "return-outside-objection",
    "no-end-reachable",
    "subscript-cycle",
    "unreachable",
    "unused-outcome",
    "unused-choices",
    "unused-bounds",
]
DiagnosticCode = ScriptCode | FindingCode

_REASON = ("reason",)  # a condition's or a name's problem: one of REASONS, with that reason's parameters

#: The parameters of each code (a code with a `reason` also carries the parameters of that reason).
PARAMS: Mapping[str, tuple[str, ...]] = {
    "syntax": ("problem",),
    "empty": (),
    "too-large": ("max_mb",),
    "too-deep": ("max",),
    "many-documents": (),
    "duplicate-key": ("key",),
    "alias-not-allowed": (),
    "tag-not-allowed": ("tag",),
    "bad-key": (),
    "merge-key": (),
    "not-a-script": (),
    "unknown-key": ("key", "known"),
    "missing-key": ("key",),
    "not-text": ("key",),
    "not-a-mapping": ("path",),
    "not-a-list": ("path",),
    "not-a-number": ("field", "key"),
    "not-true-false": ("outcome", "key"),
    "too-long": ("key", "max"),
    "bad-slug": ("slug",),
    "bad-language": ("language", "allowed"),
    "bad-direction": ("direction",),
    "bad-step-id": ("step",),
    "bad-field-name": ("field",),
    "bad-field-type": ("field", "type", "allowed"),
    "bad-transfer-mode": ("mode",),
    "bad-outcome-target": ("outcome",),
    "two-kinds": ("kinds",),
    "missing-next": ("kind",),
    "unexpected-next": ("kind",),
    "missing-text": ("kind",),
    "no-options": (),
    "unexpected-key": ("key",),
    "unknown-start": ("start",),
    "unknown-step": ("target",),
    "objection-unknown-step": ("objection", "target"),
    "note-unknown-step": ("target",),
    "unknown-outcome": ("outcome",),
    "subscript-unknown-outcome": ("script", "outcome"),
    "unknown-field": ("field",),
    "unknown-email": ("email",),
    "unknown-kb": ("article",),
    "unknown-script": ("script",),
    "duplicate-answer": ("answer",),
    "other-answer-not-text": ("field", "type"),
    "question-field-type": ("field", "type"),
    "option-not-a-choice": ("answer", "field"),
    "branch-without-else": (),
    "else-not-last": (),
    "bad-expression": ("condition", "column", *_REASON),
    "unknown-name": ("condition", "name", *_REASON),
    "unknown-placeholder": ("placeholder", *_REASON),
    "email-unknown-placeholder": ("email", "placeholder", *_REASON),
    "invalid-sender": ("email", "sender"),
    "invalid-subject": ("email",),
    "unsafe-link": ("email", "link"),
    "invalid-attachment": ("email", "attachment"),
    "bad-field-bounds": ("field", "min", "max"),
    "no-choices": ("field",),
    "return-outside-objection": (),
    "no-end-reachable": (),
    "subscript-cycle": ("cycle",),
    "unreachable": (),
    "unused-outcome": ("outcome",),
    "unused-choices": ("field",),
    "unused-bounds": ("field",),
    **FINDING_PARAMS,
}
#: What a `reason` parameter may say, with the parameters each reason adds.
REASONS: Mapping[str, tuple[str, ...]] = {**EXPRESSION_PARAMS, **NAME_PARAMS}
CODES: frozenset[str] = frozenset(get_args(ScriptCode)) | frozenset(get_args(FindingCode))
assert set(PARAMS) == CODES, CODES ^ set(PARAMS)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: DiagnosticCode
    message: str
    line: int | None = None
    step: str | None = None
    suggestion: str | None = None
    matched: str | None = None  # for a phrase warning: the words to replace with the suggestion
    params: Params = field(default_factory=dict)

    def format(self, source: str) -> str:
        """`FILE:LINE: error|warning: message` — the shape editors and CI annotate."""
        where = f"{source}:{self.line}" if self.line else source
        text = f"{where}: {self.severity}: {self.message}"
        if self.suggestion:
            text += f" (try: {self.suggestion!r})"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "line": self.line,
            "step": self.step,
            "suggestion": self.suggestion,
            "matched": self.matched,
            "params": dict(self.params),
        }


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def sort_key(diagnostic: Diagnostic) -> tuple[int, str]:
    return (diagnostic.line or 0, diagnostic.code)
