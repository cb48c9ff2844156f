"""The built-in catalog's content, validation of malformed catalogs, and organization overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.etiquette.catalog import (
    LANGUAGES,
    CatalogError,
    Language,
    PhraseEntry,
    builtin_catalog,
    load_catalog,
)
from parley.etiquette.matcher import PhraseMatcher

ARTICLE_PHRASES = {
    "dont-know", "cant-promise", "sort-it-out", "you-must", "you-are-wrong", "are-you-sure",
    "sorry-but-no", "cant-help", "let-me-correct-you", "you-didnt-understand", "not-my-competence",
    "sorry-sorry", "second-line", "no-account-info", "im-telling-you",
}  # fmt: skip
EXTRAS = {"hold-without-asking", "calm-down", "you-are-worried", "call-back-later"}

VALID_ENTRY = """
phrases:
  - id: {id}
    severity: warning
    en:
      patterns: ["{pattern}"]
      why: It sounds cold.
      alternatives: ["Happy to help."]
"""


def test_builtin_has_the_fifteen_article_phrases_and_a_few_extras() -> None:
    catalog = builtin_catalog()
    ids = set(catalog.ids)
    assert len(catalog.entries) == len(ids) >= 15
    assert ids == ARTICLE_PHRASES | EXTRAS
    assert all(entry.extra for entry in catalog.entries if entry.id not in ARTICLE_PHRASES)
    assert not any(catalog.get(entry_id).extra for entry_id in ARTICLE_PHRASES)  # type: ignore[union-attr]


@pytest.mark.parametrize("entry", builtin_catalog().entries, ids=lambda entry: entry.id)
def test_every_builtin_entry_has_advice_in_english_and_vietnamese(entry: PhraseEntry) -> None:
    assert entry.severity in {"warning", "info"}
    for language in LANGUAGES:
        advice = entry.advice(language)
        assert advice is not None, language
        assert advice.patterns
        assert advice.alternatives
        assert all(alternative.strip() for alternative in advice.alternatives)
        assert advice.why.endswith(".")
        assert advice.why.count(". ") == 0, "why is one sentence"


def test_vietnamese_text_keeps_its_diacritics() -> None:
    you_must = builtin_catalog().get("you-must")
    assert you_must is not None
    assert you_must.vi is not None
    assert "bạn phải" in you_must.vi.patterns


@pytest.mark.parametrize("entry", builtin_catalog().entries, ids=lambda entry: entry.id)
def test_vietnamese_advice_is_written_with_diacritics(entry: PhraseEntry) -> None:
    assert entry.vi is not None
    assert not entry.vi.why.isascii()
    assert not all(pattern.isascii() for pattern in entry.vi.patterns)
    assert not all(alternative.isascii() for alternative in entry.vi.alternatives)


def test_an_error_in_an_organization_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text("phrases:\n  - id: rude\n    severity: loud\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog([path])
    assert caught.value.source == str(path)
    assert str(path) in str(caught.value)
    assert caught.value.extra["entry"] == "rude"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_alternative_contains_a_phrase_to_avoid(language: Language) -> None:
    catalog = builtin_catalog()
    matcher = PhraseMatcher(catalog, language)
    for entry in catalog.entries:
        advice = entry.advice(language)
        assert advice is not None
        for alternative in advice.alternatives:
            assert matcher.find(alternative) == [], (entry.id, alternative)


def test_checks_recognizer_phrases_exist_for_both_languages() -> None:
    checks = builtin_catalog().checks
    for phrases in (checks.greeting_company, checks.greeting_agent, checks.can_talk, checks.closing_question):
        assert phrases.en
        assert phrases.vi
    assert "tôi là" in checks.greeting_agent.vi


def test_load_without_extra_is_the_builtin_catalog() -> None:
    assert load_catalog() == builtin_catalog()


def test_organization_catalog_adds_a_phrase_and_disables_a_builtin() -> None:
    org = (
        VALID_ENTRY.format(id="no-worries", pattern="no worries")
        + "  - id: are-you-sure\n    disabled: true\n"
    )
    catalog = load_catalog([org])
    assert "no-worries" in catalog.ids
    assert catalog.ids[-1] == "no-worries"
    assert "are-you-sure" not in catalog.ids
    matcher = PhraseMatcher(catalog, "en")
    assert [hit.entry_id for hit in matcher.find("No worries! Are you sure?")] == ["no-worries"]


def test_organization_entry_with_same_id_replaces_the_builtin_in_place(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(VALID_ENTRY.format(id="you-must", pattern="you shall"), encoding="utf-8")
    builtin_position = builtin_catalog().ids.index("you-must")
    catalog = load_catalog([path])
    assert catalog.ids.index("you-must") == builtin_position
    replaced = catalog.get("you-must")
    assert replaced is not None
    assert replaced.vi is None
    matcher = PhraseMatcher(catalog, "en")
    assert [hit.entry_id for hit in matcher.find("You shall pay")] == ["you-must"]
    assert matcher.find("You must pay") == []


def test_organization_file_given_as_a_string_path(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(VALID_ENTRY.format(id="acme-nope", pattern="nope"), encoding="utf-8")
    assert "acme-nope" in load_catalog([str(path)]).ids


def test_organization_checks_extend_the_builtin_phrases() -> None:
    catalog = load_catalog(["checks:\n  can_talk:\n    en: [got a sec for us]\n"])
    assert "got a sec for us" in catalog.checks.can_talk.en
    assert "do you have a minute" in catalog.checks.can_talk.en
    assert catalog.checks.can_talk.vi == builtin_catalog().checks.can_talk.vi


def test_disabling_an_unknown_id_is_ignored() -> None:
    assert (
        load_catalog(["phrases:\n  - id: retired-long-ago\n    disabled: true\n"]).ids
        == builtin_catalog().ids
    )


def test_later_organization_catalogs_win() -> None:
    first = VALID_ENTRY.format(id="acme", pattern="first phrase")
    second = VALID_ENTRY.format(id="acme", pattern="second phrase")
    entry = load_catalog([first, second]).get("acme")
    assert entry is not None
    assert entry.en is not None
    assert entry.en.patterns == ("second phrase",)


RUDE = "phrases:\n  - id: rude\n"


@pytest.mark.parametrize(
    ("text", "entry", "key"),
    [
        (RUDE + "    en: {patterns: [], why: x, alternatives: [y]}\n", "rude", "en.patterns"),
        (RUDE + "    en: {patterns: [hey], alternatives: [y]}\n", "rude", "en.why"),
        (RUDE + "    en: {patterns: [hey], why: x}\n", "rude", "en.alternatives"),
        (RUDE + "    en: {patterns: [hey], why: x, alternatives: [y], tone: z}\n", "rude", "en.tone"),
        (RUDE + "    en: {patterns: ['...'], why: x, alternatives: [y]}\n", "rude", "en.patterns"),
        (RUDE + "    en: {patterns: ['hi {{ x }}'], why: x, alternatives: [y]}\n", "rude", "en.patterns"),
        (RUDE + "    vi: {patterns: [chào], why: '', alternatives: [y]}\n", "rude", "vi.why"),
        (RUDE + "    en: [hey]\n", "rude", "en"),
        (
            RUDE + "    severity: fatal\n    en: {patterns: [a], why: x, alternatives: [y]}\n",
            "rude",
            "severity",
        ),
        (RUDE + "    colour: red\n", "rude", "colour"),
        (RUDE, "rude", "en"),
        (RUDE + "    disabled: maybe\n", "rude", "disabled"),
        ("phrases:\n  - severity: info\n", "phrases[0]", "id"),
        ("phrases:\n  - just a string\n", "phrases[0]", None),
        ("checks:\n  goodbye: {en: [bye]}\n", "checks", "goodbye"),
        ("checks:\n  can_talk: {fr: [bonjour]}\n", "checks", "can_talk.fr"),
        ("checks:\n  can_talk: {en: 3}\n", "checks", "can_talk.en"),
        ("checks:\n  can_talk: {vi: ['?!']}\n", "checks", "can_talk.vi"),
    ],
)
def test_malformed_catalog_names_the_entry_and_key(text: str, entry: str, key: str | None) -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog([text])
    error = caught.value
    assert error.code == "etiquette-catalog-invalid"
    assert error.entry == entry
    assert error.key == key
    assert repr(entry) in str(error)
    if key is not None:
        assert repr(key) in str(error)


def test_duplicate_id_in_one_file_is_refused() -> None:
    text = VALID_ENTRY.format(id="twice", pattern="a") + VALID_ENTRY.format(id="twice", pattern="b")[9:]
    with pytest.raises(CatalogError, match="twice"):
        load_catalog([text])


@pytest.mark.parametrize(
    "text", ["- a list\n", "phrases: {a: 1}\n", "colour: red\n", "version: 2\n", "a: [\n"]
)
def test_malformed_document_is_refused(text: str) -> None:
    with pytest.raises(CatalogError):
        load_catalog([text])


def test_unreadable_path_is_a_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot be read"):
        load_catalog([tmp_path / "missing.yaml"])
