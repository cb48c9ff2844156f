"""Custom fields of customer cards: a value must suit the type an admin gave its field.

Pure: the definitions come in as a mapping of field name to type (text, number, date, boolean).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from parley.platform.errors import InvalidInput

TYPE_WORDS = {
    "text": "text",
    "number": "a number",
    "date": "a date (YYYY-MM-DD)",
    "boolean": "true or false",
}


class BadCustomField(InvalidInput):
    code = "bad-customer-field"


class UnknownCustomField(BadCustomField):
    code = "unknown-customer-field"


def fits(kind: str, value: Any) -> bool:
    """Whether `value` (as JSON gives it) suits a field of type `kind`; None (empty) always does."""
    if value is None:
        return True
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "date":
        if not isinstance(value, str) or len(value) != 10:
            return False
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return True
    return isinstance(value, str)


def check_fields(defined: Mapping[str, str], values: Mapping[str, Any], stored: Mapping[str, Any]) -> None:
    """Refuse a value of an undefined field or of the wrong type, naming the field. A value kept exactly as
    stored passes even when its definition has since been removed (the card is not made unsaveable)."""
    for name, value in values.items():
        kind = defined.get(name)
        if kind is None:
            if name in stored and stored[name] == value:
                continue
            raise UnknownCustomField(
                f"{name!r} is not a field of customer cards (an admin defines them)",
                field=f"fields.{name}",
                name=name,
            )
        if not fits(kind, value):
            raise BadCustomField(
                f"field {name!r} takes {TYPE_WORDS.get(kind, kind)}, not {value!r}",
                field=f"fields.{name}",
                name=name,
                type=kind,
            )
