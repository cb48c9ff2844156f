"""The fast subset reader must agree with the libyaml path on every text it accepts (data, lines, raw)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from bench.scripts_bench import generated_script

from parley.scripts import document
from parley.scripts.yaml_subset import Unsupported, read_subset

EXAMPLES = sorted((Path(document.__file__).parent / "examples").glob("*.yaml"))
SNIPPETS = [
    *(":", "#", " # c", "'", '"', "{", "}", "[", "]", ",", "-", "- ", "&a ", "*a", "!!str ", "\t", "|", ">"),
    *("---", "...", "<<: ", "yes", "1_000", "0.5", "~", "? ", "{{ x }}", "é", "\\", " :", ": ", "  ", "%"),
    *("-x", "'a'", '"b"', "{a: b}", "[c]", "1e3", "\u2028", "\x85", "\ufeff", "- k: v", "''"),
]


def _libyaml(text: str) -> tuple[Any, dict[Any, int], dict[Any, str]] | None:
    doc = document.Document(data=None)
    builder = document._Builder(doc)
    try:
        builder.run(text)
    except Exception:
        return None
    return builder.root, doc.lines, doc.raw


def _subset(text: str) -> tuple[Any, dict[Any, int], dict[Any, str]] | None:
    lines: dict[Any, int] = {}
    raw: dict[Any, str] = {}
    try:
        return read_subset(text, lines, raw), lines, raw
    except Unsupported:
        return None


def _mutations(text: str, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    base = text.split("\n")
    found = []
    for _ in range(count):
        lines = list(base)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(lines))
            op = rng.randrange(6)
            if op == 0:
                del lines[i]
            elif op == 1:
                lines.insert(i, lines[rng.randrange(len(lines))])
            elif op == 2:
                lines[i] = " " * rng.randint(1, 3) + lines[i]
            elif op == 3:
                lines[i] = lines[i][rng.randint(1, 3) :]
            else:
                at = rng.randint(0, len(lines[i]))
                cut = rng.randint(0, 3) if op == 5 else 0
                lines[i] = lines[i][:at] + rng.choice(SNIPPETS) + lines[i][at + cut :]
        found.append("\n".join(lines))
    return found


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_mutated_examples_read_alike(path: Path) -> None:
    for text in [path.read_text(encoding="utf-8"), *_mutations(path.read_text(encoding="utf-8"), 400, 7)]:
        fast = _subset(text)
        if fast is not None:
            assert fast == _libyaml(text), text


def test_generated_script_takes_the_fast_path_and_reads_alike() -> None:
    text = generated_script(200)
    fast = _subset(text)
    assert fast is not None
    assert fast == _libyaml(text)
    for variant in _mutations(text, 300, 11):
        fast = _subset(variant)
        if fast is not None:
            assert fast == _libyaml(variant), variant


@pytest.mark.parametrize(
    "text",
    [
        "a:\n- x\n- y\nb: 1\n",
        "- a: 1\n  b: [1, 'x', \"y\", {c: d}]\n- c\n",
        "a: 'it''s'\nb: \"q: x\"   # c\nc:\nd: -5\ne: {x: .5, y: ~, z: yes}\n",
        "x:\n  - a:\n    - 1\n    b:\n",
        "a: 1\n...\n",
        "a: b: c\n",
        "a: {b: 1,}\n",
        "a: x\n  y\n",
    ],
)
def test_small_documents_read_alike_or_go_to_libyaml(text: str) -> None:
    fast = _subset(text)
    assert fast is None or fast == _libyaml(text)
