"""Every diagnostic code can be produced, and each comes with exactly the parameters its code declares.

A user interface words a diagnostic from `code` and `params` alone (the designer, in the author's language),
so a code whose parameters differ from `PARAMS` would show a gap, or a value that no text uses.
"""

from __future__ import annotations

import pytest

from parley.scripts.diagnostics import CODES, PARAMS, REASONS, Diagnostic
from parley.scripts.fileformat import load_script
from parley.scripts.model import Script
from parley.scripts.validate import validate_text
from tests.unit.scripts.sample import SAMPLE

OTHER = "slug: other\nname: Other\nstart: s\noutcomes: {ok: {label: OK}}\nnodes:\n  s: {end: ok}\n"


def _with(old: str, new: str) -> str:
    assert old in SAMPLE, old
    return SAMPLE.replace(old, new, 1)


def _step(text: str) -> str:
    return SAMPLE + text


# One broken script per code; each must produce (at least) a diagnostic with that code.
CASES: dict[str, str] = {
    "syntax": "slug: [unclosed\n",
    "empty": "# nothing but a comment\n",
    "too-large": "name: " + "x" * 2_000_001 + "\n",
    "too-deep": "a: " + "[" * 70 + "]" * 70 + "\n",
    "many-documents": "a: 1\n---\nb: 2\n",
    "duplicate-key": _with("name: Sample order call\n", "name: Sample order call\nname: Twice\n"),
    "alias-not-allowed": "a: &x 1\nb: *x\n",
    "tag-not-allowed": _with("name: Sample order call", "name: !custom Sample order call"),
    "bad-key": _with('"Thank you, goodbye!"', "{{ customer.name }}, goodbye"),
    "merge-key": _with("kb:\n", "defaults:\n  <<: {x: 1}\nkb:\n"),
    "not-a-script": "- just\n- a list\n",
    "unknown-key": _with("    next: ask_rating\n", "    next: ask_rating\n    colour: red\n"),
    "missing-key": _with("start: greet\n", ""),
    "not-text": _with("name: Sample order call", "name: [a, b]"),
    "not-a-mapping": _with(
        "kb:\n  delivery: {title: Delivery terms, body: We deliver within 3 days.}", "kb: [a]"
    ),
    "not-a-list": _with("objections:\n  - {label: Too expensive, goto: price}", "objections: nope"),
    "not-a-number": _with("min: 1, max: 5}", "min: one, max: 5}"),
    "not-true-false": _with("success: true}", "success: maybe}"),
    "too-long": _with("name: Sample order call", "name: " + "x" * 201),
    "bad-slug": _with("slug: sample-order", "slug: Sample_Order"),
    "bad-language": _with("language: en", "language: fr"),
    "bad-direction": _with("direction: outbound", "direction: sideways"),
    "bad-step-id": _step("  bad step: {text: Hi, next: bye}\n"),
    "bad-field-name": _with("  reason: {type: text", "  Reason: {type: text"),
    "bad-field-type": _with("{type: number, label: Rating", "{type: numeric, label: Rating"),
    "bad-transfer-mode": _step("  move: {transfer: {queue: sales, mode: jump}, next: bye}\n"),
    "bad-outcome-target": _step("  sub: {script: other, on: {ok: [a]}, next: bye}\n"),
    "two-kinds": _with("end: confirmed}", "end: confirmed, email: offer}"),
    "missing-next": _with("    next: can_talk\n", ""),
    "unexpected-next": _with("end: confirmed}", "end: confirmed, next: greet}"),
    "missing-text": _step("  silent: {next: bye}\n"),
    "no-options": _step("  ask: {text: A question?, options: []}\n"),
    "unexpected-key": _step("  said: {text: Hi, next: bye, on: {ok: bye}}\n"),
    "unknown-start": _with("start: greet", "start: hello"),
    "unknown-step": _with("next: can_talk", "next: nowhere"),
    "objection-unknown-step": _with("goto: price}", "goto: nowhere}"),
    "note-unknown-step": SAMPLE + "notes:\n  - {text: Orphan, step: gone}\n",
    "unknown-outcome": _with("end: confirmed}", "end: won}"),
    "subscript-unknown-outcome": _step("  sub: {script: other, on: {lost: bye}, next: bye}\n"),
    "unknown-field": _with("    field: rating\n", "    field: score\n"),
    "unknown-email": _with("    email: offer\n", "    email: offre\n"),
    "unknown-kb": _with("    kb: [delivery]", "    kb: [returns]"),
    "unknown-script": _step("  sub: {script: nowhere, next: bye}\n"),
    "duplicate-answer": _with('{answer: "No", next: bye_later}', '{answer: "yes", next: bye_later}'),
    "other-answer-not-text": _with("{answer: Other, field: reason,", "{answer: Other, field: rating,"),
    "question-field-type": _with(
        "    hint: Listen for hesitation.\n", "    hint: Listen.\n    field: rating\n"
    ),
    "option-not-a-choice": _with(
        "  email: {type: email, label: Email,",
        "  talk: {type: choice, choices: [yes]}\n  email: {type: email, label: Email,",
    ).replace("    hint: Listen for hesitation.\n", "    hint: Listen.\n    field: talk\n"),
    "branch-without-else": _with("      - {else: closing}\n", ""),
    "else-not-last": _with(
        '      - {if: "rating >= 4 and customer.orders_count > 0", next: offer}\n      - {else: closing}\n',
        '      - {else: closing}\n      - {if: "rating >= 4", next: offer}\n',
    ),
    "bad-expression": _with("rating >= 4 and", "rating >= = 4 and"),
    "unknown-name": _with("rating >= 4 and", "ratin >= 4 and"),
    "unknown-placeholder": _with("{{ agent.name }}", "{{ agent.nickname }}"),
    "email-unknown-placeholder": _with(
        'subject: "An offer for {{ customer.name }}"', 'subject: "For {{ nobody }}"'
    ),
    "invalid-sender": _with('    subject: "An offer', '    sender: "not an address"\n    subject: "An offer'),
    "invalid-subject": _with('subject: "An offer for', 'subject: "An offer\\u2028for'),
    "unsafe-link": _with("here is our offer", "here is [our offer](javascript:alert(1))"),
    "invalid-attachment": _with(
        '    subject: "An offer', '    attachments: ["../secret.pdf"]\n    subject: "An offer'
    ),
    "bad-field-bounds": _with("min: 1, max: 5}", "min: 9, max: 5}"),
    "no-choices": _with("{type: email, label: Email,", "{type: choice, label: Email,"),
    "return-outside-objection": _with("    next: can_talk\n", "    next: return\n"),
    "no-end-reachable": _with("    next: bye\n", "    next: closing\n"),
    "subscript-cycle": _step("  sub: {script: sample-order, next: bye}\n"),
    "unreachable": _step("  lonely: {text: Nobody comes here., next: bye}\n"),
    "unused-outcome": _with(
        "  callback: {label: Call back later}\n", "  callback: {label: Later}\n  won: {label: Won}\n"
    ),
    "unused-choices": _with(
        "  reason: {type: text, label: Reason}", "  reason: {type: text, label: Reason, choices: [a]}"
    ),
    "unused-bounds": _with(
        "{type: date, label: Delivery date,", "{type: date, min: 1, label: Delivery date,"
    ),
    "etiquette-phrase": _with("I will send you our offer by email.", "You must pay now."),
    "greeting-missing-company": _with("this is {{ agent.name }} from {{ company }}.", "hello there."),
    "greeting-missing-agent": _with("this is {{ agent.name }} from {{ company }}.", "hello there."),
    "outbound-no-can-talk": _with("Is it convenient for you to talk now?", "Do you like shoes?"),
    "no-closing-question": _with("Did I answer all your questions?", "That is all."),
}


def _scripts() -> dict[str, Script]:
    other = load_script(OTHER).script
    assert other is not None
    return {"other": other}


def _diagnose(source: str) -> list[Diagnostic]:
    library = _scripts()
    own = load_script(source).script
    if own is not None and own.slug:
        library[own.slug] = own  # so a script that calls itself is found (the cycle)
    return validate_text(source, resolve=library.get)[1]


def test_every_code_has_a_case() -> None:
    assert set(CASES) == set(CODES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_code_is_produced_with_its_declared_params(code: str) -> None:
    diagnostics = _diagnose(CASES[code])
    found = [d for d in diagnostics if d.code == code]
    assert found, [(d.code, d.message) for d in diagnostics]
    for diagnostic in diagnostics:  # every diagnostic of the case, not only the one asked for
        declared = set(PARAMS[diagnostic.code])
        reason = diagnostic.params.get("reason")
        if reason is not None:
            assert reason in REASONS, (diagnostic.code, reason)
            declared |= set(REASONS[str(reason)])
        assert set(diagnostic.params) == declared, (diagnostic.code, diagnostic.message, diagnostic.params)
        assert all(isinstance(v, str | int) for v in diagnostic.params.values())


def test_params_reach_the_dictionary_the_api_sends() -> None:
    [diagnostic] = [d for d in _diagnose(CASES["unknown-step"]) if d.severity == "error"]
    assert diagnostic.as_dict()["params"] == {"target": "nowhere"}
    assert diagnostic.message == "step 'greet': leads to unknown step 'nowhere'"  # the CLI keeps its English
