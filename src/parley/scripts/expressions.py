"""Branch conditions: a small expression language, parsed into our own AST and evaluated by our own evaluator.

Never `eval`: a tokenizer and a precedence-climbing parser build frozen nodes; evaluation only looks names up
in plain mappings. Hostile input (long, deep, huge numbers, dunder names, unknown functions) is refused with a
stable error code and the position in the source. The language is documented in docs/expressions.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

MAX_SOURCE = 2_000
MAX_DEPTH = 32
MAX_DIGITS = 30
MAX_MAGNITUDE = Decimal("1e15")
MAX_STRING = 10_000
MAX_LIST = 1_000


class ExpressionError(Exception):
    def __init__(self, code: str, message: str, position: int | None = None) -> None:
        where = f" (at {position + 1})" if position is not None else ""
        super().__init__(message + where)
        self.code = code
        self.message = message + where
        self.position = position


# -- tokens ----------------------------------------------------------------------------------------------
TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|%|\(|\)|\[|\]|,)
""",
    re.VERBOSE,
)
KEYWORDS = {"and", "or", "not", "in", "true", "false", "True", "False", "null", "none", "None"}
ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "'": "'", '"': '"'}


class Token(NamedTuple):  # a named tuple: tokens are made by the thousand and never changed
    kind: str  # number, string, name, op, keyword, end
    text: str
    position: int


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(source):
        match = TOKEN.match(source, position)
        if match is None:
            if source[position] in "'\"":
                raise ExpressionError("unterminated-string", "a string is not closed", position)
            raise ExpressionError(
                "unexpected-character", f"unexpected character {source[position]!r}", position
            )
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "name" and text in KEYWORDS:
            kind = "keyword"
        if kind != "space":
            tokens.append(Token(kind, text, position))
        position = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


# -- nodes -----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Literal:
    value: object


@dataclass(frozen=True, slots=True)
class Name:
    path: str
    position: int


@dataclass(frozen=True, slots=True)
class ListNode:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    operand: Node
    position: int


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Node
    right: Node
    position: int


@dataclass(frozen=True, slots=True)
class Call:
    function: str
    args: tuple[Node, ...]
    position: int


Node = Literal | Name | ListNode | Unary | Binary | Call

COMPARISONS = {"==", "!=", "<", "<=", ">", ">=", "in", "not in"}
FUNCTIONS = {
    "date": 1,
    "datetime": 1,
    "today": 0,
    "len": 1,
    "lower": 1,
    "upper": 1,
    "contains": 2,
    "days_between": 2,
    "empty": 1,
}


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.index = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, text: str) -> Token:
        if self.current.text != text or self.current.kind not in ("op", "keyword"):
            raise ExpressionError(
                "unexpected-token",
                f"expected {text!r}, found {self.current.text or 'the end'!r}",
                self.current.position,
            )
        return self.take()

    def parse(self) -> Node:
        node = self.or_(0)
        if self.current.kind != "end":
            raise ExpressionError(
                "unexpected-token", f"unexpected {self.current.text!r}", self.current.position
            )
        return node

    def nest(self, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise ExpressionError(
                "expression-too-deep", f"the expression nests deeper than {MAX_DEPTH}", self.current.position
            )
        return depth + 1

    def or_(self, depth: int) -> Node:
        depth = self.nest(depth)
        node = self.and_(depth)
        while self.current.kind == "keyword" and self.current.text == "or":
            position = self.take().position
            node = Binary("or", node, self.and_(depth), position)
        return node

    def and_(self, depth: int) -> Node:
        node = self.not_(depth)
        while self.current.kind == "keyword" and self.current.text == "and":
            position = self.take().position
            node = Binary("and", node, self.not_(depth), position)
        return node

    def not_(self, depth: int) -> Node:
        if self.current.kind == "keyword" and self.current.text == "not":
            position = self.take().position
            return Unary("not", self.not_(self.nest(depth)), position)
        return self.comparison(depth)

    def comparison_op(self) -> str | None:
        token = self.current
        if token.kind == "op" and token.text in COMPARISONS:
            return token.text
        if token.kind == "keyword" and token.text == "in":
            return "in"
        if token.kind == "keyword" and token.text == "not" and self.tokens[self.index + 1].text == "in":
            return "not in"
        return None

    def comparison(self, depth: int) -> Node:
        node = self.additive(depth)
        op = self.comparison_op()
        if op is None:
            return node
        position = self.take().position
        if op == "not in":
            self.take()
        node = Binary(op, node, self.additive(depth), position)
        if self.comparison_op() is not None:
            raise ExpressionError(
                "chained-comparison",
                "comparisons cannot be chained; join them with 'and'",
                self.current.position,
            )
        return node

    def additive(self, depth: int) -> Node:
        node = self.multiplicative(depth)
        while self.current.kind == "op" and self.current.text in ("+", "-"):
            token = self.take()
            node = Binary(token.text, node, self.multiplicative(depth), token.position)
        return node

    def multiplicative(self, depth: int) -> Node:
        node = self.unary(depth)
        while self.current.kind == "op" and self.current.text in ("*", "/", "%"):
            token = self.take()
            if self.current.kind == "op" and self.current.text == "*":
                raise ExpressionError(
                    "unexpected-token", "'**' is not an operator here", self.current.position
                )
            node = Binary(token.text, node, self.unary(depth), token.position)
        return node

    def unary(self, depth: int) -> Node:
        if self.current.kind == "op" and self.current.text == "-":
            position = self.take().position
            return Unary("-", self.unary(self.nest(depth)), position)
        return self.primary(depth)

    def primary(self, depth: int) -> Node:
        token = self.take()
        if token.kind == "number":
            return Literal(_number(token))
        if token.kind == "string":
            return Literal(_unescape(token))
        if token.kind == "keyword" and token.text in (
            "true",
            "True",
            "false",
            "False",
            "null",
            "none",
            "None",
        ):
            return Literal({"true": True, "True": True, "false": False, "False": False}.get(token.text))
        if token.kind == "name":
            _check_name(token)
            if self.current.text == "(" and self.current.kind == "op":
                return self.call(token, depth)
            return Name(token.text, token.position)
        if token.kind == "op" and token.text == "(":
            node = self.or_(self.nest(depth))
            self.expect(")")
            return node
        if token.kind == "op" and token.text == "[":
            return self.list_(self.nest(depth), token)
        raise ExpressionError(
            "unexpected-token", f"unexpected {token.text or 'end of expression'!r}", token.position
        )

    def list_(self, depth: int, opening: Token) -> Node:
        items: list[Node] = []
        while not (self.current.kind == "op" and self.current.text == "]"):
            items.append(self.or_(depth))
            if len(items) > MAX_LIST:
                raise ExpressionError(
                    "list-too-long", f"a list holds at most {MAX_LIST} items", opening.position
                )
            if self.current.text == "," and self.current.kind == "op":
                self.take()
            elif not (self.current.kind == "op" and self.current.text == "]"):
                raise ExpressionError(
                    "unexpected-token",
                    f"expected ',' or ']', found {self.current.text!r}",
                    self.current.position,
                )
        self.take()
        return ListNode(tuple(items))

    def call(self, name: Token, depth: int) -> Node:
        if name.text not in FUNCTIONS:
            raise ExpressionError(
                "unknown-function",
                f"unknown function {name.text!r}; known: " + ", ".join(sorted(FUNCTIONS)),
                name.position,
            )
        self.take()
        args: list[Node] = []
        while not (self.current.kind == "op" and self.current.text == ")"):
            args.append(self.or_(self.nest(depth)))
            if self.current.text == "," and self.current.kind == "op":
                self.take()
            elif not (self.current.kind == "op" and self.current.text == ")"):
                raise ExpressionError(
                    "unexpected-token",
                    f"expected ',' or ')', found {self.current.text!r}",
                    self.current.position,
                )
        self.take()
        if len(args) != FUNCTIONS[name.text]:
            raise ExpressionError(
                "wrong-arguments", f"{name.text}() takes {FUNCTIONS[name.text]} argument(s)", name.position
            )
        if name.text in ("date", "datetime"):
            return Literal(_date_literal(name, args[0]))
        return Call(name.text, tuple(args), name.position)


def _number(token: Token) -> Decimal | int:
    digits = token.text.replace(".", "")
    if len(digits) > MAX_DIGITS:
        raise ExpressionError("number-too-large", "the number has too many digits", token.position)
    value: Decimal | int = Decimal(token.text) if "." in token.text else int(token.text)
    if Decimal(token.text).copy_abs() > MAX_MAGNITUDE:
        raise ExpressionError("number-too-large", "numbers are limited to 10^15", token.position)
    return value


def _unescape(token: Token) -> str:
    body = token.text[1:-1]
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), body)


def _check_name(token: Token) -> None:
    for part in token.text.split("."):
        if part.startswith("_") or "__" in part:
            raise ExpressionError(
                "forbidden-name", f"names may not start with '_' ({token.text!r})", token.position
            )


def _date_literal(name: Token, argument: Node) -> date | datetime:
    if not isinstance(argument, Literal) or not isinstance(argument.value, str):
        raise ExpressionError(
            "bad-date", f"{name.text}() takes a quoted literal such as '2026-12-24'", name.position
        )
    try:
        if name.text == "date":
            return date.fromisoformat(argument.value)
        return datetime.fromisoformat(argument.value)
    except ValueError:
        raise ExpressionError(
            "bad-date", f"{argument.value!r} is not a valid {name.text}", name.position
        ) from None


def _collect(node: Node, names: set[str], functions: set[str]) -> None:
    if isinstance(node, Name):
        names.add(node.path)
    elif isinstance(node, Unary):
        _collect(node.operand, names, functions)
    elif isinstance(node, Binary):
        _collect(node.left, names, functions)
        _collect(node.right, names, functions)
    elif isinstance(node, ListNode | Call):
        if isinstance(node, Call):
            functions.add(node.function)
        for item in node.items if isinstance(node, ListNode) else node.args:
            _collect(item, names, functions)


@dataclass(frozen=True, slots=True)
class Expression:
    source: str
    root: Node

    def names(self) -> frozenset[str]:
        names: set[str] = set()
        _collect(self.root, names, set())
        return frozenset(names)

    def functions(self) -> frozenset[str]:
        functions: set[str] = set()
        _collect(self.root, set(), functions)
        return frozenset(functions)

    def evaluate(self, env: Mapping[str, object]) -> object:
        from parley.scripts.expressions_eval import evaluate

        return evaluate(self.root, env)

    def evaluate_bool(self, env: Mapping[str, object]) -> bool:
        from parley.scripts.expressions_eval import truthy

        return truthy(self.evaluate(env))


@lru_cache(maxsize=4096)
def parse(source: str) -> Expression:
    """Parse a condition. Cached (bounded; expressions are immutable): the designer re-validates the whole
    script as the author types, and scripts repeat conditions."""
    if len(source) > MAX_SOURCE:
        raise ExpressionError(
            "expression-too-long", f"an expression is at most {MAX_SOURCE} characters", MAX_SOURCE
        )
    if not source.strip():
        raise ExpressionError("empty-expression", "the condition is empty", 0)
    return Expression(source, _Parser(source).parse())


__all__: Sequence[str] = ["Expression", "ExpressionError", "parse"]
