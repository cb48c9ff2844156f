"""The expression tree and its evaluator: plain values only, null-aware, every failure an ExpressionError.

The parser in `expressions.py` builds these frozen nodes; nothing here knows about syntax. Numbers are
`Decimal` throughout and every operation runs in one private decimal context, so a caller's thread-local
context (precision, traps) can never change an answer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DecimalException,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)

MAX_STRING = 10_000
MAX_NUMBER = Decimal("1e30")  # results; literals are held to 1e15 by the parser
MAX_LIST_NESTING = 32  # lists and mappings handed in by the caller, compared item by item
_CONTEXT = Context(
    prec=34,
    rounding=ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
_ARITHMETIC: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": _CONTEXT.add,
    "-": _CONTEXT.subtract,
    "*": _CONTEXT.multiply,
    "/": _CONTEXT.divide,
    "%": _CONTEXT.remainder,
}
_ORDERED_KINDS = frozenset({"number", "text", "date", "datetime"})


#: Each ExpressionError code with the parameters it carries (what a user interface words its message from).
EXPRESSION_PARAMS: Mapping[str, tuple[str, ...]] = {
    # parsing
    "unterminated-string": (),
    "unexpected-character": ("character",),
    "unexpected-token": ("token",),
    "unexpected-end": (),
    "chained-comparison": (),
    "list-too-long": ("max",),
    "forbidden-name": ("name",),
    "unknown-function": ("name", "known"),
    "wrong-arguments": ("name", "count"),
    "expression-too-deep": ("max",),
    "expression-too-long": ("max",),
    "empty-expression": (),
    "number-too-large": (),
    "bad-escape": ("escape",),
    "bad-date": ("function", "example"),
    # evaluating
    "bad-value": (),
    "type-mismatch": (),
    "value-too-large": (),
    "null-in-arithmetic": (),
    "division-by-zero": (),
    "no-today": (),
}


class ExpressionError(Exception):
    """A condition that cannot be parsed or evaluated. `code` is stable (a key of EXPRESSION_PARAMS) and
    `params` hold the values of its message; `position` is a 0-based offset."""

    def __init__(
        self,
        code: str,
        message: str,
        position: int | None = None,
        params: Mapping[str, str | int] | None = None,
    ) -> None:
        where = f" (at column {position + 1})" if position is not None else ""
        super().__init__(message + where)
        self.code = code
        self.message = message + where
        self.position = position
        self.params: Mapping[str, str | int] = params or {}


# -- nodes -----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Literal:
    value: object  # None, bool, Decimal, str, date or datetime


@dataclass(frozen=True, slots=True)
class Name:
    path: str
    parts: tuple[str, ...]
    position: int


@dataclass(frozen=True, slots=True)
class ListNode:
    items: tuple[Node, ...]
    position: int


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node
    position: int


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Node
    position: int


@dataclass(frozen=True, slots=True)
class Logic:
    """`a and b and c` as one flat node: long chains never make a deep tree."""

    op: str  # "and" | "or"
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Compare:
    op: str  # == != < <= > >= in "not in"
    left: Node
    right: Node
    position: int


@dataclass(frozen=True, slots=True)
class Arithmetic:
    """A left fold: `first op1 x1 op2 x2 …` is `((first op1 x1) op2 x2) …`, kept flat for the same reason."""

    first: Node
    steps: tuple[tuple[str, Node, int], ...]  # (operator, operand, position of the operator)


@dataclass(frozen=True, slots=True)
class Call:
    function: str
    args: tuple[Node, ...]
    position: int


Node = Literal | Name | ListNode | Not | Negate | Logic | Compare | Arithmetic | Call


# -- values ----------------------------------------------------------------------------------------------
def kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, Decimal | int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, Mapping):
        return "mapping"
    return "object"


def truthy(value: object) -> bool:
    """null, false, 0, '' and empty lists or mappings are false; everything else is true."""
    if value is None or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, Decimal | int | float):
        return value != 0
    if isinstance(value, str | list | tuple | Mapping):
        return len(value) > 0
    return True


def normal(value: object, position: int) -> object:
    """A caller's value as the language sees it: every number a finite Decimal, tuples as lists."""
    if value is None or isinstance(value, bool | str | date):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ExpressionError("bad-value", f"the number {value} cannot be used", position)
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExpressionError("bad-value", f"the number {value} cannot be used", position)
        return Decimal(repr(value))
    if isinstance(value, tuple):
        return list(value)
    return value


def _lookup(node: Name, env: Mapping[str, object]) -> object:
    current: object = env
    for part in node.parts:
        # Only plain mappings are ever indexed: objects are opaque, so no attribute is ever read.
        if not isinstance(current, Mapping):
            return None
        current = current.get(part)
    return normal(current, node.position)


def _mismatch(op: str, left: object, right: object, position: int) -> ExpressionError:
    return ExpressionError(
        "type-mismatch", f"cannot apply {op!r} to {kind(left)} and {kind(right)}", position
    )


def equal(left: object, right: object, position: int, nesting: int = 0) -> bool:
    """Equality without Python's cross-type surprises: true is not 1, a date is not a datetime.

    Lists and mappings compare item by item to a bounded depth (a caller's structure may refer to itself);
    any other object is equal only to itself, so no foreign `__eq__` ever runs.
    """
    if left is right:
        return True
    if left is None or right is None:
        return False
    left_kind = kind(left)
    if left_kind != kind(right) or left_kind == "object":
        return False
    if left_kind in ("list", "mapping") and nesting >= MAX_LIST_NESTING:
        raise ExpressionError("value-too-large", "lists or mappings nest too deeply to compare", position)
    deeper = nesting + 1
    if isinstance(left, list | tuple) and isinstance(right, list | tuple):
        return len(left) == len(right) and all(
            equal(normal(a, position), normal(b, position), position, deeper)
            for a, b in zip(left, right, strict=True)
        )
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        return len(left) == len(right) and all(
            key in right and equal(normal(item, position), normal(right[key], position), position, deeper)
            for key, item in left.items()
        )
    return bool(left == right)


def _contains(op: str, needle: object, haystack: object, position: int) -> bool:
    """`needle in haystack`; `op` is 'in', 'not in' or 'contains' (whose arguments come the other way)."""
    if needle is None or haystack is None:
        return False  # like every comparison with null, both `in` and `not in` are false
    if isinstance(haystack, str) and isinstance(needle, str):
        found = needle.casefold() in haystack.casefold()
    elif isinstance(haystack, list | tuple):
        found = any(equal(needle, normal(item, position), position) for item in haystack)
    elif op == "contains":
        raise ExpressionError(
            "type-mismatch", f"contains() cannot take {kind(haystack)} and {kind(needle)}", position
        )
    else:
        raise _mismatch(op, needle, haystack, position)
    return not found if op == "not in" else found


def _compare(op: str, left: object, right: object, position: int) -> bool:
    if op == "==":
        return equal(left, right, position)
    if op == "!=":
        return not equal(left, right, position)
    if op in ("in", "not in"):
        return _contains(op, left, right, position)
    if left is None or right is None:
        return False
    left_kind = kind(left)
    if left_kind != kind(right) or left_kind not in _ORDERED_KINDS:
        raise _mismatch(op, left, right, position)
    try:
        if op == "<":
            return bool(left < right)  # type: ignore[operator]
        if op == "<=":
            return bool(left <= right)  # type: ignore[operator]
        if op == ">":
            return bool(left > right)  # type: ignore[operator]
        return bool(left >= right)  # type: ignore[operator]
    except TypeError:  # an aware and a naive datetime
        raise _mismatch(op, left, right, position) from None


def _arithmetic(op: str, left: object, right: object, position: int) -> object:
    if left is None or right is None:
        raise ExpressionError("null-in-arithmetic", f"{op!r} on a value that has no answer yet", position)
    if isinstance(left, Decimal) and isinstance(right, Decimal):
        if op in ("/", "%") and not right:
            raise ExpressionError("division-by-zero", f"{op!r} by zero", position)
        try:
            result = _ARITHMETIC[op](left, right)
        except DecimalException:
            raise ExpressionError("value-too-large", "the number grew too large", position) from None
        if result.copy_abs() > MAX_NUMBER:
            raise ExpressionError("value-too-large", "the number grew too large", position)
        return result
    if op == "+" and isinstance(left, str) and isinstance(right, str):
        if len(left) + len(right) > MAX_STRING:  # checked before the join: the long text is never built
            raise _too_long(position)
        return left + right
    raise _mismatch(op, left, right, position)


def _too_long(position: int) -> ExpressionError:
    return ExpressionError("value-too-large", f"text longer than {MAX_STRING} characters", position)


def _bounded(text: str, position: int) -> str:
    if len(text) > MAX_STRING:
        raise _too_long(position)
    return text


# -- functions -------------------------------------------------------------------------------------------
def _call(node: Call, env: Mapping[str, object]) -> object:
    name, position = node.function, node.position
    if name == "today":
        today = env.get("today")
        if isinstance(today, datetime):
            return today.date()
        if isinstance(today, date):
            return today
        raise ExpressionError("no-today", "today() needs the caller to supply 'today'", position)
    args = [evaluate(arg, env) for arg in node.args]
    value = args[0]
    if name == "empty":
        return value is None or (isinstance(value, str | list | Mapping) and len(value) == 0)
    if name == "contains":
        return _contains("contains", args[1], value, position)
    if name == "days_between":
        end = args[1]
        if value is None or end is None:
            return None
        if not (isinstance(value, date) and isinstance(end, date)):
            raise _mismatch("days_between", value, end, position)
        return Decimal((_day(end) - _day(value)).days)
    if value is None:
        return Decimal(0) if name == "len" else None
    if name == "len" and isinstance(value, str | list):
        return Decimal(len(value))
    if name in ("lower", "upper") and isinstance(value, str):
        return _bounded(value.lower() if name == "lower" else value.upper(), position)
    raise ExpressionError("type-mismatch", f"{name}() cannot take {kind(value)}", position)


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


# -- evaluation ------------------------------------------------------------------------------------------
def evaluate(node: Node, env: Mapping[str, object]) -> object:
    """One frame per tree level; the parser bounds the tree's height, so recursion is bounded too."""
    if isinstance(node, Compare):
        return _compare(node.op, evaluate(node.left, env), evaluate(node.right, env), node.position)
    if isinstance(node, Name):
        return _lookup(node, env)
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Logic):
        wanted = node.op == "or"  # `or` stops at the first true operand, `and` at the first false one
        for operand in node.operands:
            if truthy(evaluate(operand, env)) is wanted:
                return wanted
        return not wanted
    if isinstance(node, Arithmetic):
        result = evaluate(node.first, env)
        for op, operand, position in node.steps:
            result = _arithmetic(op, result, evaluate(operand, env), position)
        return result
    if isinstance(node, Not):
        return not truthy(evaluate(node.operand, env))
    if isinstance(node, Negate):
        value = evaluate(node.operand, env)
        if value is None:
            raise ExpressionError(
                "null-in-arithmetic", "'-' on a value that has no answer yet", node.position
            )
        if not isinstance(value, Decimal):
            raise ExpressionError("type-mismatch", f"cannot apply '-' to {kind(value)}", node.position)
        return value.copy_negate()
    if isinstance(node, ListNode):
        return [evaluate(item, env) for item in node.items]
    return _call(node, env)
