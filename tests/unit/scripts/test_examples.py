"""The shipped example scripts: clean under --strict, and every outcome reachable by playing them."""

from __future__ import annotations

import copy
import json
from collections import deque
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.platform.errors import DomainError
from parley.scripts.library import EXAMPLES_DIR, MemoryLibrary, load_directory
from parley.scripts.model import FieldDef, FieldType, Script
from parley.scripts.runtime import Runner, RunState
from parley.scripts.validate import validate_script
from tests.unit.scripts.sample import clock

SCRIPTS = {script.slug: script for script in load_directory(EXAMPLES_DIR)}
MAIN_EXAMPLES = [
    "confirm-paid-order",
    "satisfaction-survey",
    "insoles-invitation",
    "cold-call-b2b",
    "handle-complaint",
    "order-enquiry",
    "xac-nhan-don-hang",
]
CONTEXTS = [
    {
        "company": "Shoe Shop",
        "agent": {"name": "Alex"},
        "customer": {
            "name": "Anna Tran",
            "first_name": "Anna",
            "orders_count": 3,
            "email": "anna@example.com",
            "address": "12 Main Street",
        },
    },
    {"company": "Shoe Shop", "agent": {"name": "Alex"}, "customer": {"name": "Bao", "orders_count": 0}},
]


def sample_values(spec: FieldDef) -> list[str]:
    match spec.type:
        case FieldType.NUMBER:
            low, high = spec.min if spec.min is not None else 0, spec.max if spec.max is not None else 100
            return [f"{low:g}", f"{high:g}", f"{(low + high) / 2:g}", "25"]
        case FieldType.CHOICE:
            return list(spec.choices)
        case FieldType.BOOLEAN:
            return ["yes", "no"]
        case FieldType.DATE:
            return ["2026-12-24"]
        case FieldType.EMAIL:
            return ["anna@example.com"]
        case FieldType.PHONE:
            return ["+84 90 123 4567"]
        case _:
            return ["tomorrow at ten"]


def candidate_answers(runner: Runner, state: RunState) -> list[str | None]:
    view = runner.view(state)
    if view.options:
        script = runner.library.get(state.at_slug, state.at_version)[0]
        step = script.step(view.step)
        return [f"{o.answer}: in a meeting" if o.field else o.answer for o in step.options]
    if view.field:
        script = runner.library.get(state.at_slug, state.at_version)[0]
        return list(sample_values(script.fields[view.field["name"]]))
    return [None]


def reachable_outcomes(
    slug: str, contexts: list[dict[str, object]] = CONTEXTS
) -> dict[str, list[str | None]]:
    """Breadth-first over answers; returns each outcome reached with the answers that reach it."""
    runner = Runner(MemoryLibrary(list(SCRIPTS.values())), clock)
    found: dict[str, list[str | None]] = {}
    seen: set[str] = set()
    queue: deque[tuple[RunState, list[str | None]]] = deque(
        (runner.start(slug, context), []) for context in contexts
    )
    while queue:
        state, path = queue.popleft()
        if state.finished:
            found.setdefault(state.outcome or "", path)
            continue
        key = json.dumps(
            [
                state.at_slug,
                state.step,
                state.fields,
                [f.step for f in state.stack],
                state.context.get("customer"),
            ],
            sort_keys=True,
            default=str,
        )
        if key in seen or len(path) > 40:
            continue
        seen.add(key)
        for answer in candidate_answers(runner, state):
            branch = copy.deepcopy(state)
            try:
                runner.answer(branch, answer)
            except DomainError:
                continue
            queue.append((branch, [*path, answer]))
    return found


def test_there_are_seven_examples_and_a_sub_script() -> None:
    assert set(MAIN_EXAMPLES) | {"get-past-secretary"} == set(SCRIPTS)
    assert "get-past-secretary" in SCRIPTS


@pytest.mark.parametrize("slug", sorted(SCRIPTS))
def test_example_is_clean_under_strict_validation(slug: str) -> None:
    assert validate_script(SCRIPTS[slug], resolve=SCRIPTS.get) == []


@pytest.mark.parametrize("slug", sorted(SCRIPTS))
def test_every_outcome_is_reachable(slug: str) -> None:
    script: Script = SCRIPTS[slug]
    assert set(reachable_outcomes(slug)) == set(script.outcomes)
    assert script.success_outcomes, "each example has at least one success outcome"


@pytest.mark.parametrize("slug", MAIN_EXAMPLES)
def test_cli_plays_every_outcome(slug: str) -> None:
    """Rehearse each outcome from the terminal command, fed the answers the search found."""
    runner = CliRunner()
    path = Path(EXAMPLES_DIR) / f"{slug}.yaml"
    customer = CONTEXTS[0]["customer"]
    assert isinstance(customer, dict)
    variables = [f"--var=customer.{key}={value}" for key, value in customer.items()]
    played = set()
    for outcome, answers in reachable_outcomes(slug, CONTEXTS[:1]).items():
        lines = "".join(f"{answer}\n" for answer in answers if answer is not None)
        result = runner.invoke(app, ["scripts", "play", str(path), *variables], input=lines)
        assert result.exit_code == 0, result.output
        last = result.output.strip().splitlines()
        assert last[-2] == f"outcome: {outcome}"
        assert last[-1].startswith("fields: {")
        json.loads(last[-1].removeprefix("fields: "))
        played.add(outcome)
    assert played


def test_examples_match_the_json_schema() -> None:
    import jsonschema

    from parley.scripts.document import read_document

    schema = json.loads((Path(__file__).resolve().parents[3] / "docs" / "script.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(Path(EXAMPLES_DIR).glob("*.yaml")):
        # Parley reads keys as written (YAML 1.1 would turn the key `on` into true); so do YAML 1.2 editors.
        errors = list(validator.iter_errors(read_document(path.read_text(encoding="utf-8")).data))
        assert errors == [], (path.name, [e.message for e in errors[:3]])
    broken = {"slug": "Bad Slug", "name": "x", "start": "a", "nodes": {"a": {"txt": "hi"}}}
    assert len(list(validator.iter_errors(broken))) == 2
