"""Etiquette lint of script outlines: one test per finding code, both producing and not producing it."""

from __future__ import annotations

from typing import Literal

import pytest

from parley.etiquette.catalog import builtin_catalog, load_catalog
from parley.etiquette.matcher import PhraseMatcher
from parley.etiquette.script_checks import Finding, OutlineStep, ScriptOutline, check_script

GREETING = "Good afternoon, {{ company }}, my name is {{ agent.first_name }}. How can I help you?"
CLOSING = "Did I answer all your questions? Goodbye!"


def outline(
    *texts: str, direction: Literal["inbound", "outbound"] = "inbound", language: str = "en"
) -> ScriptOutline:
    steps = [
        OutlineStep(f"s{number}", "say", text, is_end=number == len(texts), line=number * 10)
        for number, text in enumerate(texts, start=1)
    ]
    return ScriptOutline(language, direction, steps)


def codes(findings: list[Finding]) -> list[str]:
    return [finding.code for finding in findings]


def test_a_polite_inbound_script_has_no_findings() -> None:
    assert check_script(outline(GREETING, "Let me check that for you.", CLOSING), builtin_catalog()) == []


def test_a_polite_vietnamese_outbound_script_has_no_findings() -> None:
    script = outline(
        "Xin chào, em là {{ agent.name }} gọi từ {{ company }}.",
        "Anh/chị có tiện nói chuyện bây giờ không ạ?",
        "Anh/chị còn câu hỏi nào không ạ? Chào anh/chị!",
        direction="outbound",
        language="vi",
    )
    assert check_script(script, builtin_catalog()) == []


def test_etiquette_phrase_names_the_phrase_and_suggests_the_first_alternative() -> None:
    findings = check_script(outline(GREETING, "Sorry, you must call back later.", CLOSING), builtin_catalog())
    (finding,) = findings
    you_must = builtin_catalog().get("you-must")
    assert you_must is not None
    assert you_must.en is not None
    assert finding.code == "etiquette-phrase"
    assert finding.step_id == "s2"
    assert finding.line == 20
    assert "'you must'" in finding.message
    assert "you-must" in finding.message
    assert finding.suggestion == you_must.en.alternatives[0]
    assert finding.severity == "warning"


def test_etiquette_phrase_in_vietnamese_without_diacritics() -> None:
    script = outline(
        "{{ company }} xin chào, tôi là {{ agent.name }}", "ban phai cho", "Còn câu hỏi nào không?"
    )
    findings = check_script(ScriptOutline("vi", "inbound", script.steps), builtin_catalog())
    assert codes(findings) == ["etiquette-phrase"]
    assert findings[0].suggestion is not None
    assert findings[0].suggestion.startswith("Để tôi")


def test_info_phrases_keep_their_severity() -> None:
    (finding,) = check_script(outline(GREETING, "Sorry, sorry, sorry!", CLOSING), builtin_catalog())
    assert finding.severity == "info"


def test_placeholders_do_not_confuse_the_phrase_check() -> None:
    script = outline(GREETING, "You {{ must }} see {{ you }} must {{ are_you_sure }}", CLOSING)
    assert check_script(script, builtin_catalog()) == []


@pytest.mark.parametrize(
    ("greeting", "expected"),
    [
        ("Good afternoon, my name is {{ agent.name }}.", ["greeting-missing-company"]),
        ("Good afternoon, {{ company }}.", ["greeting-missing-agent"]),
        ("Hello!", ["greeting-missing-company", "greeting-missing-agent"]),
        ("{{company}}, {{agent.first_name}} speaking.", []),
        ("Good afternoon, {{ company.name }}. My name is Elena.", []),
        ("Good afternoon, {{ company }}, you're through to Elena.", []),
    ],
)
def test_greeting_names_company_and_agent(greeting: str, expected: list[str]) -> None:
    assert codes(check_script(outline(greeting, CLOSING), builtin_catalog())) == expected


@pytest.mark.parametrize(
    "greeting", ["{{ company }} xin chào, tên tôi là Lan.", "{{ company }} xin chao, em la Lan"]
)
def test_vietnamese_greeting_names_the_agent(greeting: str) -> None:
    script = outline(greeting, "Còn câu hỏi nào không?", language="vi")
    assert check_script(script, builtin_catalog()) == []


def test_greeting_is_the_first_step_with_text() -> None:
    script = outline("", "   ", GREETING, CLOSING)
    assert check_script(script, builtin_catalog()) == []
    (company, agent) = check_script(outline("", "Hi there", GREETING, CLOSING), builtin_catalog())
    assert (company.step_id, agent.step_id) == ("s2", "s2")
    assert company.line == 20


def test_outbound_script_must_ask_whether_the_person_can_talk() -> None:
    script = outline(GREETING, "I'm calling about your order.", CLOSING, direction="outbound")
    findings = check_script(script, builtin_catalog())
    assert codes(findings) == ["outbound-no-can-talk"]
    assert findings[0].suggestion is not None


def test_can_talk_question_within_the_first_four_steps_is_enough() -> None:
    script = outline(GREETING, "About your order.", "One more thing.", "Do you have a minute?", CLOSING,
                     direction="outbound")  # fmt: skip
    assert check_script(script, builtin_catalog()) == []


def test_can_talk_question_after_the_fourth_step_is_too_late() -> None:
    script = outline(
        GREETING, "a", "b", "c", "Is it convenient for you to talk?", CLOSING, direction="outbound"
    )
    assert codes(check_script(script, builtin_catalog())) == ["outbound-no-can-talk"]


def test_inbound_script_need_not_ask_whether_the_person_can_talk() -> None:
    assert "outbound-no-can-talk" not in codes(check_script(outline(GREETING, CLOSING), builtin_catalog()))


def test_missing_closing_question() -> None:
    findings = check_script(outline(GREETING, "Goodbye!"), builtin_catalog())
    assert codes(findings) == ["no-closing-question"]
    assert findings[0].suggestion == "Did I answer all your questions?"
    assert findings[0].line == 20


@pytest.mark.parametrize(
    "closing", ["Is there anything else I can help you with?", "Have I answered all your questions?"]
)
def test_closing_question_variants(closing: str) -> None:
    assert check_script(outline(GREETING, closing), builtin_catalog()) == []


def test_organization_checks_phrases_extend_the_recognizers() -> None:
    catalog = load_catalog(["checks:\n  closing_question:\n    en: [all sorted then]\n"])
    assert check_script(outline(GREETING, "All sorted then? Bye."), catalog) == []


def test_empty_outline_has_no_findings() -> None:
    assert check_script(ScriptOutline("en", "outbound", []), builtin_catalog()) == []


def test_unknown_language_checks_every_language() -> None:
    script = outline("{{ company }}, tôi là Lan.", "Bạn phải chờ.", "Còn câu hỏi nào không?", language="xx")
    assert codes(check_script(script, builtin_catalog())) == ["etiquette-phrase"]


def test_a_prebuilt_matcher_is_used() -> None:
    catalog = builtin_catalog()
    english_only = PhraseMatcher(catalog, "en")
    script = outline(GREETING, "Bạn phải chờ.", CLOSING, language="vi")
    assert "etiquette-phrase" not in codes(check_script(script, catalog, english_only))
