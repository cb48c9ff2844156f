"""Custom field values against their types (pure)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from parley.desk.custom_fields import BadCustomField, check_fields, fits


@pytest.mark.parametrize(
    ("kind", "value", "ok"),
    [
        ("number", 3, True),
        ("number", 2.5, True),
        ("number", True, False),
        ("number", "3", False),
        ("number", math.inf, False),
        ("number", math.nan, False),
        ("date", "2026-02-28", True),
        ("date", "2026-02-30", False),
        ("date", "2026-2-3", False),
        ("date", 20260228, False),
        ("boolean", False, True),
        ("boolean", 0, False),
        ("text", "", True),
        ("text", 5, False),
        ("text", None, True),
        ("number", None, True),
    ],
)
def test_a_value_fits_its_type(kind: str, value: Any, ok: bool) -> None:
    assert fits(kind, value) is ok


def test_unknown_fields_are_refused_unless_kept_as_stored() -> None:
    defined = {"size": "number"}
    check_fields(defined, {"size": 42, "old": "x"}, {"old": "x"})
    with pytest.raises(BadCustomField, match="'old' is not a field") as unknown:
        check_fields(defined, {"old": "y"}, {"old": "x"})
    assert unknown.value.code == "unknown-customer-field"
    with pytest.raises(BadCustomField, match="'size' takes a number, not 'big'") as caught:
        check_fields(defined, {"size": "big"}, {})
    assert caught.value.extra == {"field": "fields.size", "name": "size", "type": "number"}
