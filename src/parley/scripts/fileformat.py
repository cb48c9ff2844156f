"""Builds a Script from a YAML/JSON document, reporting every structural problem with its line.

The shape is documented in docs/script-format.md and docs/script.schema.json. A step's kind follows from its
keys: options / field / branch / email / transfer / script / end; otherwise it is a statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from parley.scripts.diagnostics import Diagnostic
from parley.scripts.document import Document, Path, read_document
from parley.scripts.model import (
    Direction,
    EmailTemplate,
    FieldDef,
    FieldType,
    KbArticle,
    Note,
    Objection,
    Outcome,
    Script,
)
from parley.scripts.reader import FIELD_NAME, SLUG
from parley.scripts.step_reader import StepReader

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
FIELD_KEYS = {"type", "label", "required", "min", "max", "choices", "max_length", "customer_field"}
LANGUAGES = ("en", "vi")


@dataclass
class LoadResult:
    script: Script | None
    diagnostics: list[Diagnostic]
    document: Document


class _Builder(StepReader):
    def build(self) -> Script | None:
        data = self.doc.data
        if not isinstance(data, dict):
            if data is not None:
                self.report((), "not-a-script", "a script must be a mapping with slug, name, start and nodes")
            return None
        self.unknown_keys(data, TOP_KEYS, (), "the script")
        slug = self.text(data, "slug", (), required=True) or ""
        if slug and not SLUG.fullmatch(slug):
            self.report(
                ("slug",),
                "bad-slug",
                f"slug {slug!r} must be lowercase letters, digits and '-'",
                params={"slug": slug},
            )
        name = self.text(data, "name", (), required=True, limit=200) or slug
        language = self.text(data, "language", ()) or "en"
        if language not in LANGUAGES:
            allowed = ", ".join(LANGUAGES)
            self.report(
                ("language",),
                "bad-language",
                f"language must be one of {allowed}",
                params={"language": language, "allowed": allowed},
            )
        direction = self.text(data, "direction", ()) or "inbound"
        if direction not in get_args(Direction):
            self.report(
                ("direction",),
                "bad-direction",
                "direction must be inbound or outbound",
                params={"direction": direction},
            )
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
                    path,
                    "bad-field-name",
                    f"field name {name!r} must be lowercase letters, digits, '_'",
                    params={"field": name},
                )
            spec = self.mapping(spec, path, f"field {name!r}") or {}
            self.unknown_keys(spec, FIELD_KEYS, path, f"field {name!r}")
            kind = self.text(spec, "type", path) or "text"
            if kind not in FieldType.__members__.values():
                allowed = ", ".join(t.value for t in FieldType)
                self.report(
                    (*path, "type"),
                    "bad-field-type",
                    f"field {name!r}: type must be one of {allowed}",
                    params={"field": name, "type": kind, "allowed": allowed},
                )
                kind = "text"
            bounds = {}
            for key in ("min", "max", "max_length"):
                value = spec.get(key)
                if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                    self.report(
                        (*path, key),
                        "not-a-number",
                        f"field {name!r}: {key} must be a number",
                        params={"field": name, "key": key},
                    )
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
                    (*path, "success"),
                    "not-true-false",
                    f"outcome {key!r}: success must be true or false",
                    params={"outcome": key, "key": "success"},
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
                {
                    key: line
                    for key in ("subject", "body", "sender", "attachments")
                    if (line := self.doc.lines.get((*path, key))) is not None
                },
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


def load_script(text: str) -> LoadResult:
    """Parse and build; structural problems are diagnostics (validate.py adds the semantic ones)."""
    document = read_document(text)
    script = _Builder(document).build() if document.data is not None else None
    return LoadResult(script, document.diagnostics, document)
