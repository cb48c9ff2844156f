"""Reads YAML or JSON into plain data while remembering the line of every value (for diagnostics).

The plain subset that scripts are written in is read by `yaml_subset` (faster); anything else goes through
libyaml's events. Aliases and anchors are refused (they are never needed in a script and can blow up in
size), and so are duplicate keys, which YAML would otherwise silently collapse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from parley.scripts.diagnostics import Diagnostic, DiagnosticCode, Params
from parley.scripts.yaml_subset import Unsupported, plain_scalar, read_subset

MAX_DOCUMENT_BYTES = 2_000_000
# libyaml's parser is much faster; the pure-Python one gives the same events and line marks.
COMPOSER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 64

Path = tuple[str | int, ...]


@dataclass
class Document:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)  # the scalar as written (so `Yes` stays "Yes")
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def line(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def text(self, path: Path, value: Any) -> str | None:
        """A scalar read as text: YAML's booleans and numbers come back as the author typed them."""
        if isinstance(value, str):
            return value
        if isinstance(value, bool | int | float) and path in self.raw:
            return self.raw[path]
        return None


STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path
    key: str | None = None  # a mapping's key waiting for its value
    key_path: Path = ()  # that key's path
    skip: bool = False  # the value of a duplicate key: read, then dropped


class _Builder:
    """Builds plain data from the parser's events (libyaml's when available), recording each value's line.

    Going from events directly is several times faster than composing nodes first, which matters for the
    5,000-step scripts the designer must validate as the author types.
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0

    def error(
        self, code: DiagnosticCode, message: str, event: yaml.Event, params: Params | None = None
    ) -> None:
        self.document.diagnostics.append(
            Diagnostic("error", code, message, _line(event), params=params or {})
        )

    def run(self, text: str) -> None:
        scalar, opening, closing = yaml.ScalarEvent, _OPENING, _CLOSING
        parser = COMPOSER(text)
        try:
            self.events(parser, scalar, opening, closing)
        finally:
            parser.dispose()

    def events(self, parser: Any, scalar: type, opening: frozenset[type], closing: frozenset[type]) -> None:
        end = yaml.StreamEndEvent
        stack, lines, raw = self.stack, self.document.lines, self.document.raw
        while True:
            event = parser.get_event()
            kind = type(event)  # compared by identity: this loop sees every event of large scripts
            if kind is end or event is None:
                return
            if kind is scalar:
                # Fast path for the common case, a plain key or value in a mapping; anything unusual (anchors,
                # tags, duplicates, merge keys, list items) goes through `scalar` with all its checks.
                if event.anchor is None and event.tag is None and stack and type(stack[-1].container) is dict:
                    frame = stack[-1]
                    container: Any = frame.container
                    if frame.key is None:
                        key = event.value
                        if key != "<<" and key not in container:
                            frame.key = key
                            frame.key_path = (*frame.path, key)
                            lines.setdefault(frame.key_path, event.start_mark.line + 1)
                            continue
                    elif not frame.skip:
                        text = event.value
                        value = text if (event.style or not event.implicit[0]) else plain_scalar(text)
                        container[frame.key] = value
                        if type(value) is not str:
                            raw[frame.key_path] = text
                        frame.key = None
                        continue
                self.scalar(event)
            elif kind in opening:
                self.open(event)
            elif kind in closing:
                frame = self.stack.pop()
                if not self.stack:
                    self.root = frame.container
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    self.error("many-documents", "a script file holds one YAML document", event)
                    return
            elif kind is yaml.AliasEvent:
                self.error("alias-not-allowed", "YAML anchors and aliases are not allowed in scripts", event)
                self.value(None, event)

    def open(self, event: yaml.MappingStartEvent | yaml.SequenceStartEvent) -> None:
        if event.anchor is not None:
            self.error("alias-not-allowed", "YAML anchors and aliases are not allowed in scripts", event)
        if len(self.stack) >= MAX_DEPTH:
            self.error(
                "too-deep", f"the document nests deeper than {MAX_DEPTH} levels", event, {"max": MAX_DEPTH}
            )
            raise _TooDeep
        container: dict[str, Any] | list[Any] = {} if type(event) is yaml.MappingStartEvent else []
        path = self.value(container, event)
        self.stack.append(_Frame(container, path))

    def scalar(self, event: yaml.ScalarEvent) -> None:
        if event.anchor is not None:
            self.error("alias-not-allowed", "YAML anchors and aliases are not allowed in scripts", event)
        quoted = bool(event.style) or not event.implicit[0] or event.tag == STR_TAG
        if event.tag not in (None, "!", STR_TAG):
            self.error(
                "tag-not-allowed",
                f"YAML tags such as {event.tag!r} are not allowed in scripts",
                event,
                {"tag": str(event.tag)},
            )
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.key is None and type(frame.container) is dict:
            self.key(frame, event)
            return
        value = event.value if quoted else plain_scalar(event.value)
        path = self.value(value, event)
        if not isinstance(value, str) and path is not None:
            self.document.raw[path] = event.value

    def key(self, frame: _Frame, event: yaml.ScalarEvent) -> None:
        assert isinstance(frame.container, dict)
        key = event.value
        if key == "<<":
            self.error("merge-key", "merge keys are not allowed in scripts", event)
        if key in frame.container:
            where = "/".join(str(p) for p in frame.path) or "top level"
            self.error("duplicate-key", f"duplicate key {key!r} in {where}", event, {"key": key})
            frame.skip = True
        frame.key = key
        frame.key_path = (*frame.path, key)
        self.document.lines.setdefault(frame.key_path, _line(event))

    def value(self, value: Any, event: yaml.Event) -> Any:
        """Put a value where it belongs; returns its path (a made-up one for a value read aside)."""
        line = _line(event)
        if not self.stack:
            self.root = value
            self.document.lines[()] = line
            return ()
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            path: Path = (*frame.path, len(container))
            container.append(value)
            self.document.lines[path] = line
            return path
        key, skip = frame.key, frame.skip
        frame.key, frame.skip = None, False
        if key is None:  # a list or mapping used as a key: reported, then read aside like a duplicate's value
            self.error("bad-key", "keys must be plain names, not lists or mappings", event)
            return (*frame.path, "#bad-key")
        if skip:  # read the duplicate's value (and its lines) aside, so nothing else breaks
            return (*frame.path, f"{key}#duplicate")
        container[key] = value
        return frame.key_path


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 1


_OPENING = frozenset({yaml.MappingStartEvent, yaml.SequenceStartEvent})
_CLOSING = frozenset({yaml.MappingEndEvent, yaml.SequenceEndEvent})


class _TooDeep(Exception):
    pass


def read_document(text: str) -> Document:
    document = Document(data=None)
    if len(text.encode("utf-8", errors="replace")) > MAX_DOCUMENT_BYTES:
        document.diagnostics.append(
            Diagnostic(
                "error",
                "too-large",
                f"the script is larger than {MAX_DOCUMENT_BYTES // 1_000_000} MB",
                1,
                params={"max_mb": MAX_DOCUMENT_BYTES // 1_000_000},
            )
        )
        return document
    try:
        document.data = read_subset(text, document.lines, document.raw)
        return document
    except Unsupported:  # outside the plain subset: libyaml reads it, with every check
        document.lines.clear()
        document.raw.clear()
    builder = _Builder(document)
    try:
        builder.run(text)
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        line = mark.line + 1 if mark else 1
        document.diagnostics.append(
            Diagnostic(
                "error",
                "syntax",
                f"not valid YAML/JSON: {problem.problem}",
                line,
                params={"problem": str(problem.problem)},
            )
        )
        return document
    except yaml.YAMLError as problem:
        document.diagnostics.append(
            Diagnostic(
                "error", "syntax", f"not valid YAML/JSON: {problem}", 1, params={"problem": str(problem)}
            )
        )
        return document
    except _TooDeep:
        return document
    if builder.root is None and not document.diagnostics:
        document.diagnostics.append(Diagnostic("error", "empty", "the script is empty", 1))
    document.data = builder.root
    return document
