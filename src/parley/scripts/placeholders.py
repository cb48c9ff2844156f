"""`{{ placeholders }}` in step texts and email templates: found, checked and rendered — never executed.

A placeholder is a dotted name only (no filters, no calls, no attribute access on objects), looked up in plain
mappings. A missing value renders as `[name]` so a transcript shows the gap instead of a silent blank; the
desk shows the operator `say_parts`, where the gap is a prompt to ask the customer for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date

from parley.scripts.context import AGENT_ATTRIBUTES, CONTACT_ATTRIBUTES, CUSTOMER_ATTRIBUTES

PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}")
DOTTED_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$")

# Context objects the run is started with; the names validation accepts under each, those the run context's
# types declare (scripts/context.py). The customer's also include the admin-defined custom fields: when the
# caller does not know them (a file checked offline) any attribute of the customer is accepted.
CONTEXT_ATTRIBUTES: dict[str, frozenset[str] | None] = {
    "agent": AGENT_ATTRIBUTES,
    "contact": CONTACT_ATTRIBUTES,
    "customer": None,
}
GLOBAL_NAMES = frozenset({"company", "today"})


@dataclass(frozen=True, slots=True)
class Placeholder:
    name: str
    start: int
    end: int


def find_placeholders(text: str) -> list[Placeholder]:
    return [Placeholder(m.group(1), m.start(), m.end()) for m in PLACEHOLDER.finditer(text)]


#: Why a name names nothing (the `reason` of a diagnostic), with the parameters each reason carries.
NAME_PARAMS: Mapping[str, tuple[str, ...]] = {
    "not-a-dotted-name": ("name",),
    "name-is-object": ("name",),
    "not-a-field": ("name",),
    "unknown-object": ("name", "object"),
    "unknown-attribute": ("name", "object", "attribute", "known"),
}


@dataclass(frozen=True, slots=True)
class NameProblem:
    """Why a name names nothing: a `reason` of NAME_PARAMS, its parameters, and the English of it."""

    reason: str
    message: str
    params: Mapping[str, str]


def unknown_name_problem(
    name: str, fields: Mapping[str, object], customer_fields: Collection[str] | None = None
) -> NameProblem | None:
    """Why `name` names nothing (None when it is fine): used for placeholders and expression names.
    `customer_fields` are the customers' custom fields, when known: then `customer.*` is only those and the
    card's own attributes."""
    if not DOTTED_NAME.fullmatch(name) or "__" in name or name.startswith("_"):
        return NameProblem("not-a-dotted-name", f"{name!r} is not a plain dotted name", {"name": name})
    head, _, rest = name.partition(".")
    if not rest:
        if name in fields or name in GLOBAL_NAMES:
            return None
        if name in CONTEXT_ATTRIBUTES:
            message = f"{name!r} is an object; name one of its attributes, e.g. {name}.name"
            return NameProblem("name-is-object", message, {"name": name})
        message = f"{name!r} is not a field of this script (nor company, customer.*, contact.*, agent.*)"
        return NameProblem("not-a-field", message, {"name": name})
    if head not in CONTEXT_ATTRIBUTES:
        message = f"{name!r}: {head!r} is not customer, contact or agent"
        return NameProblem("unknown-object", message, {"name": name, "object": head})
    known = CONTEXT_ATTRIBUTES[head]
    if head == "customer" and customer_fields is not None:
        known = CUSTOMER_ATTRIBUTES | frozenset(customer_fields)
    if known is not None and rest not in known:
        listed = ", ".join(sorted(known))
        message = f"{name!r}: {head} has no {rest!r} (known: {listed})"
        params = {"name": name, "object": head, "attribute": rest, "known": listed}
        return NameProblem("unknown-attribute", message, params)
    return None


def lookup(name: str, values: Mapping[str, object]) -> object | None:
    current: object = values
    for part in name.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return current


_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def spoken_date(value: object, language: str) -> object:
    """A date field's value (ISO `YYYY-MM-DD`) as the operator reads it in the script's language: "24 December
    2026" or "24/12/2026" (how Vietnamese writes a date); anything else as it is."""
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        return value
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    if language == "vi":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def render(text: str, values: Mapping[str, object]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if not DOTTED_NAME.fullmatch(name) or "__" in name:
            return match.group(0)
        value = lookup(name, values)
        if value is None or value == "":
            return f"[{name}]"
        return str(value)

    return PLACEHOLDER.sub(replace, text)


@dataclass(frozen=True, slots=True)
class SayPart:
    """A piece of a step's text as the operator sees it: words to say (`text`), or a value to ask the customer
    for (`ask`, a placeholder without a value, with the script field's `label` when it has one), so that a gap
    is shown as a prompt instead of being read aloud as `[customer.address]`."""

    text: str = ""
    ask: str | None = None
    label: str | None = None


def say_parts(text: str, values: Mapping[str, object], labels: Mapping[str, str]) -> list[SayPart]:
    """`text` rendered as parts: filled placeholders join the words around them; each one without a value
    becomes an `ask` part. An ill-formed placeholder stays as written, as `render` leaves it."""
    parts: list[SayPart] = []
    words: list[str] = []
    at = 0
    for match in PLACEHOLDER.finditer(text):
        words.append(text[at : match.start()])
        at = match.end()
        name = match.group(1)
        if not DOTTED_NAME.fullmatch(name) or "__" in name:
            words.append(match.group(0))
            continue
        value = lookup(name, values)
        if value is not None and value != "":
            words.append(str(value))
            continue
        if "".join(words):
            parts.append(SayPart(text="".join(words)))
        words = []
        parts.append(SayPart(ask=name, label=labels.get(name)))
    words.append(text[at:])
    if "".join(words):
        parts.append(SayPart(text="".join(words)))
    return parts


def fill(
    text: str, values: Mapping[str, object], escape: Callable[[str], str] | None = None
) -> tuple[str, list[str]]:
    """`text` with every placeholder that has a value filled (through `escape`, for markup), and the names
    of those without one, left as `{{ name }}`: an email must not go out with a gap shown as `[name]`."""
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        value = lookup(name, values) if DOTTED_NAME.fullmatch(name) and "__" not in name else None
        if value is None or value == "":
            if name not in missing:
                missing.append(name)
            return "{{ " + name + " }}"
        return escape(str(value)) if escape else str(value)

    return PLACEHOLDER.sub(replace, text), missing


def unfilled(text: str) -> list[str]:
    """The placeholders still in `text` (an edited email must have none left)."""
    return list(dict.fromkeys(match.group(1) for match in PLACEHOLDER.finditer(text)))
