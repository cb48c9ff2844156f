"""Reads YAML or JSON into plain data while remembering the line of every value (for diagnostics).

Aliases and anchors are refused (they are never needed in a script and can blow up in size), and so are
duplicate keys, which YAML would otherwise silently collapse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from parley.scripts.diagnostics import Diagnostic

MAX_DOCUMENT_BYTES = 2_000_000
# libyaml's composer is about ten times faster; the pure-Python one gives the same nodes and line marks.
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


class _Walker:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.seen: set[int] = set()
        self.constructor = yaml.SafeLoader(stream="")

    def error(self, code: str, message: str, line: int) -> None:
        self.document.diagnostics.append(Diagnostic("error", code, message, line))

    def walk(self, node: yaml.Node, path: Path, depth: int = 0) -> Any:
        line = node.start_mark.line + 1
        self.document.lines[path] = line
        if depth > MAX_DEPTH:
            self.error("too-deep", f"the document nests deeper than {MAX_DEPTH} levels", line)
            return None
        if id(node) in self.seen:
            self.error("alias-not-allowed", "YAML anchors and aliases are not allowed in scripts", line)
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as problem:
            self.error("bad-value", f"cannot read value {node.value!r}: {problem}", line)
            return None
        if not isinstance(value, str):
            self.document.raw[path] = node.value
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                self.error("bad-key", "keys must be plain names (no merge keys or complex keys)", key_line)
                continue
            key = key_node.value
            if key in result:
                where = "/".join(str(p) for p in path) or "top level"
                self.error("duplicate-key", f"duplicate key {key!r} in {where}", key_line)
                continue
            result[key] = self.walk(value_node, (*path, key), depth + 1)
            self.document.lines[(*path, key)] = key_line
        return result


def read_document(text: str) -> Document:
    document = Document(data=None)
    if len(text.encode("utf-8", errors="replace")) > MAX_DOCUMENT_BYTES:
        document.diagnostics.append(
            Diagnostic(
                "error", "too-large", f"the script is larger than {MAX_DOCUMENT_BYTES // 1_000_000} MB", 1
            )
        )
        return document
    try:
        root = yaml.compose(text, Loader=COMPOSER)
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        line = mark.line + 1 if mark else 1
        document.diagnostics.append(
            Diagnostic("error", "syntax", f"not valid YAML/JSON: {problem.problem}", line)
        )
        return document
    except yaml.YAMLError as problem:
        document.diagnostics.append(Diagnostic("error", "syntax", f"not valid YAML/JSON: {problem}", 1))
        return document
    if root is None:
        document.diagnostics.append(Diagnostic("error", "empty", "the script is empty", 1))
        return document
    document.data = _Walker(document).walk(root, ())
    return document
