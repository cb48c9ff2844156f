"""Reading a script document: text, mappings and lists checked for their type, and every problem reported
with its line (the base of `fileformat`'s builder)."""

from __future__ import annotations

import re
from typing import Any

from parley.scripts.diagnostics import Diagnostic, DiagnosticCode, Params, Severity
from parley.scripts.document import Document, Path

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,79}$")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MAX_TEXT = 5_000


class Reader:
    def __init__(self, document: Document) -> None:
        self.doc = document
        self.diagnostics = document.diagnostics
        self.lines = document.lines

    def report(
        self,
        path: Path,
        code: DiagnosticCode,
        message: str,
        step: str | None = None,
        severity: Severity = "error",
        params: Params | None = None,
    ) -> None:
        prefix = f"step {step!r}: " if step else ""
        self.diagnostics.append(
            Diagnostic(severity, code, prefix + message, self.doc.line(path), step, params=params or {})
        )

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
                self.report(path, "missing-key", f"{key!r} is required", step, params={"key": key})
            return None
        value = self.doc.text((*path, key), value)
        if value is None:
            self.report((*path, key), "not-text", f"{key!r} must be text", step, params={"key": key})
            return None
        if len(value) > limit:
            message = f"{key!r} is longer than {limit} characters"
            self.report((*path, key), "too-long", message, step, params={"key": key, "max": limit})
        return value

    def mapping(self, value: Any, path: Path, what: str, step: str | None = None) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.report(
                path, "not-a-mapping", f"{what} must be a mapping", step, params={"path": dotted(path)}
            )
            return None
        return value

    def sequence(self, value: Any, path: Path, what: str, step: str | None = None) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.report(path, "not-a-list", f"{what} must be a list", step, params={"path": dotted(path)})
            return []
        return value

    def unknown_keys(
        self, data: dict[str, Any], allowed: set[str], path: Path, what: str, step: str | None = None
    ) -> None:
        for key in data:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.report(
                    (*path, key),
                    "unknown-key",
                    f"unknown key {key!r} in {what} (known: {hint})",
                    step,
                    params={"key": key, "known": hint},
                )


def dotted(path: Path) -> str:
    """A place in the document as the author would point to it: `nodes.greet.options.0`."""
    return ".".join(str(part) for part in path)
