"""The small markup of email offers: paragraphs, line breaks, **bold**, *italic*, bullet and numbered lists
(nested by indenting), [links](https://…) and bare http(s) addresses. Nothing else is markup.

Rendered to HTML by building it from a parsed tree, never by passing text through: every character of text is
escaped, only `p br strong em ul ol li a` come out, and a link keeps its address only for http, https and
mailto. The same tree gives the plain-text part of the email. Pure: the standard library only.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field

ALLOWED_SCHEMES = ("http", "https", "mailto")
# Characters a backslash makes literal (the toolbar escapes what the customer's data brings in).
ESCAPABLE = frozenset("\\*_[](){}#+-.!`>|~")
MAX_DEPTH = 6  # list nesting beyond this is flattened: an email is not a tree view

_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
_BARE_URL = re.compile(r"https?://[^\s<>\"`]+", re.IGNORECASE)
_MAILTO = re.compile(r"^mailto:[^@\s/]+@[^@\s/]+$", re.IGNORECASE)
_TRAILING = ".,;:!?'\""


# ------------------------------------------------------------------------------------------------- the tree


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Em:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    children: tuple[Inline, ...]


Inline = Text | Strong | Em | Link
Line = tuple[Inline, ...]


@dataclass(slots=True)
class Paragraph:
    lines: list[Line] = field(default_factory=list)


@dataclass(slots=True)
class Item:
    lines: list[Line] = field(default_factory=list)
    lists: list[ListBlock] = field(default_factory=list)


@dataclass(slots=True)
class ListBlock:
    ordered: bool
    start: int
    indent: int
    items: list[Item] = field(default_factory=list)


Block = Paragraph | ListBlock


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the author wrote that does not do what it looks like (reported by validation)."""

    code: str  # unsafe-link
    line: int  # 1-based, within the text
    address: str  # the link's address as written


# ------------------------------------------------------------------------------------------------- links


def safe_href(url: str) -> str | None:
    """The address a link may carry: http(s) with a host, or mailto with an address; None otherwise."""
    url = url.strip()
    if not url or not _URL_CHARS.fullmatch(url):
        return None
    scheme, colon, rest = url.partition(":")
    if not colon or scheme.lower() not in ALLOWED_SCHEMES:
        return None
    if scheme.lower() == "mailto":
        return url if _MAILTO.fullmatch(url) else None
    if not rest.startswith("//") or len(rest) <= 2 or rest[2] in "/?#":
        return None
    return url


# ------------------------------------------------------------------------------------------------- inline


@dataclass(frozen=True, slots=True)
class _Marks:
    """Where each marker of one text may close, found in one pass, so parsing stays linear in the text's
    length whatever it holds (a line of 50,000 `[` or `*` must not cost seconds)."""

    brackets: dict[int, int]  # `[` -> its `]`
    parens: dict[int, int]  # `(` -> its `)`
    singles: list[int]  # `*` that may close an italic: the last of a run of odd length
    doubles: list[int]  # `**` that may close a bold

    @staticmethod
    def of(text: str) -> _Marks:
        brackets: dict[int, int] = {}
        parens: dict[int, int] = {}
        singles: list[int] = []
        doubles: list[int] = []
        open_brackets: list[int] = []
        open_parens: list[int] = []
        i = 0
        while i < len(text):
            char = text[i]
            if char == "\\":
                i += 2
                continue
            if char == "[":
                open_brackets.append(i)
            elif char == "]" and open_brackets:
                brackets[open_brackets.pop()] = i
            elif char == "(":
                open_parens.append(i)
            elif char == ")" and open_parens:
                parens[open_parens.pop()] = i
            elif char == "*":
                run = i
                while i + 1 < len(text) and text[i + 1] == "*":
                    i += 1
                closes = run > 0 and not text[run - 1].isspace() and text[run - 1] != "\\"
                doubles.extend(p for p in range(run, i) if p > run or closes)  # `**` inside a run close
                if (i - run) % 2 == 0 and (i > run or closes):
                    singles.append(i)
            i += 1
        return _Marks(brackets, parens, singles, doubles)

    @staticmethod
    def first_after(candidates: list[int], start: int) -> int | None:
        at = bisect_right(candidates, start)
        return candidates[at] if at < len(candidates) else None


class _Inline:
    """Parses one line's inline markup; links inside link text are not links."""

    def __init__(self, line_number: int, problems: list[Problem]) -> None:
        self.line_number = line_number
        self.problems = problems

    def parse(self, text: str, in_link: bool = False, depth: int = 0) -> Line:
        if depth > MAX_DEPTH:  # emphasis in emphasis in a link…: deeper than any email needs
            return (Text(text),)
        marks = _Marks.of(text)
        out: list[Inline] = []
        plain: list[str] = []
        i = 0

        def flush() -> None:
            if plain:
                out.extend(self.autolinks("".join(plain), in_link))
                plain.clear()

        while i < len(text):
            char = text[i]
            if char == "\\" and i + 1 < len(text) and text[i + 1] in ESCAPABLE:
                flush()
                out.append(Text(text[i + 1]))  # a Text of its own, so autolinking cannot swallow it
                i += 2
                continue
            if text.startswith("**", i):
                close = self.closing(text, i + 2, marks.doubles)
                if close is not None:
                    flush()
                    out.append(Strong(self.parse(text[i + 2 : close], in_link, depth + 1)))
                    i = close + 2
                    continue
            elif char == "*":
                close = self.closing(text, i + 1, marks.singles)
                if close is not None:
                    flush()
                    out.append(Em(self.parse(text[i + 1 : close], in_link, depth + 1)))
                    i = close + 1
                    continue
            elif char == "[" and not in_link:
                parsed = self.link(text, i, marks, depth)
                if parsed is not None:
                    flush()
                    node, i = parsed
                    out.append(node)
                    continue
            plain.append(char)
            i += 1
        flush()
        return tuple(out)

    @staticmethod
    def closing(text: str, start: int, closers: list[int]) -> int | None:
        """Where an emphasis opened at `start` closes: not empty, not padded with spaces, not escaped."""
        if start >= len(text) or text[start].isspace():
            return None
        return _Marks.first_after(closers, start)

    def link(self, text: str, start: int, marks: _Marks, depth: int) -> tuple[Link | Text, int] | None:
        """`[label](address)` at `start`: a link, or its label as text when the address is not allowed."""
        label_end = marks.brackets.get(start)
        if label_end is None or not text.startswith("(", label_end + 1):
            return None
        close = marks.parens.get(label_end + 1)
        if close is None:
            return None
        label = text[start + 1 : label_end]
        address = text[label_end + 2 : close]
        href = safe_href(address)
        if href is None:
            self.problems.append(Problem("unsafe-link", self.line_number, address.strip()))
            return Text(text[start : close + 1]), close + 1  # shown as written, never as a link
        children = self.parse(label, True, depth + 1) or (Text(href),)
        return Link(href, children), close + 1

    @staticmethod
    def autolinks(text: str, in_link: bool) -> list[Inline]:
        if in_link:
            return [Text(text)]
        out: list[Inline] = []
        last = 0
        for match in _BARE_URL.finditer(text):
            url = match.group(0).rstrip(_TRAILING)
            while url.endswith(")") and url.count("(") < url.count(")"):
                url = url[:-1]
            href = safe_href(url)
            if href is None:
                continue
            if match.start() > last:
                out.append(Text(text[last : match.start()]))
            out.append(Link(href, (Text(url),)))
            last = match.start() + len(url)
        if last < len(text):
            out.append(Text(text[last:]))
        return out


# ------------------------------------------------------------------------------------------------- blocks


def parse(markup: str) -> tuple[list[Block], list[Problem]]:
    """The text's blocks, and what in it does not work as written (unsafe links)."""
    problems: list[Problem] = []
    blocks: list[Block] = []
    paragraph: Paragraph | None = None
    stack: list[ListBlock] = []  # the open lists, outermost first
    for number, raw in enumerate(markup.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        words = raw.lstrip(" \t")
        line = (raw[: len(raw) - len(words)].replace("\t", "    ") + words).rstrip()  # tabs indent as 4
        inline = _Inline(number, problems)
        if not line.strip():
            paragraph, stack = None, []
            continue
        item = _ITEM.match(line)
        if item:
            paragraph = None
            indent, marker, content = len(item.group(1)), item.group(2), item.group(3)
            ordered = marker[0].isdigit()
            while stack and indent < stack[-1].indent:
                stack.pop()
            if stack and indent > stack[-1].indent and stack[-1].items and len(stack) < MAX_DEPTH:
                nested = ListBlock(ordered, int(marker[:-1]) if ordered else 1, indent)
                stack[-1].items[-1].lists.append(nested)
                stack.append(nested)
            elif not stack or stack[-1].ordered != ordered:
                opened = ListBlock(ordered, int(marker[:-1]) if ordered else 1, indent)
                if len(stack) > 1:
                    stack[-2].items[-1].lists.append(opened)
                    stack[-1] = opened
                else:
                    blocks.append(opened)
                    stack = [opened]
            stack[-1].items.append(Item([inline.parse(content)]))
            continue
        if stack and line[:1] == " ":  # an indented line goes on with the last item
            stack[-1].items[-1].lines.append(inline.parse(line.strip()))
            continue
        stack = []
        if paragraph is None:
            paragraph = Paragraph()
            blocks.append(paragraph)
        paragraph.lines.append(inline.parse(line.strip()))
    return blocks, problems


def problems(markup: str) -> list[Problem]:
    return parse(markup)[1]


# ------------------------------------------------------------------------------------------------- HTML


def _inline_html(nodes: Line) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(html.escape(node.text, quote=True))
        elif isinstance(node, Strong):
            parts.append(f"<strong>{_inline_html(node.children)}</strong>")
        elif isinstance(node, Em):
            parts.append(f"<em>{_inline_html(node.children)}</em>")
        else:
            parts.append(f'<a href="{html.escape(node.href, quote=True)}">{_inline_html(node.children)}</a>')
    return "".join(parts)


def _lines_html(lines: list[Line]) -> str:
    return "<br>\n".join(_inline_html(line) for line in lines)


def _list_html(block: ListBlock) -> str:
    tag = "ol" if block.ordered else "ul"
    start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
    items = "".join(
        f"<li>{_lines_html(item.lines)}{''.join(_list_html(nested) for nested in item.lists)}</li>\n"
        for item in block.items
    )
    return f"<{tag}{start}>\n{items}</{tag}>"


def to_html(markup: str) -> str:
    """The HTML fragment of the text: only allowlisted tags, every text escaped."""
    return _blocks_html(parse(markup)[0])


def _blocks_html(blocks: list[Block]) -> str:
    return "\n".join(
        f"<p>{_lines_html(b.lines)}</p>" if isinstance(b, Paragraph) else _list_html(b) for b in blocks
    )


def email_document(fragment: str, lang: str | None = None) -> str:
    """A whole HTML email around a fragment from `to_html`; styles inline, as mail clients need."""
    language = f' lang="{html.escape(lang, quote=True)}"' if lang else ""
    return (
        f'<!DOCTYPE html>\n<html{language}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n</head>\n'
        '<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;'
        'line-height:1.5;color:#1f2933;background:#ffffff">\n'
        f"{fragment}\n</body>\n</html>\n"
    )


# ------------------------------------------------------------------------------------------------- text


def _inline_text(nodes: Line) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, Strong | Em):
            parts.append(_inline_text(node.children))
        else:
            label = _inline_text(node.children)
            address = node.href.partition(":")[2] if node.href.lower().startswith("mailto:") else node.href
            parts.append(label if label == address else f"{label} ({address})")
    return "".join(parts)


def _list_text(block: ListBlock, depth: int) -> list[str]:
    out = []
    for index, item in enumerate(block.items):
        marker = f"{block.start + index}." if block.ordered else "-"
        pad = "  " * depth
        for number, line in enumerate(item.lines):
            lead = f"{pad}{marker} " if number == 0 else pad + " " * (len(marker) + 1)
            out.append(lead + _inline_text(line))
        for nested in item.lists:
            out.extend(_list_text(nested, depth + 1))
    return out


def to_text(markup: str) -> str:
    """The plain-text part: the same words, lists with `-` and numbers, links with their address."""
    return _blocks_text(parse(markup)[0])


def _blocks_text(blocks: list[Block]) -> str:
    parts = [
        "\n".join(_inline_text(line) for line in b.lines)
        if isinstance(b, Paragraph)
        else "\n".join(_list_text(b, 0))
        for b in blocks
    ]
    return "\n\n".join(parts) + ("\n" if parts else "")


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str  # the whole HTML document
    text: str
    problems: list[Problem]


def render_email(markup: str, lang: str | None = None) -> Rendered:
    """Both parts of an email from its markup, parsed once."""
    blocks, found = parse(markup)
    return Rendered(email_document(_blocks_html(blocks), lang), _blocks_text(blocks), found)


# ------------------------------------------------------------------------------------------------- values


def escape(value: str) -> str:
    """A value (a customer's name, an address) made literal inside markup: it cannot add markup."""
    escaped = "".join("\\" + c if c in "\\*[](){}" else c for c in value)
    lines = []
    for line in escaped.split("\n"):
        stripped = line.lstrip(" ")
        pad = line[: len(line) - len(stripped)]
        item = re.match(r"^(\d{1,9})([.)])", stripped)
        if stripped[:1] in "-+":
            stripped = "\\" + stripped
        elif item:
            stripped = item.group(1) + "\\" + stripped[len(item.group(1)) :]
        lines.append(pad + stripped)
    return "\n".join(lines)
