"""Validation: one precise diagnostic per problem, with its line and step."""

from __future__ import annotations

import pytest

from parley.scripts.diagnostics import Diagnostic
from parley.scripts.fileformat import load_script
from parley.scripts.model import FieldType
from parley.scripts.validate import validate_text
from tests.unit.scripts.sample import SAMPLE


def codes(diagnostics: list[Diagnostic], severity: str = "error") -> list[str]:
    return [d.code for d in diagnostics if d.severity == severity]


def diagnose(source: str) -> list[Diagnostic]:
    return validate_text(source)[1]


def test_the_sample_is_clean() -> None:
    script, diagnostics = validate_text(SAMPLE)
    assert script is not None
    assert diagnostics == []


def test_format_is_file_line_severity_message() -> None:
    broken = SAMPLE.replace("next: can_talk", "next: nowhere")
    [diagnostic] = [d for d in diagnose(broken) if d.code == "unknown-step"]
    assert (
        diagnostic.format("order.yaml")
        == "order.yaml:25: error: step 'greet': leads to unknown step 'nowhere'"
    )


@pytest.mark.parametrize(
    ("old", "new", "code", "line", "step"),
    [
        ("start: greet", "start: hello", "unknown-start", 5, None),
        ("    next: ask_rating\n", "    next: ask_rating\n    colour: red\n", "unknown-key", 38, "ask_date"),
        (
            '  bye: {text: "Thank you, goodbye!", end: confirmed}',
            '  bye: {text: "Thank you, goodbye!", end: confirmed, email: offer}',
            "two-kinds",
            56,
            "bye",
        ),
        ("end: confirmed}", "end: won}", "unknown-outcome", 56, "bye"),
        ("    field: rating\n", "    field: score\n", "unknown-field", 40, "ask_rating"),
        ("    email: offer\n", "    email: offre\n", "unknown-email", 48, "offer"),
        ("      - {else: closing}\n", "", "branch-without-else", 42, "check"),
        ("rating >= 4 and", "rating >= = 4 and", "bad-expression", 44, "check"),
        ("rating >= 4 and", "ratin >= 4 and", "unknown-name", 44, "check"),
        ("{{ agent.name }}", "{{ agent.nickname }}", "unknown-placeholder", 24, "greet"),
        ("{{ agent.name }}", "{{ nobody }}", "unknown-placeholder", 24, "greet"),
        (
            '{answer: "No", next: bye_later}',
            '{answer: "yes", next: bye_later}',
            "duplicate-answer",
            31,
            "can_talk",
        ),
        (
            "  rating: {type: number, label: Rating, min: 1, max: 5}",
            "  rating: {type: number, label: Rating, min: 9, max: 5}",
            "bad-field-bounds",
            8,
            None,
        ),
        (
            "  email: {type: email, label: Email, customer_field: email}",
            "  email: {type: choice, label: Email, customer_field: email}",
            "no-choices",
            10,
            None,
        ),
        ("    next: return\n", "    next: closing\n", None, None, None),
        ("    next: bye\n", "    next: closing\n", "no-end-reachable", 53, "closing"),
        ("    next: can_talk\n", "    next: return\n", "return-outside-objection", 25, "greet"),
        (
            "      - {answer: Other, field: reason, next: bye_later}",
            "      - {answer: Other, field: rating, next: bye_later}",
            "other-answer-not-text",
            32,
            "can_talk",
        ),
        ("    kb: [delivery]", "    kb: [returns]", "unknown-kb", 36, "ask_date"),
    ],
)
def test_each_problem_gets_one_diagnostic(
    old: str, new: str, code: str | None, line: int | None, step: str | None
) -> None:
    assert old in SAMPLE
    diagnostics = diagnose(SAMPLE.replace(old, new, 1))
    errors = [d for d in diagnostics if d.severity == "error"]
    if code is None:
        assert errors == []
        return
    assert [d.code for d in errors] == [code], errors
    assert errors[0].line == line
    assert errors[0].step == step


def test_a_duplicate_step_id_is_reported_with_its_line() -> None:
    broken = SAMPLE.replace("  bye_later:", "  bye:", 1)
    diagnostics = diagnose(broken)
    duplicate = [d for d in diagnostics if d.code == "duplicate-key"]
    assert len(duplicate) == 1
    assert duplicate[0].line == 57
    assert "'bye'" in duplicate[0].message


def test_unreachable_step_is_a_warning() -> None:
    broken = SAMPLE.replace('      - {answer: "No", next: bye_later}\n', "").replace(
        "      - {answer: Other, field: reason, next: bye_later}\n", ""
    )
    diagnostics = diagnose(broken)
    assert codes(diagnostics) == []
    assert "unreachable" in codes(diagnostics, "warning")


def test_syntax_error_has_a_line() -> None:
    [diagnostic] = diagnose("slug: x\nnodes: [\n  a: 1\n")
    assert diagnostic.code == "syntax"
    assert diagnostic.line is not None


def test_not_a_mapping() -> None:
    assert codes(diagnose("- just\n- a list\n")) == ["not-a-script"]


def test_yaml_aliases_are_refused() -> None:
    bomb = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"
    assert "alias-not-allowed" in codes(diagnose(bomb))


def test_sub_script_cycle_is_found() -> None:
    one = (
        "slug: one\nname: One\nstart: s\noutcomes: {ok: {label: OK}}\nnodes:\n  s: {script: two, next: e}\n"
        "  e: {end: ok}\n"
    )
    two = one.replace("slug: one", "slug: two").replace("script: two", "script: one")
    scripts = {s.slug: s for s in (load_script(one).script, load_script(two).script) if s}
    _, diagnostics = validate_text(one, resolve=scripts.get)
    assert "subscript-cycle" in codes(diagnostics)
    _, missing = validate_text(one, resolve=lambda slug: None)
    assert "unknown-script" in codes(missing)


def test_etiquette_warning_offers_an_alternative() -> None:
    rude = SAMPLE.replace("I will send you our offer by email.", "You must pay now.")
    warnings = [d for d in diagnose(rude) if d.code == "etiquette-phrase"]
    assert len(warnings) == 1
    assert warnings[0].step == "offer"
    assert warnings[0].suggestion


def test_wrong_types_are_named() -> None:
    broken = SAMPLE.replace(
        "  rating: {type: number, label: Rating, min: 1, max: 5}",
        "  rating: {type: numeric, label: Rating, min: one, max: 5}",
    )
    diagnostics = [d for d in diagnose(broken) if d.severity == "error"]
    allowed = ", ".join(t.value for t in FieldType)
    assert sorted((d.code, dict(d.params)) for d in diagnostics) == [
        ("bad-field-type", {"field": "rating", "type": "numeric", "allowed": allowed}),
        ("not-a-number", {"field": "rating", "key": "min"}),
    ]


def test_notes_are_read_and_checked() -> None:
    with_notes = (
        SAMPLE + "notes:\n  - {text: Check the price wording, step: offer}\n  - {text: Orphan, step: gone}\n"
    )
    script, diagnostics = validate_text(with_notes)
    assert script is not None
    assert [n.text for n in script.notes] == ["Check the price wording", "Orphan"]
    assert [(d.severity, d.code, dict(d.params)) for d in diagnostics] == [
        ("warning", "note-unknown-step", {"target": "gone"})
    ]
    assert "unknown step 'gone'" in diagnostics[0].message
    assert codes(diagnose(SAMPLE + "notes:\n  - {step: offer}\n")) == ["missing-key"]


def test_a_repeated_condition_is_reported_at_each_rule() -> None:
    """Problems of a condition are worked out once per validation, then reported at every rule using it."""
    source = """slug: twice
name: Twice
start: a
fields:
  amount: {type: number, label: Amount}
nodes:
  a:
    branch:
      - {if: 'amont > 1', next: b}
      - {else: b}
  b:
    branch:
      - {if: 'amont > 1', next: c}
      - {if: 'amount >', next: c}
      - {else: c}
  c: {text: Bye, end: done}
outcomes:
  done: {label: Done}
"""
    found = [(d.code, d.line, d.step) for d in diagnose(source) if d.severity == "error"]
    assert found == [
        ("unknown-name", 9, "a"),
        ("unknown-name", 13, "b"),
        ("bad-expression", 14, "b"),
    ]


def test_a_mapping_used_as_a_key_is_reported_not_a_crash() -> None:
    """`text: {{ name }}, hi` unquoted is a YAML mapping whose key is a mapping: libyaml reads it."""
    source = SAMPLE.replace('"Thank you, goodbye!"', "{{ customer.name }}, goodbye")
    assert source != SAMPLE
    assert "bad-key" in codes(diagnose(source))
