"""Typed answers: an operator's input checked against a field definition and normalised for storage."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from parley.platform.addresses import one_address
from parley.scripts.model import FieldDef, FieldType

PHONE_CHARS = re.compile(r"^\+?[0-9 ()./-]{5,30}$")
TRUE_WORDS = {"yes", "y", "true", "1", "có", "co", "đúng", "dung"}
FALSE_WORDS = {"no", "n", "false", "0", "không", "khong", "sai"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")
MAX_TEXT = 2_000

Value = str | int | float | bool | None


#: Why an answer is refused (the `reason` of an `invalid-answer` error), with the values each reason carries;
#: every reason also carries `label`, the field's label.
ANSWER_PARAMS: dict[str, tuple[str, ...]] = {
    "answer-not-a-number": ("label", "value"),
    "answer-out-of-range": ("label", "value"),
    "answer-below-min": ("label", "min"),
    "answer-above-max": ("label", "max"),
    "answer-not-a-date": ("label", "value"),
    "answer-not-a-phone": ("label", "value"),
    "answer-too-long": ("label", "max"),
    "answer-too-short": ("label", "min"),
    "answer-required": ("label",),
    "answer-not-an-email": ("label", "value"),
    "answer-not-a-choice": ("label", "choices"),
    "answer-not-yes-no": ("label",),
}


class AnswerRefused(ValueError):
    """The answer does not fit the field; the message tells the operator what would, in English, and
    `reason` (a key of ANSWER_PARAMS) with `params` lets a user interface say it in any language."""

    def __init__(self, message: str, reason: str, spec: FieldDef, **params: str | int) -> None:
        super().__init__(message)
        self.reason = reason
        self.params: dict[str, str | int] = {"label": spec.label, **params}


def _number(raw: str, spec: FieldDef) -> int | float:
    try:
        number = Decimal(raw.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise AnswerRefused(
            f"{spec.label}: {raw!r} is not a number", "answer-not-a-number", spec, value=raw
        ) from None
    if not number.is_finite() or abs(number) > Decimal(10) ** 12:
        raise AnswerRefused(f"{spec.label}: {raw!r} is out of range", "answer-out-of-range", spec, value=raw)
    if spec.min is not None and number < Decimal(str(spec.min)):
        raise AnswerRefused(
            f"{spec.label}: must be at least {spec.min:g}", "answer-below-min", spec, min=f"{spec.min:g}"
        )
    if spec.max is not None and number > Decimal(str(spec.max)):
        raise AnswerRefused(
            f"{spec.label}: must be at most {spec.max:g}", "answer-above-max", spec, max=f"{spec.max:g}"
        )
    return int(number) if number == number.to_integral_value() else float(number)


def _date(raw: str, spec: FieldDef) -> str:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date().isoformat()
        except ValueError:
            continue
    raise AnswerRefused(
        f"{spec.label}: {raw!r} is not a date (use YYYY-MM-DD)", "answer-not-a-date", spec, value=raw
    )


def _phone(raw: str, spec: FieldDef) -> str:
    digits = re.sub(r"\D", "", raw)
    if not PHONE_CHARS.fullmatch(raw) or not 6 <= len(digits) <= 15:
        raise AnswerRefused(
            f"{spec.label}: {raw!r} is not a phone number", "answer-not-a-phone", spec, value=raw
        )
    return ("+" if raw.startswith("+") else "") + digits


def _text(raw: str, spec: FieldDef) -> str:
    limit = min(spec.max_length or MAX_TEXT, MAX_TEXT)
    if len(raw) > limit:
        raise AnswerRefused(f"{spec.label}: at most {limit} characters", "answer-too-long", spec, max=limit)
    if spec.min is not None and len(raw) < spec.min:
        raise AnswerRefused(
            f"{spec.label}: at least {spec.min:g} characters", "answer-too-short", spec, min=f"{spec.min:g}"
        )
    return raw


def coerce(spec: FieldDef, raw: str | None) -> Value:
    """The stored value for `raw`, or AnswerRefused. An empty answer clears an optional field."""
    text = (raw or "").strip()
    if not text:
        if spec.required:
            raise AnswerRefused(f"{spec.label}: an answer is required", "answer-required", spec)
        return None
    match spec.type:
        case FieldType.NUMBER:
            return _number(text, spec)
        case FieldType.DATE:
            return _date(text, spec)
        case FieldType.PHONE:
            return _phone(text, spec)
        case FieldType.EMAIL:
            address = one_address(text)  # one recipient: never a list a later email would send to
            if address is None:
                raise AnswerRefused(
                    f"{spec.label}: {text!r} is not an email address", "answer-not-an-email", spec, value=text
                )
            return address
        case FieldType.CHOICE:
            for choice in spec.choices:
                if choice.casefold() == text.casefold():
                    return choice
            choices = ", ".join(spec.choices)
            raise AnswerRefused(
                f"{spec.label}: choose one of {choices}", "answer-not-a-choice", spec, choices=choices
            )
        case FieldType.BOOLEAN:
            if text.casefold() in TRUE_WORDS:
                return True
            if text.casefold() in FALSE_WORDS:
                return False
            raise AnswerRefused(f"{spec.label}: answer yes or no", "answer-not-yes-no", spec)
        case _:
            return _text(text, spec)


def for_expressions(spec: FieldDef | None, value: Value) -> object:
    """Stored values as expressions see them: dates as dates, numbers as Decimals."""
    if value is None or spec is None:
        return value
    if spec.type == FieldType.DATE and isinstance(value, str):
        return date.fromisoformat(value)
    if spec.type == FieldType.NUMBER and isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    return value
