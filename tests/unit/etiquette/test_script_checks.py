"""Etiquette lint of script outlines: one test per finding code, both producing and not producing it."""

from __future__ import annotations

from typing import Literal

import pytest

from parley.etiquette.catalog import Catalog, builtin_catalog, load_catalog
from parley.etiquette.matcher import PhraseMatcher
from parley.etiquette.script_checks import Finding, OutlineStep, ScriptOutline, check_script

GREETING = "Good afternoon, {{ company }}, my name is {{ agent.first_name }}. How can I help you?"
AUTO = PhraseMatcher(builtin_catalog(), "auto")
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


def check(script: ScriptOutline, catalog: Catalog | None = None) -> list[Finding]:
    matcher = AUTO if catalog is None else PhraseMatcher(catalog, "auto")
    return check_script(script, matcher)


def test_a_polite_inbound_script_has_no_findings() -> None:
    assert check(outline(GREETING, "Let me check that for you.", CLOSING)) == []


def test_a_polite_vietnamese_outbound_script_has_no_findings() -> None:
    script = outline(
        "Xin chào, em là {{ agent.name }} gọi từ {{ company }}.",
        "Anh/chị có tiện nói chuyện bây giờ không ạ?",
        "Anh/chị còn câu hỏi nào không ạ? Chào anh/chị!",
        direction="outbound",
        language="vi",
    )
    assert check(script) == []


def test_etiquette_phrase_names_the_phrase_and_suggests_the_first_alternative() -> None:
    findings = check(outline(GREETING, "Sorry, you must sign the form first.", CLOSING))
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
    findings = check(ScriptOutline("vi", "inbound", script.steps))
    assert codes(findings) == ["etiquette-phrase"]
    assert findings[0].suggestion is not None
    assert findings[0].suggestion.startswith("Để em")
    assert "'ban phai'" in findings[0].message


def test_info_phrases_keep_their_severity() -> None:
    (finding,) = check(outline(GREETING, "Sorry, sorry, sorry!", CLOSING))
    assert finding.severity == "info"


def test_placeholders_do_not_confuse_the_phrase_check() -> None:
    script = outline(GREETING, "You {{ must }} see {{ you }} must {{ are_you_sure }}", CLOSING)
    assert check(script) == []


@pytest.mark.parametrize(
    ("greeting", "expected"),
    [
        ("Good afternoon, my name is {{ agent.name }}.", ["greeting-missing-company"]),
        ("Good afternoon, {{ company }}.", ["greeting-missing-agent"]),
        ("Hello!", ["greeting-missing-company", "greeting-missing-agent"]),
        ("{{company}}, {{agent.first_name}} speaking.", []),
        ("Good afternoon, {{ company }}. My name is Elena.", []),
        ("Good afternoon, Sakura company, this is Elena.", []),
        ("Thank you for calling! {{ agent.name }} here.", []),
        ("Good afternoon, Sakura. Elena here.", ["greeting-missing-company", "greeting-missing-agent"]),
        ("Good afternoon, {{ agent.name }}.", ["greeting-missing-company"]),
        (
            "Good afternoon, {{ companies }}, {{ agent.email }}.",
            ["greeting-missing-company", "greeting-missing-agent"],
        ),
    ],
)
def test_greeting_names_company_and_agent(greeting: str, expected: list[str]) -> None:
    assert codes(check(outline(greeting, CLOSING))) == expected


@pytest.mark.parametrize(
    "greeting", ["{{ company }} xin chào, tên tôi là Lan.", "{{ company }} xin chao, em la Lan"]
)
def test_vietnamese_greeting_names_the_agent(greeting: str) -> None:
    script = outline(greeting, "Còn câu hỏi nào không?", language="vi")
    assert check(script) == []


def test_company_names_and_custom_placeholders_count_in_the_greeting() -> None:
    steps = [
        OutlineStep("hello", "statement", "Good afternoon, Sakura! {{ operator }} speaking. {{ org }}"),
        OutlineStep("bye", "end", CLOSING, is_end=True),
    ]
    assert codes(check(ScriptOutline("en", "inbound", steps))) == ["greeting-missing-company"]
    assert check(ScriptOutline("en", "inbound", steps, company_names=("Sakura",))) == []
    assert check(ScriptOutline("en", "inbound", steps, company_name_placeholders=("org",))) == []
    custom_agent = ScriptOutline(
        "en", "inbound", steps, company_names=("sakura",), agent_placeholders=("operator",)
    )
    assert check(custom_agent) == []
    no_speaking = [OutlineStep("hello", "statement", "Good afternoon, Sakura! {{ operator }}."), steps[1]]
    only_placeholder = ScriptOutline("en", "inbound", no_speaking, company_names=("Sakura",))
    assert codes(check(only_placeholder)) == ["greeting-missing-agent"]
    assert check(ScriptOutline("en", "inbound", no_speaking, ("company",), ("operator",), ("Sakura",))) == []


def test_greeting_is_the_first_step_with_text() -> None:
    script = outline("", "   ", GREETING, CLOSING)
    assert check(script) == []
    (company, agent) = check(outline("", "Hi there", GREETING, CLOSING))
    assert (company.step_id, agent.step_id) == ("s2", "s2")
    assert company.line == 20


def test_outbound_script_must_ask_whether_the_person_can_talk() -> None:
    script = outline(GREETING, "I'm calling about your order.", CLOSING, direction="outbound")
    findings = check(script)
    assert codes(findings) == ["outbound-no-can-talk"]
    assert findings[0].suggestion is not None


def test_can_talk_question_within_the_first_four_steps_is_enough() -> None:
    opening = (GREETING, "About your order.", "One more thing.", "Do you have a minute?")
    script = outline(*opening, CLOSING, direction="outbound")
    assert check(script) == []


def test_can_talk_question_after_the_fourth_step_is_too_late() -> None:
    script = outline(
        GREETING, "a", "b", "c", "Is it convenient for you to talk?", CLOSING, direction="outbound"
    )
    assert codes(check(script)) == ["outbound-no-can-talk"]


def test_inbound_script_need_not_ask_whether_the_person_can_talk() -> None:
    assert "outbound-no-can-talk" not in codes(check(outline(GREETING, CLOSING)))


def test_missing_closing_question() -> None:
    findings = check(outline(GREETING, "Goodbye!"))
    assert codes(findings) == ["no-closing-question"]
    assert findings[0].suggestion == "Did I answer all your questions?"
    assert (findings[0].step_id, findings[0].line, findings[0].severity) == (None, None, "warning")


@pytest.mark.parametrize(
    "closing", ["Is there anything else I can help you with?", "Have I answered all your questions?"]
)
def test_closing_question_variants(closing: str) -> None:
    assert check(outline(GREETING, closing)) == []


def test_organization_checks_phrases_extend_the_recognizers() -> None:
    catalog = load_catalog(["checks:\n  closing_question:\n    en: [all sorted then]\n"])
    assert check(outline(GREETING, "All sorted then? Bye."), catalog) == []


def test_empty_outline_has_no_findings() -> None:
    assert check(ScriptOutline("en", "outbound", [])) == []


def test_unknown_language_checks_every_language() -> None:
    script = outline("{{ company }}, tôi là Lan.", "Bạn phải chờ.", "Còn câu hỏi nào không?", language="xx")
    assert codes(check(script)) == ["etiquette-phrase"]


def test_the_matcher_decides_which_phrases_are_checked() -> None:
    english_only = PhraseMatcher(builtin_catalog(), "en")
    script = outline(GREETING, "Bạn phải chờ.", CLOSING, language="vi")
    assert "etiquette-phrase" not in codes(check_script(script, english_only))
    assert "etiquette-phrase" in codes(check_script(script, PhraseMatcher(builtin_catalog(), "vi")))


def test_closing_question_in_vietnamese_without_diacritics() -> None:
    greeting = "{{ company }} xin chào, em là {{ agent.name }}."
    assert check(outline(greeting, "Anh chi con cau hoi nao khong a?", language="vi")) == []
    assert codes(check(outline(greeting, "Tạm biệt!", language="vi"))) == ["no-closing-question"]


def test_vietnamese_outbound_without_can_talk_gets_a_vietnamese_suggestion() -> None:
    script = outline(
        "Em là {{ agent.name }} gọi từ {{ company }}.",
        "Em gọi về đơn hàng.",
        "Em đã trả lời hết câu hỏi của anh/chị chưa ạ?",
        direction="outbound",
        language="vi",
    )
    (finding,) = check(script)
    assert finding.code == "outbound-no-can-talk"
    assert (finding.step_id, finding.line) == ("s1", 10)
    assert finding.suggestion == "Anh/chị có tiện nói chuyện bây giờ không ạ?"


def test_steps_without_text_do_not_count_towards_the_can_talk_window() -> None:
    steps = [OutlineStep("greet", "statement", GREETING)]
    steps += [OutlineStep(f"branch{number}", "condition", "") for number in range(6)]
    steps += [
        OutlineStep("ask", "closed_question", "Do you have a minute?"),
        OutlineStep("bye", "end", CLOSING, True),
    ]
    assert check(ScriptOutline("en", "outbound", steps)) == []


def test_every_finding_code_is_stable() -> None:
    script = outline("Hello!", "You are wrong.", "Bye.", direction="outbound")
    assert codes(check(script)) == [
        "etiquette-phrase",
        "greeting-missing-company",
        "greeting-missing-agent",
        "outbound-no-can-talk",
        "no-closing-question",
    ]
