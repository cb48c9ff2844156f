"""A fast reader for the plain subset of YAML that scripts are written in, with a line for every value.

Going through libyaml's events costs a Python call and two marks per event, most of the time of validating a
large script. This reader handles, a line at a time, the shapes authors and the designer write: block mappings
and sequences, `- key: value` items, single-line flow collections, plain and simply quoted scalars, comments.
On anything else (multi-line scalars, escapes, anchors, tags, duplicate keys, tabs, document markers, anything
libyaml might reject) it raises Unsupported, and `document.read_document` takes the libyaml path, which
stays the reference: for every text this reader accepts, both give the same data, lines and raw scalars
(tests/unit/scripts/test_yaml_subset.py compares them on thousands of generated and mutated documents).
"""

from __future__ import annotations

import re
from typing import Any

Path = tuple[str | int, ...]

# Only printable characters that libyaml reads as they are; tabs, CR, BOM, NEL and the Unicode line and
# paragraph separators send the text to libyaml.
_UNUSUAL_CHAR = re.compile("[^\n -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# Characters that start something other than a plain scalar (or may, depending on what follows).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_STOPS = re.compile(r"[,\[\]{}#:]")
_NEGATIVE = re.compile(r"-[0-9A-Za-z.]")
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?: |$)", re.MULTILINE)
# One line: indentation, `- ` of a sequence item, `key:` of a mapping entry (a plain key), and the rest.
_LINE = re.compile(
    r"( *)(-(?: +|(?=\n)))?(?:([^-?:,\[\]{}#&*!|>'\"%@` \n][^:#\n]*?)(?<! ):(?: +|(?=\n)))?(.*)\n"
)
_FLOW_SCALAR = (
    r"(?:'((?:[^']|'')*)'|\"([^\"\\]*)\"|((?:[^-?:,\[\]{}#&*!|>'\"%@` ]|-[0-9A-Za-z.])[^,\[\]{}#:]*?)) *"
)
_FLOW_PAIR = re.compile(r" *([^-?:,\[\]{}#&*!|>'\"%@` ][^,\[\]{}#:]*?) *: +" + _FLOW_SCALAR + "([,}])")
_FLOW_ITEM = re.compile(r" *()" + _FLOW_SCALAR + r"([,\]])")
_MAX_KEY = 1000  # libyaml refuses simple keys over 1024 characters
# read_document refuses documents nesting 64 levels deep: block and flow nesting together stay below that.
_MAX_DEPTH = 50
_MAX_FLOW_DEPTH = 8

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
_FALSE = frozenset({"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]+([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$")
_WORDS = _NULLS | _TRUE | _FALSE


def plain_scalar(text: str) -> Any:
    """YAML 1.1's resolution of an unquoted scalar, as PyYAML's SafeLoader does, for the types scripts use."""
    if text[:1].isalpha() and text not in _WORDS:
        return text  # the common case, decided early: numbers start with a digit, a sign or a dot
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text.replace("_", ""))
    if _FLOAT.match(text):
        return float(text.replace("_", ""))
    return text


class Unsupported(Exception):
    """The text leaves the subset; libyaml must read it."""


class _Frame:
    __slots__ = ("container", "indent", "indentless", "is_list", "path")

    def __init__(self, container: Any, indent: int, path: Path, *, indentless: bool = False) -> None:
        self.container = container
        self.indent = indent
        self.path = path
        self.is_list = type(container) is list
        self.indentless = indentless


def _mapping_entry(rest: str) -> tuple[str, str] | None:
    """(key, what follows the colon) when `rest` is `key: ...` with a plain key, else None."""
    at = rest.find(": ")
    if at < 0:
        if not rest.endswith(":"):
            return None
        at = len(rest) - 1
    key = rest[:at]
    if (
        not key
        or key[0] in _INDICATORS
        or key[-1] == " "
        or ":" in key
        or "#" in key
        or len(key) > _MAX_KEY
        or key == "<<"
    ):
        raise Unsupported
    return key, rest[at + 1 :]


def _after_value(rest: str) -> None:
    """What may follow a complete value on its line: spaces, then optionally a comment."""
    if rest and (rest[0] != " " or rest.lstrip(" ")[:1] not in ("", "#")):
        raise Unsupported


class _Reader:
    def __init__(self, lines: dict[Path, int], raw: dict[Path, str]) -> None:
        self.lines = lines
        self.raw = raw

    def item_value(self, text: str, path: Path, line: int) -> Any:
        """`block_value` of a list item; `- {key: value, ...}`, the usual option or rule, is tried first."""
        if text[0] == "{":
            simple = self.simple_flow(text, 0, path, line)
            if simple is not None and simple[1] == len(text):
                return simple[0]
        return self.block_value(text, path, line)  # what simple_flow wrote to lines and raw, it writes again

    def block_value(self, text: str, path: Path, line: int) -> Any:
        """The value written after `key:` or `- ` on one line (`text` starts with no space)."""
        first = text[0]
        if first.isalpha() and " #" not in text and ": " not in text:
            value = text.rstrip(" ")  # plain text, most values of a script: decided as below, quicker
            if value[-1] != ":" and value not in _WORDS:
                return value
        if first in "'\"":
            value, end = _quoted(text, 0)
            _after_value(text[end:])
            return value
        if first in "{[":
            value, end = self.flow(text, 0, path, line, 0)
            _after_value(text[end:])
            return value
        if first in _INDICATORS and (first != "-" or len(text) < 2 or text[1] == " "):
            raise Unsupported
        comment = text.find(" #")
        if comment >= 0:
            text = text[:comment]
        text = text.rstrip(" ")
        if ": " in text or text.endswith(":"):
            raise Unsupported
        value = plain_scalar(text)
        if type(value) is not str:
            self.raw[path] = text
        return value

    def flow(self, text: str, at: int, path: Path, line: int, depth: int) -> tuple[Any, int]:
        """A flow collection starting at `text[at]`, on one line; returns it and where it ends."""
        simple = self.simple_flow(text, at, path, line)
        return simple if simple is not None else self.any_flow(text, at, path, line, depth)

    def simple_flow(self, text: str, at: int, path: Path, line: int) -> tuple[Any, int] | None:
        """The common case, a regex match per entry: a collection of scalars; None for anything else."""
        mapping = text[at] == "{"
        pattern, closing = (_FLOW_PAIR, "}") if mapping else (_FLOW_ITEM, "]")
        result: Any = {} if mapping else []
        if text.startswith(closing, _skip(text, at + 1)):
            return None
        lines, raw = self.lines, self.raw
        at += 1
        while True:
            match = pattern.match(text, at)
            if match is None:
                return None
            key, single, double, plain, separator = match.groups()
            if single is not None:
                value: Any = single.replace("''", "'")
            elif double is not None:
                value = double
            elif plain[:1].isalpha() and plain not in _WORDS:  # plain_scalar's first case, without the call
                value = plain
            else:
                value = plain_scalar(plain)
            if mapping:
                if key in result or key == "<<" or len(key) > _MAX_KEY:
                    return None
                item_path: Path = (*path, key)
                lines.setdefault(item_path, line)
                result[key] = value
            else:
                item_path = (*path, len(result))
                lines[item_path] = line
                result.append(value)
            if type(value) is not str:
                raw[item_path] = plain
            at = match.end()
            if separator != ",":
                return result, at

    def any_flow(self, text: str, at: int, path: Path, line: int, depth: int) -> tuple[Any, int]:
        if depth > _MAX_FLOW_DEPTH:
            raise Unsupported
        closing = "}" if text[at] == "{" else "]"
        result: Any = {} if closing == "}" else []
        at = _skip(text, at + 1)
        if text.startswith(closing, at):
            return result, at + 1
        while True:
            if closing == "}":
                key, at = _flow_plain(text, at)
                if not text.startswith(": ", at) or key in result or key == "<<" or len(key) > _MAX_KEY:
                    raise Unsupported
                item_path: Path = (*path, key)
                self.lines.setdefault(item_path, line)
                value, at = self.flow_node(text, _skip(text, at + 2), item_path, line, depth)
                result[key] = value
            else:
                item_path = (*path, len(result))
                self.lines[item_path] = line
                value, at = self.flow_node(text, at, item_path, line, depth)
                result.append(value)
            at = _skip(text, at)
            if text.startswith(",", at):
                at = _skip(text, at + 1)
                if text.startswith(closing, at):
                    raise Unsupported  # a trailing comma
            elif text.startswith(closing, at):
                return result, at + 1
            else:
                raise Unsupported

    def flow_node(self, text: str, at: int, path: Path, line: int, depth: int) -> tuple[Any, int]:
        if at >= len(text):
            raise Unsupported
        first = text[at]
        if first in "'\"":
            return _quoted(text, at)
        if first in "{[":
            return self.any_flow(text, at, path, line, depth + 1)
        scalar, end = _flow_plain(text, at)
        if text.startswith(":", end):
            raise Unsupported
        value = plain_scalar(scalar)
        if type(value) is not str:
            self.raw[path] = scalar
        return value, end


def _skip(text: str, at: int) -> int:
    while text.startswith(" ", at):
        at += 1
    return at


def _flow_plain(text: str, at: int) -> tuple[str, int]:
    """A plain scalar inside a flow collection: up to `,`, a bracket, or `: `; anything odder is refused."""
    if at >= len(text) or (text[at] in _INDICATORS and not _NEGATIVE.match(text, at)):
        raise Unsupported
    stop = _FLOW_STOPS.search(text, at)
    end = stop.start() if stop else len(text)
    if stop is not None and (text[end] == "#" or (text[end] == ":" and not text.startswith(": ", end))):
        raise Unsupported
    scalar = text[at:end].rstrip(" ")
    if not scalar:
        raise Unsupported
    return scalar, end


def _quoted(text: str, at: int) -> tuple[str, int]:
    """A quoted scalar that closes on its line: `'…'` with `''` for a quote, or `"…"` without escapes."""
    quote = text[at]
    end = text.find(quote, at + 1)
    if quote == '"':
        if end < 0 or "\\" in text[at + 1 : end]:
            raise Unsupported
        return text[at + 1 : end], end + 1
    parts = []
    start = at + 1
    while True:
        if end < 0:
            raise Unsupported
        if text.startswith("''", end):
            parts.append(text[start : end + 1])
            start = end + 2
            end = text.find("'", start)
            continue
        parts.append(text[start:end])
        return "".join(parts), end + 1


def _unusual(text: str) -> bool:
    """Characters or document markers that send the text to libyaml."""
    if text.isascii():  # the same test as _UNUSUAL_CHAR's on ASCII, in a fraction of the time
        unusual = not text.replace("\n", "").isprintable()
    else:
        unusual = _UNUSUAL_CHAR.search(text) is not None
    return unusual or (("---" in text or "..." in text) and _DOCUMENT_MARKER.search(text) is not None)


def read_subset(text: str, lines: dict[Path, int], raw: dict[Path, str]) -> Any:
    """The data of `text`, filling `lines` and `raw` as document.read_document does; raises Unsupported
    when the text leaves the subset (the caller then discards `lines` and `raw`)."""
    if _unusual(text):
        raise Unsupported
    reader = _Reader(lines, raw)
    block_value, item_value = reader.block_value, reader.item_value
    # A frame: (container, indent, path, is a list, is an indentless list under a key of its own indent).
    stack: list[tuple[Any, int, Path, bool, bool]] = []
    root: Any = None
    pending: tuple[dict[str, Any], str, Path, int] | None = None  # `key:` waiting for a nested block
    for number, (spaces, dash, key, rest) in enumerate(_LINE.findall(text + "\n"), 1):
        if not dash and not key:
            if not rest or rest[0] == "#":
                continue  # blank or comment
            raise Unsupported  # a bare scalar, a continuation line, a flow collection as the document...
        indent = len(spaces)
        is_item = bool(dash)
        if root is None:
            root = [] if is_item else {}
            lines[()] = number
            stack.append((root, indent, (), is_item, False))
        elif pending is not None:
            _settle(pending, indent, is_item, stack, raw)
            pending = None
        container, frame_indent, frame_path, is_list, indentless = stack[-1]
        if frame_indent != indent or is_list != is_item or (indentless and not is_item):
            container, frame_indent, frame_path = _frame_for(stack, indent, is_item)  # a block ends here
        if is_item:
            path: Path = (*frame_path, len(container))
            lines[path] = number
            if not key:
                if not rest or rest[0] == "#" or (rest[0] == "-" and rest[1:2] in ("", " ")):
                    raise Unsupported
                container.append(item_value(rest, path, number))
                continue
            if len(stack) > _MAX_DEPTH:
                raise Unsupported
            mapping: dict[str, Any] = {}
            container.append(mapping)
            container, frame_indent, frame_path = mapping, indent + len(dash), path
            stack.append((mapping, frame_indent, path, False, False))
        if key in container or key == "<<" or len(key) > _MAX_KEY:
            raise Unsupported  # duplicates are diagnosed on the libyaml path
        key_path = (*frame_path, key)
        lines[key_path] = number
        if not rest or rest[0] == "#":
            pending = (container, key, key_path, frame_indent)
            continue
        container[key] = block_value(rest, key_path, number)
    if root is None:
        raise Unsupported
    if pending is not None:
        _settle(pending, -1, False, stack, raw)
    return root


def _frame_for(
    stack: list[tuple[Any, int, Path, bool, bool]], indent: int, is_item: bool
) -> tuple[Any, int, Path]:
    """The open block a line at `indent` belongs to, closing deeper ones; it must start at that indent."""
    container, frame_indent, frame_path, is_list, indentless = stack[-1]
    while frame_indent > indent or (indentless and not is_item):
        stack.pop()
        if not stack:
            raise Unsupported  # a second root, or text after the end of the document
        container, frame_indent, frame_path, is_list, indentless = stack[-1]
    if frame_indent != indent or is_list != is_item:
        raise Unsupported
    return container, frame_indent, frame_path


def _settle(
    pending: tuple[dict[str, Any], str, Path, int],
    indent: int,
    is_item: bool,
    stack: list[tuple[Any, int, Path, bool, bool]],
    raw: dict[Path, str],
) -> None:
    """The value of a `key:` with nothing after it, seen from the next line: a nested block, or null."""
    parent, key, path, parent_indent = pending
    if indent > parent_indent or (indent == parent_indent and is_item):
        if len(stack) > _MAX_DEPTH:
            raise Unsupported
        child: Any = [] if is_item else {}
        parent[key] = child
        stack.append((child, indent, path, is_item, indent == parent_indent))
    else:
        parent[key] = None
        raw[path] = ""
