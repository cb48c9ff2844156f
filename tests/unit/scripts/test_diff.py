from __future__ import annotations

from parley.scripts.diff import diff_scripts
from parley.scripts.fileformat import load_script
from parley.scripts.model import Script
from tests.unit.scripts.sample import SAMPLE


def load(source: str) -> Script:
    script = load_script(source).script
    assert script is not None
    return script


def test_identical_versions_have_no_diff() -> None:
    assert diff_scripts(load(SAMPLE), load(SAMPLE)).empty


def test_added_removed_and_changed_steps() -> None:
    after = (
        SAMPLE.replace("Did I answer all your questions?", "Did I answer every question?")
        .replace(
            '  bye_later: {text: "Thank you, I will call you back.", end: callback}\n',
            '  bye_later: {text: "Thank you.", next: extra}\n  extra: {text: Bye!, end: callback}\n',
        )
        .replace(
            "  price:\n    text: I understand. Our price includes free delivery.\n    next: return\n", ""
        )
    )
    diff = diff_scripts(load(SAMPLE), load(after))
    assert diff.added == ["extra"]
    assert diff.removed == ["price"]
    changed = {c.step: c.changed for c in diff.changed}
    assert changed == {"closing": ["text"], "bye_later": ["end", "kind", "next", "text"]}
    closing = next(c for c in diff.changed if c.step == "closing")
    assert closing.before == {"text": "Did I answer all your questions?"}


def test_line_moves_alone_are_not_changes() -> None:
    assert diff_scripts(load(SAMPLE), load("# a comment\n\n" + SAMPLE)).empty


def test_section_changes() -> None:
    after = SAMPLE.replace(
        "  callback: {label: Call back later}\n", "  callback: {label: Later}\n  won: {label: Won}\n"
    )
    diff = diff_scripts(load(SAMPLE), load(after))
    assert diff.sections == {"outcomes": {"added": ["won"], "removed": [], "changed": ["callback"]}}
