"""Diagnostics: what validation says about a script, each with its line and step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    line: int | None = None
    step: str | None = None
    suggestion: str | None = None
    matched: str | None = None  # for a phrase warning: the words to replace with the suggestion

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
        }


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def sort_key(diagnostic: Diagnostic) -> tuple[int, str]:
    return (diagnostic.line or 0, diagnostic.code)
