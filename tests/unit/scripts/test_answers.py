from __future__ import annotations

import pytest

from parley.scripts.answers import AnswerRefused, coerce
from parley.scripts.model import FieldDef, FieldType


def spec(kind: FieldType, **extra: object) -> FieldDef:
    return FieldDef(name="f", type=kind, label="F", **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "raw", "value", "extra"),
    [
        (FieldType.NUMBER, "4", 4, {}),
        (FieldType.NUMBER, "4,5", 4.5, {}),
        (FieldType.DATE, "24/12/2026", "2026-12-24", {}),
        (FieldType.DATE, "2026-12-24", "2026-12-24", {}),
        (FieldType.PHONE, "+84 (90) 123-4567", "+84901234567", {}),
        (FieldType.EMAIL, "Anna@Example.com", "anna@example.com", {}),
        (FieldType.CHOICE, "quality", "Quality", {"choices": ("Price", "Quality")}),
        (FieldType.BOOLEAN, "có", True, {}),
        (FieldType.TEXT, "  hello ", "hello", {}),
        (FieldType.TEXT, "", None, {}),
    ],
)
def test_accepted(kind: FieldType, raw: str, value: object, extra: dict[str, object]) -> None:
    assert coerce(spec(kind, **extra), raw) == value


@pytest.mark.parametrize(
    ("kind", "raw", "extra", "message"),
    [
        (FieldType.NUMBER, "many", {}, "not a number"),
        (FieldType.NUMBER, "9" * 40, {}, "out of range"),
        (FieldType.NUMBER, "NaN", {}, "out of range"),
        (FieldType.NUMBER, "0", {"min": 1}, "at least 1"),
        (FieldType.DATE, "31/02/2026", {}, "not a date"),
        (FieldType.PHONE, "call me", {}, "not a phone"),
        (FieldType.EMAIL, "anna@", {}, "not an email"),
        (FieldType.EMAIL, "x,victim@example.com", {}, "not an email"),
        (FieldType.EMAIL, "anna@example.com; victim@example.com", {}, "not an email"),
        (FieldType.EMAIL, "Anna <anna@example.com>", {}, "not an email"),
        (FieldType.CHOICE, "size", {"choices": ("Price",)}, "choose one of"),
        (FieldType.BOOLEAN, "perhaps", {}, "yes or no"),
        (FieldType.TEXT, "", {"required": True}, "required"),
        (FieldType.TEXT, "x" * 30, {"max_length": 20}, "at most 20"),
    ],
)
def test_refused(kind: FieldType, raw: str, extra: dict[str, object], message: str) -> None:
    with pytest.raises(AnswerRefused, match=message):
        coerce(spec(kind, **extra), raw)
