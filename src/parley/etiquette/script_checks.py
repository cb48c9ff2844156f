"""Etiquette lint of a conversation script, on a neutral outline so this slice needs nothing from `scripts`.

The scripts slice (or anyone) turns a script into a `ScriptOutline` — the steps in the order a walk from the
start step reaches them — and `check_script` returns findings with stable codes:

- `etiquette-phrase`: a step says a catalog phrase; the suggestion is the entry's first alternative.
- `greeting-missing-company`: the greeting, i.e. the first step with text, does not name the company: no
  company placeholder (`{{ company }}`), none of the outline's `company_names`, no `greeting_company` phrase
  of the catalog ("company", "thank you for calling", "công ty", ...).
- `greeting-missing-agent`: the greeting does not name the operator: no agent placeholder
  (`{{ agent.name }}`) and no `greeting_agent` phrase ("my name is", "tôi là", "tên tôi là", ...).
- `outbound-no-can-talk`: an outbound script does not ask, within its first `CAN_TALK_WITHIN_STEPS` steps
  with text, whether the person can talk now (`can_talk` phrases).
- `no-closing-question`: no step at all asks whether every question was answered (`closing_question`
  phrases). The rule is deliberately simple: where the question sits on each path is not checked.

The recognizer phrases live in the catalog's `checks` section, so organizations extend them. Recognizers are
lenient on purpose: a hint that fires on a good script teaches authors to ignore hints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from parley.etiquette.catalog import ScriptCheckPhrases, Severity
from parley.etiquette.matcher import PhraseMatcher
from parley.etiquette.text import PLACEHOLDER, PhraseIndex

CAN_TALK_WITHIN_STEPS = 4
"""How many steps with text an outbound script may say before it has asked whether the person can talk."""

FindingCode = Literal[
    "etiquette-phrase",
    "greeting-missing-company",
    "greeting-missing-agent",
    "outbound-no-can-talk",
    "no-closing-question",
]
#: The parameters of each finding, so a user interface words it in the reader's language from the code.
FINDING_PARAMS: Mapping[str, tuple[str, ...]] = {
    "etiquette-phrase": ("matched", "entry", "why"),
    "greeting-missing-company": ("step",),
    "greeting-missing-agent": ("step",),
    "outbound-no-can-talk": ("steps",),
    "no-closing-question": (),
}

_SUGGESTIONS = {
    "en": {
        "company": "Good afternoon, {{ company }}.",
        "agent": "My name is {{ agent.name }}. How can I help you?",
        "can-talk": "Is it convenient for you to talk now?",
        "closing": "Did I answer all your questions?",
    },
    "vi": {
        "company": "{{ company }} xin chào.",
        "agent": "Em là {{ agent.name }}, em có thể giúp gì cho anh/chị?",
        "can-talk": "Anh/chị có tiện nói chuyện bây giờ không ạ?",
        "closing": "Em đã trả lời hết câu hỏi của anh/chị chưa ạ?",
    },
}


@dataclass(frozen=True, slots=True)
class OutlineStep:
    """One step of a script as the lint sees it; `line` is where it starts in the script file, if known."""

    id: str
    kind: str
    text: str
    is_end: bool = False
    line: int | None = None


@dataclass(frozen=True, slots=True)
class ScriptOutline:
    """A script reduced to what the etiquette lint needs; `steps` are in walk order from the start step.

    `company_names` are literal names that count as naming the company in the greeting ("Sakura").
    """

    language: str
    direction: Literal["inbound", "outbound"]
    steps: Sequence[OutlineStep]
    company_name_placeholders: tuple[str, ...] = ("company",)
    agent_placeholders: tuple[str, ...] = ("agent.name",)
    company_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One etiquette problem; `step_id` and `line` are None when it concerns the script as a whole."""

    step_id: str | None
    code: FindingCode
    message: str
    suggestion: str | None
    line: int | None
    severity: Severity = "warning"
    matched: str | None = None  # the words as written, so an editor can swap in the suggestion
    params: Mapping[str, str | int] = field(default_factory=dict)


@lru_cache(maxsize=128)
def _index(phrases: tuple[str, ...]) -> PhraseIndex:
    return PhraseIndex(phrases)


def _says_any(text: str, phrases: Sequence[str]) -> bool:
    return _index(tuple(phrases)).occurs_in(text)


def _has_placeholder(text: str, names: Sequence[str]) -> bool:
    return any(match.group(1) in names for match in PLACEHOLDER.finditer(text))


def _suggestion(kind: str, language: str) -> str:
    return _SUGGESTIONS["vi" if language == "vi" else "en"][kind]


def _speaking_steps(outline: ScriptOutline) -> list[OutlineStep]:
    return [step for step in outline.steps if step.text.strip()]


def _phrase_findings(outline: ScriptOutline, matcher: PhraseMatcher) -> list[Finding]:
    return [
        Finding(
            step.id,
            "etiquette-phrase",
            f"step {step.id!r} says {hit.matched!r} ({hit.entry_id}): {hit.why}",
            hit.suggestion,
            step.line,
            hit.severity,
            hit.matched,
            {"matched": hit.matched, "entry": hit.entry_id, "why": hit.why},
        )
        for step in outline.steps
        for hit in matcher.find(step.text)
    ]


def _greeting_findings(
    outline: ScriptOutline, checks: ScriptCheckPhrases, speaking: list[OutlineStep]
) -> list[Finding]:
    greeting = speaking[0]
    text, language = greeting.text, outline.language
    findings: list[Finding] = []
    names_company = (
        _has_placeholder(text, outline.company_name_placeholders)
        or _says_any(text, outline.company_names)
        or _says_any(text, checks.greeting_company.for_language(language))
    )
    if not names_company:
        findings.append(
            Finding(
                greeting.id,
                "greeting-missing-company",
                f"the greeting (step {greeting.id!r}) does not name the company, so the caller cannot be "
                "sure they reached the right organization",
                _suggestion("company", language),
                greeting.line,
                params={"step": greeting.id},
            )
        )
    names_agent = _has_placeholder(text, outline.agent_placeholders) or _says_any(
        text, checks.greeting_agent.for_language(language)
    )
    if not names_agent:
        findings.append(
            Finding(
                greeting.id,
                "greeting-missing-agent",
                f"the greeting (step {greeting.id!r}) does not name the operator; "
                "a name gives the company a face",
                _suggestion("agent", language),
                greeting.line,
                params={"step": greeting.id},
            )
        )
    return findings


def _can_talk_findings(
    outline: ScriptOutline, checks: ScriptCheckPhrases, speaking: list[OutlineStep]
) -> list[Finding]:
    if outline.direction != "outbound":
        return []
    opening = speaking[:CAN_TALK_WITHIN_STEPS]
    phrases = checks.can_talk.for_language(outline.language)
    if any(_says_any(step.text, phrases) for step in opening):
        return []
    return [
        Finding(
            opening[0].id,
            "outbound-no-can-talk",
            f"the outbound script does not ask within its first {CAN_TALK_WITHIN_STEPS} steps whether the "
            "person can talk now",
            _suggestion("can-talk", outline.language),
            opening[0].line,
            params={"steps": CAN_TALK_WITHIN_STEPS},
        )
    ]


def _closing_findings(outline: ScriptOutline, checks: ScriptCheckPhrases) -> list[Finding]:
    says = _index(tuple(checks.closing_question.for_language(outline.language))).occurs_in
    if any(says(step.text) for step in outline.steps):
        return []
    return [
        Finding(
            None,
            "no-closing-question",
            "no step asks whether all of the customer's questions were answered before saying goodbye",
            _suggestion("closing", outline.language),
            None,
        )
    ]


def check_script(outline: ScriptOutline, matcher: PhraseMatcher) -> list[Finding]:
    """Etiquette findings for `outline`: phrase findings in walk order, then the greeting, can-talk and
    closing checks. Check phrases come from `matcher.catalog`; an outline without any text has no findings.
    """
    speaking = _speaking_steps(outline)
    if not speaking:
        return []
    checks = matcher.catalog.checks
    return [
        *_phrase_findings(outline, matcher),
        *_greeting_findings(outline, checks, speaking),
        *_can_talk_findings(outline, checks, speaking),
        *_closing_findings(outline, checks),
    ]
