"""Branch conditions: a small expression language, parsed into our own tree, run by our own evaluator.

Never `eval`, never Python's `ast`: a regular-expression tokenizer and a Pratt parser build the frozen nodes
of `expressions_eval`. Hostile input (long, deep, huge numbers, dunder names, unknown functions) is refused
with a stable error code and its 0-based position. The language is documented in docs/expressions.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from parley.scripts.expressions_eval import (
    MAX_STRING,
    Arithmetic,
    Call,
    Compare,
    ExpressionError,
    ListNode,
    Literal,
    Logic,
    Name,
    Negate,
    Node,
    Not,
    evaluate,
    truthy,
)

MAX_SOURCE = 2_000
MAX_DEPTH = 32  # brackets, parentheses, call arguments, `not` and unary minus, nested
MAX_DIGITS = 30
MAX_MAGNITUDE = Decimal("1e15")
MAX_LIST = 1_000
FUNCTIONS: Mapping[str, int] = {  # name -> number of arguments
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

# -- tokens ----------------------------------------------------------------------------------------------
# A token is (kind, text, position). Operators and keywords are their own kind, so the parser tests one field.
Token = tuple[str, str, int]
_TOKEN = re.compile(
    r"""\s*(?:
    (?P<number>[0-9]+(?:\.[0-9]+)?)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|%|\(|\)|\[|\]|,)
)""",
    re.VERBOSE | re.ASCII | re.DOTALL,
)
_SPACE = re.compile(r"\s*", re.ASCII)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
ESCAPES: Mapping[str, str] = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"'}
KEYWORDS: Mapping[str, str] = {
    "and": "and",
    "or": "or",
    "not": "not",
    "in": "in",
    "true": "true",
    "True": "true",
    "false": "false",
    "False": "false",
    "null": "null",
    "none": "null",
    "None": "null",
}
_CONSTANTS: Mapping[str, object] = {"true": True, "false": False, "null": None}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", re.ASCII)
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?\Z", re.ASCII)


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    position, end, match = 0, len(source), _TOKEN.match
    while True:
        found = match(source, position)
        if found is None:
            position = _SPACE.match(source, position).end()  # type: ignore[union-attr]  # \s* always matches
            if position == end:
                tokens.append(("end", "", end))
                return tokens
            if source[position] in "'\"":
                raise ExpressionError("unterminated-string", "a string is not closed", position)
            character = source[position]
            raise ExpressionError(
                "unexpected-character",
                f"unexpected character {character!r}",
                position,
                {"character": character},
            )
        group = found.lastgroup or ""
        text = found.group(group)
        kind = group if group != "op" else text
        if group == "name":
            kind = KEYWORDS.get(text, "name")
        tokens.append((kind, text, found.start(group)))
        position = found.end()


# -- parser ----------------------------------------------------------------------------------------------
_OR, _AND, _NOT, _COMPARE, _SUM, _PRODUCT, _UNARY = 1, 2, 3, 4, 5, 6, 7
_BINDING: Mapping[str, int] = {
    "or": _OR,
    "and": _AND,
    **dict.fromkeys(("==", "!=", "<", "<=", ">", ">=", "in", "not"), _COMPARE),
    "+": _SUM,
    "-": _SUM,
    "*": _PRODUCT,
    "/": _PRODUCT,
    "%": _PRODUCT,
}
_LOGIC = frozenset(("and", "or"))
_ARITHMETIC_OPS = frozenset("+-*/%")


def _unexpected(token: Token, wanted: str = "") -> ExpressionError:
    if token[0] == "end":
        found = "the end of the expression"
        message = f"{wanted}found {found}" if wanted else f"unexpected {found}"
        return ExpressionError("unexpected-end", message, token[2])
    found = repr(token[1])
    message = f"{wanted}found {found}" if wanted else f"unexpected {found}"
    return ExpressionError("unexpected-token", message, token[2], {"token": token[1]})


class _Parser:
    """Pratt parser: one `expression` loop driven by binding powers, one `prefix` for operands."""

    __slots__ = ("index", "tokens")

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0

    def parse(self) -> Node:
        node = self.expression(0, 0)
        if self.tokens[self.index][0] != "end":
            raise _unexpected(self.tokens[self.index])
        return node

    def expression(self, min_binding: int, depth: int) -> Node:
        tokens = self.tokens
        left = self.prefix(min_binding, depth)
        chain: list[tuple[str, Node, int]] = []  # (operator, right operand, position), folded once at the end
        while True:
            token = tokens[self.index]
            op, binding = token[0], _BINDING.get(token[0], 0)
            if binding < min_binding or not binding:
                return _fold(left, chain) if chain else left
            self.index += 1
            if op == "not":
                if tokens[self.index][0] != "in":
                    raise _unexpected(token)
                self.index += 1
                op = "not in"
            elif op == "*" and tokens[self.index][0] == "*":
                raise ExpressionError(
                    "unexpected-token", "'**' is not an operator", tokens[self.index][2], {"token": "**"}
                )
            chain.append((op, self.expression(binding + 1, depth), token[2]))
            if binding == _COMPARE:
                following = tokens[self.index]
                if _BINDING.get(following[0]) == _COMPARE:
                    raise ExpressionError(
                        "chained-comparison",
                        "comparisons cannot be chained; join them with 'and'",
                        following[2],
                    )

    def prefix(self, min_binding: int, depth: int) -> Node:
        token = self.tokens[self.index]
        self.index += 1
        kind, text, position = token
        if kind == "name":
            return self.name(token, depth)
        if kind == "number":
            return Literal(_number(text, position))
        if kind == "string":
            return Literal(_unescape(text, position))
        if kind in _CONSTANTS:
            return Literal(_CONSTANTS[kind])
        if kind == "(":
            node = self.expression(0, _deeper(depth, position))
            self.expect(")", "expected ')', ")
            return node
        if kind == "[":
            return ListNode(self.items("]", _deeper(depth, position), position), position)
        if kind == "-":
            operand = self.expression(_UNARY, _deeper(depth, position))
            if isinstance(operand, Literal) and isinstance(operand.value, Decimal):
                return Literal(operand.value.copy_negate())
            return Negate(operand, position)
        if kind == "not" and min_binding <= _NOT:
            return Not(self.expression(_NOT, _deeper(depth, position)), position)
        raise _unexpected(token)

    def expect(self, kind: str, wanted: str) -> None:
        if self.tokens[self.index][0] != kind:
            raise _unexpected(self.tokens[self.index], wanted)
        self.index += 1

    def items(self, closing: str, depth: int, opening: int) -> tuple[Node, ...]:
        """Comma-separated expressions up to `closing` (consumed); `opening` is where the list starts."""
        items: list[Node] = []
        if self.tokens[self.index][0] == closing:
            self.index += 1
            return ()
        while True:
            items.append(self.expression(0, depth))
            if self.tokens[self.index][0] != ",":
                self.expect(closing, f"expected ',' or {closing!r}, ")
                return tuple(items)
            self.index += 1
            if len(items) >= MAX_LIST:
                raise ExpressionError(
                    "list-too-long", f"a list holds at most {MAX_LIST} items", opening, {"max": MAX_LIST}
                )

    def name(self, token: Token, depth: int) -> Node:
        text, position = token[1], token[2]
        parts = tuple(text.split("."))
        for part in parts:
            if part[0] == "_" or "__" in part:
                raise ExpressionError(
                    "forbidden-name",
                    f"names may not start with '_' or hold '__' ({text!r})",
                    position,
                    {"name": text},
                )
        if len(parts) > 1 and parts[0] in KEYWORDS:
            raise _unexpected(token)
        if self.tokens[self.index][0] == "(":
            return self.call(text, position, depth)
        return Name(text, parts, position)

    def call(self, name: str, position: int, depth: int) -> Node:
        arity = FUNCTIONS.get(name)
        if arity is None:
            known = ", ".join(sorted(FUNCTIONS))
            raise ExpressionError(
                "unknown-function",
                f"unknown function {name!r}; known: {known}",
                position,
                {"name": name, "known": known},
            )
        self.index += 1
        args = self.items(")", _deeper(depth, position), position)
        if len(args) != arity:
            raise ExpressionError(
                "wrong-arguments",
                f"{name}() takes {arity} argument(s)",
                position,
                {"name": name, "count": arity},
            )
        if name in ("date", "datetime"):
            return Literal(_date_literal(name, args[0], position))
        return Call(name, args, position)


def _fold(left: Node, chain: list[tuple[str, Node, int]]) -> Node:
    """Left-fold `left op1 x1 op2 x2 …`, runs of `and`, of `or` and of arithmetic each into one flat node.

    Building the flat nodes once per run keeps a 1,000-step chain linear rather than quadratic.
    """
    index, count = 0, len(chain)
    while index < count:
        op, right, position = chain[index]
        if op in _LOGIC:
            end = index
            while end < count and chain[end][0] == op:
                end += 1
            operands = tuple(step[1] for step in chain[index:end])
            if isinstance(left, Logic) and left.op == op:
                left = Logic(op, left.operands + operands)
            else:
                left = Logic(op, (left, *operands))
        elif op in _ARITHMETIC_OPS:
            end = index
            while end < count and chain[end][0] in _ARITHMETIC_OPS:
                end += 1
            steps = tuple(chain[index:end])
            if isinstance(left, Arithmetic):
                left = Arithmetic(left.first, left.steps + steps)
            else:
                left = Arithmetic(left, steps)
        else:
            end = index + 1
            left = Compare(op, left, right, position)
        index = end
    return left


def _deeper(depth: int, position: int) -> int:
    if depth >= MAX_DEPTH:
        raise ExpressionError(
            "expression-too-deep",
            f"the expression nests deeper than {MAX_DEPTH}",
            position,
            {"max": MAX_DEPTH},
        )
    return depth + 1


def _number(text: str, position: int) -> Decimal:
    if len(text) - ("." in text) > MAX_DIGITS:
        raise ExpressionError("number-too-large", f"a number has at most {MAX_DIGITS} digits", position)
    value = Decimal(text)
    if value > MAX_MAGNITUDE:
        raise ExpressionError("number-too-large", "numbers are limited to 10^15", position)
    return value


def _unescape(text: str, position: int) -> str:
    body = text[1:-1]
    if "\\" not in body:
        return body

    def replace(escape: re.Match[str]) -> str:
        replacement = ESCAPES.get(escape.group(1))
        if replacement is None:
            where = position + 1 + escape.start()
            raise ExpressionError(
                "bad-escape", f"unknown escape {escape.group()!r}", where, {"escape": escape.group()}
            )
        return replacement

    return _ESCAPE.sub(replace, body)


def _date_literal(name: str, argument: Node, position: int) -> date | datetime:
    shape = _DATE if name == "date" else _DATETIME
    example = "'2026-12-24'" if name == "date" else "'2026-12-24T09:30'"
    if not isinstance(argument, Literal) or not isinstance(argument.value, str):
        raise ExpressionError(
            "bad-date",
            f"{name}() takes a quoted literal such as {example}",
            position,
            {"function": name, "example": example},
        )
    try:
        if not shape.match(argument.value):
            raise ValueError
        return (
            date.fromisoformat(argument.value) if name == "date" else datetime.fromisoformat(argument.value)
        )
    except ValueError:
        raise ExpressionError(
            "bad-date",
            f"{argument.value!r} is not a {name} like {example}",
            position,
            {"function": name, "example": example},
        ) from None


# -- public API ------------------------------------------------------------------------------------------
def _walk(root: Node) -> tuple[frozenset[str], frozenset[str]]:
    names: set[str] = set()
    functions: set[str] = set()
    pending: list[Node] = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, Name):
            names.add(node.path)
        elif isinstance(node, Call):
            functions.add(node.function)
            pending.extend(node.args)
        elif isinstance(node, Not | Negate):
            pending.append(node.operand)
        elif isinstance(node, Compare):
            pending += (node.left, node.right)
        elif isinstance(node, Logic):
            pending.extend(node.operands)
        elif isinstance(node, Arithmetic):
            pending.append(node.first)
            pending.extend(step[1] for step in node.steps)
        elif isinstance(node, ListNode):
            pending.extend(node.items)
    return frozenset(names), frozenset(functions)


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed condition. Immutable; equal when the source is equal."""

    source: str
    root: Node = field(repr=False, compare=False)

    def names(self) -> frozenset[str]:
        """Dotted names the condition reads, e.g. {'customer.orders_count', 'rating'}."""
        return _walk(self.root)[0]

    def functions(self) -> frozenset[str]:
        """Functions it calls at run time; `date()` and `datetime()` are constants folded at parse time."""
        return _walk(self.root)[1]

    def evaluate(self, env: Mapping[str, object]) -> object:
        return evaluate(self.root, env)

    def evaluate_bool(self, env: Mapping[str, object]) -> bool:
        """The condition as a branch sees it: null, false, 0, '' and [] do not hold."""
        return truthy(evaluate(self.root, env))


@lru_cache(maxsize=1024)
def _parse(source: str) -> Expression:
    tokens = tokenize(source)
    if tokens[0][0] == "end":
        raise ExpressionError("empty-expression", "the condition is empty", 0)
    return Expression(source, _Parser(tokens).parse())


def parse(source: str) -> Expression:
    """Parse a condition or raise ExpressionError. Cached, bounded: the designer re-parses as authors type."""
    if len(source) > MAX_SOURCE:  # checked before the cache, so no cached entry can outlive a lower limit
        raise ExpressionError(
            "expression-too-long",
            f"an expression is at most {MAX_SOURCE} characters",
            MAX_SOURCE,
            {"max": MAX_SOURCE},
        )
    return _parse(source)


__all__ = ["FUNCTIONS", "MAX_STRING", "Expression", "ExpressionError", "parse"]
