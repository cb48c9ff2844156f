"""Evaluation of parsed expressions: plain values only, null-aware, every failure an ExpressionError."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Any

from parley.scripts.expressions import (
    MAX_STRING,
    Binary,
    Call,
    ExpressionError,
    ListNode,
    Literal,
    Name,
    Node,
    Unary,
)

NUMBER = (int, Decimal, float)
ORDERINGS: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def truthy(value: object) -> bool:
    if value is None or value is False or value in ("", []):
        return False
    return not (isinstance(value, int | float | Decimal) and value == 0)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, NUMBER):
        return "number"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "list"
    return "object"


def _normal(value: object) -> object:
    """Numbers become Decimal (floats through their text), so int and decimal compare exactly."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _lookup(path: str, env: Mapping[str, object]) -> object:
    current: object = env
    for part in path.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return _normal(current)


def _mismatch(op: str, left: object, right: object, position: int) -> ExpressionError:
    return ExpressionError(
        "type-mismatch", f"cannot apply {op!r} to {_kind(left)} and {_kind(right)}", position
    )


def _compare(op: str, left: object, right: object, position: int) -> bool:
    if op in ("in", "not in"):
        if right is None or left is None:
            return False
        if isinstance(right, str) and isinstance(left, str):
            found = left.casefold() in right.casefold()
        elif isinstance(right, list):
            found = left in right
        else:
            raise _mismatch(op, left, right, position)
        return found if op == "in" else not found
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    if left is None or right is None:
        return False
    if _kind(left) != _kind(right) or _kind(left) in ("boolean", "list", "object"):
        raise _mismatch(op, left, right, position)
    try:
        return bool(ORDERINGS[op](left, right))
    except TypeError:
        raise _mismatch(op, left, right, position) from None


def _arithmetic(op: str, left: object, right: object, position: int) -> object:
    if left is None or right is None:
        raise ExpressionError("null-in-arithmetic", f"{op!r} on a value that has no answer yet", position)
    if op == "+" and isinstance(left, str) and isinstance(right, str):
        if len(left) + len(right) > MAX_STRING:
            raise ExpressionError("value-too-large", f"text longer than {MAX_STRING} characters", position)
        return left + right
    if isinstance(left, Decimal) and isinstance(right, Decimal):
        try:
            result = {
                "+": lambda: left + right,
                "-": lambda: left - right,
                "*": lambda: left * right,
                "/": lambda: left / right,
                "%": lambda: left % right,
            }[op]()
        except (DivisionByZero, InvalidOperation, ZeroDivisionError):
            raise ExpressionError("division-by-zero", "division by zero", position) from None
        if abs(result) > Decimal(10) ** 30:
            raise ExpressionError("value-too-large", "the number grew too large", position)
        return result
    raise _mismatch(op, left, right, position)


def _call(node: Call, env: Mapping[str, object]) -> object:
    args = [evaluate(arg, env) for arg in node.args]
    name = node.function
    if name == "today":
        today = env.get("today")
        if not isinstance(today, date):
            raise ExpressionError("no-today", "today() is not available here", node.position)
        return today
    if name == "empty":
        return args[0] is None or args[0] in ("", [])
    if name == "days_between":
        first, second = args
        if first is None or second is None:
            return None
        if not (isinstance(first, date) and isinstance(second, date)):
            raise _mismatch("days_between", first, second, node.position)
        return Decimal((_as_date(second) - _as_date(first)).days)
    value = args[0] if args else None
    if name == "len":
        if value is None:
            return Decimal(0)
        if isinstance(value, str | list):
            return Decimal(len(value))
    elif name in ("lower", "upper"):
        if value is None:
            return None
        if isinstance(value, str):
            return value.lower() if name == "lower" else value.upper()
    elif name == "contains":
        return _compare("in", args[1], args[0], node.position)
    raise ExpressionError("type-mismatch", f"{name}() cannot take {_kind(value)}", node.position)


def _as_date(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _unary(node: Unary, env: Mapping[str, object]) -> object:
    value = evaluate(node.operand, env)
    if node.op == "not":
        return not truthy(value)
    if value is None:
        raise ExpressionError("null-in-arithmetic", "'-' on a value that has no answer yet", node.position)
    if not isinstance(value, Decimal):
        raise ExpressionError("type-mismatch", f"cannot negate {_kind(value)}", node.position)
    return -value


def _binary(node: Binary, env: Mapping[str, object]) -> object:
    if node.op == "and":
        left = evaluate(node.left, env)
        return evaluate(node.right, env) if truthy(left) else left
    if node.op == "or":
        left = evaluate(node.left, env)
        return left if truthy(left) else evaluate(node.right, env)
    left, right = evaluate(node.left, env), evaluate(node.right, env)
    if node.op in ("==", "!=", "<", "<=", ">", ">=", "in", "not in"):
        return _compare(node.op, left, right, node.position)
    return _arithmetic(node.op, left, right, node.position)


HANDLERS: dict[type, Callable[[Any, Mapping[str, object]], object]] = {
    Literal: lambda node, env: _normal(node.value),
    Name: lambda node, env: _lookup(node.path, env),
    ListNode: lambda node, env: [evaluate(item, env) for item in node.items],
    Unary: _unary,
    Binary: _binary,
    Call: _call,
}


def evaluate(node: Node, env: Mapping[str, object]) -> object:
    return HANDLERS[type(node)](node, env)
