"""Etiquette lint of a conversation script, on a neutral outline so this slice needs nothing from `scripts`.

The scripts slice (or anyone) turns a script into a `ScriptOutline` — its steps in walk order from the
start step — and `check_script` returns findings with stable codes:

- `etiquette-phrase`: a step says a catalog phrase; the suggestion is the entry's first alternative.
- `greeting-missing-company`: the greeting (first step with text) does not name the company (`{{ company }}`).
- `greeting-missing-agent`: the greeting does not name the operator (`{{ agent.name }}`, "my name is", …).
- `outbound-no-can-talk`: an outbound script does not ask within its first steps whether the person can talk.
- `no-closing-question`: no step asks whether every question was answered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from parley.etiquette.catalog import Catalog, PhraseList
from parley.etiquette.matcher import LanguageChoice, PhraseMatcher
from parley.etiquette.text import compile_phrases, contains_any

CAN_TALK_WITHIN_STEPS = 4
"""How many steps from the start an outbound script may take before asking whether the person can talk."""

_COMPANY_PLACEHOLDER = re.compile(r"\{\{\s*company(?:\.name)?\s*\}\}")
_AGENT_PLACEHOLDER = re.compile(r"\{\{\s*agent\.(?:name|first_name)\s*\}\}")
_SUGGESTIONS = {
    "en": {
        "company": "Good afternoon, {{ company }}.",
        "agent": "My name is {{ agent.first_name }}. How can I help you?",
        "can-talk": "Is it convenient for you to talk now?",
        "closing": "Did I answer all your questions?",
    },
    "vi": {
        "company": "Xin chào, {{ company }} xin nghe.",
        "agent": "Tôi là {{ agent.first_name }}, tôi có thể giúp gì cho anh/chị?",
        "can-talk": "Anh/chị có tiện nói chuyện bây giờ không?",
        "closing": "Tôi đã giải đáp hết thắc mắc của anh/chị chưa ạ? Anh/chị còn câu hỏi nào không?",
    },
}


@dataclass(frozen=True, slots=True)
class OutlineStep:
    id: str
    kind: str
    text: str
    is_end: bool = False
    line: int | None = None


@dataclass(frozen=True, slots=True)
class ScriptOutline:
    language: str
    direction: Literal["inbound", "outbound"]
    steps: Sequence[OutlineStep]


@dataclass(frozen=True, slots=True)
class Finding:
    step_id: str | None
    code: str
    message: str
    suggestion: str | None
    line: int | None
    severity: str = "warning"


def _matcher_language(language: str) -> LanguageChoice:
    return "en" if language == "en" else "vi" if language == "vi" else "auto"


def _recognizer(phrases: PhraseList, language: str) -> re.Pattern[str] | None:
    return compile_phrases(phrases.for_language(language))


def _suggestion(kind: str, language: str) -> str:
    return _SUGGESTIONS["vi" if language == "vi" else "en"][kind]


def _phrase_findings(outline: ScriptOutline, matcher: PhraseMatcher) -> list[Finding]:
    findings: list[Finding] = []
    for step in outline.steps:
        for hit in matcher.find(step.text):
            findings.append(
                Finding(
                    step.id,
                    "etiquette-phrase",
                    f"step {step.id!r} says {hit.matched!r} ({hit.entry_id}): {hit.why}",
                    hit.suggestion,
                    step.line,
                    hit.severity,
                )
            )
    return findings


def _greeting_findings(outline: ScriptOutline, catalog: Catalog) -> list[Finding]:
    greeting = next((step for step in outline.steps if step.text.strip()), None)
    if greeting is None:
        return []
    findings: list[Finding] = []
    if not _COMPANY_PLACEHOLDER.search(greeting.text):
        findings.append(
            Finding(
                greeting.id,
                "greeting-missing-company",
                f"the greeting (step {greeting.id!r}) does not name the company, so the caller cannot be "
                "sure they reached the right organization",
                _suggestion("company", outline.language),
                greeting.line,
            )
        )
    names_agent = _AGENT_PLACEHOLDER.search(greeting.text) or contains_any(
        greeting.text, _recognizer(catalog.checks.greeting_agent, outline.language)
    )
    if not names_agent:
        findings.append(
            Finding(
                greeting.id,
                "greeting-missing-agent",
                f"the greeting (step {greeting.id!r}) does not name the operator; "
                "a name gives the company a face",
                _suggestion("agent", outline.language),
                greeting.line,
            )
        )
    return findings


def _can_talk_findings(outline: ScriptOutline, catalog: Catalog) -> list[Finding]:
    if outline.direction != "outbound" or not outline.steps:
        return []
    opening = outline.steps[:CAN_TALK_WITHIN_STEPS]
    asks = _recognizer(catalog.checks.can_talk, outline.language)
    if any(contains_any(step.text, asks) for step in opening):
        return []
    return [
        Finding(
            None,
            "outbound-no-can-talk",
            f"the outbound script does not ask within its first {CAN_TALK_WITHIN_STEPS} steps whether "
            "the person can talk now",
            _suggestion("can-talk", outline.language),
            opening[0].line,
        )
    ]


def _closing_findings(outline: ScriptOutline, catalog: Catalog) -> list[Finding]:
    if not outline.steps:
        return []
    asks = _recognizer(catalog.checks.closing_question, outline.language)
    if any(contains_any(step.text, asks) for step in outline.steps):
        return []
    last = outline.steps[-1]
    return [
        Finding(
            None,
            "no-closing-question",
            "no step asks whether all of the customer's questions were answered before saying goodbye",
            _suggestion("closing", outline.language),
            last.line,
            "info",
        )
    ]


def check_script(
    outline: ScriptOutline, catalog: Catalog, matcher: PhraseMatcher | None = None
) -> list[Finding]:
    """Etiquette findings for `outline`, phrase findings first in walk order, then the structure checks.

    Pass `matcher` to reuse one built for `catalog` (building one compiles the catalog's regexes).
    """
    matcher = matcher or PhraseMatcher(catalog, _matcher_language(outline.language))
    return [
        *_phrase_findings(outline, matcher),
        *_greeting_findings(outline, catalog),
        *_can_talk_findings(outline, catalog),
        *_closing_findings(outline, catalog),
    ]
