"""Folding text for comparison and mapping folded spans back to the original."""

from __future__ import annotations

import time
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.etiquette.catalog import builtin_catalog
from parley.etiquette.matcher import PhraseMatcher
from parley.etiquette.text import PhraseIndex, canonical_phrase, normalize


@pytest.mark.parametrize(
    ("phrase", "canonical"),
    [
        ("I don't know", "i do not know"),
        ("I DON’T know…", "i do not know"),
        ("can't", "can not"),
        ("cannot", "can not"),
        ("Can not", "can not"),
        ("You’ve got to", "you have got to"),
        ("it's", "it is"),
        ("o'clock", "o clock"),
        ("'quoted'", "quoted"),
        ("Bạn   PHẢI!", "ban phai"),
        ("Đợi tí", "doi ti"),
        ("Straße", "strasse"),
        ("hi {{ agent.name }} there", "hi | there"),
        ("dont{{ x }}", "do not|"),
        ("{{x}}cant", "|can not"),
        ("?!…", ""),
    ],
)
def test_canonical_phrase(phrase: str, canonical: str) -> None:
    assert canonical_phrase(phrase) == canonical


def test_folding_keeps_offsets_of_ordinary_text() -> None:
    text = "Hello, World!  Xin chào"
    folded = normalize(text)
    assert folded.text == "hello  world   xin chao"
    assert folded.original_span(7, 12) == (7, 12)
    assert folded.original_span(18, 23) == (18, 23)


def test_an_expanded_contraction_maps_to_the_whole_word() -> None:
    text = "Oh, I don’t know"
    folded = normalize(text)
    assert folded.text == "oh  i do not know"
    start = folded.text.index("do not")
    assert folded.original_span(start, start + 2) == (6, 11)
    assert folded.original_span(start, len(folded.text)) == (6, 16)


def test_decomposed_accents_are_dropped_but_kept_in_spans() -> None:
    text = unicodedata.normalize("NFD", "bạn phải")
    folded = normalize(text)
    assert folded.text == "ban phai"
    assert folded.original_span(0, len(folded.text)) == (0, len(text))
    assert folded.original_span(0, 3) == (0, text.index(" "))


def test_a_character_folding_to_several_maps_back_to_itself() -> None:
    folded = normalize("Straße ﬁne")
    assert folded.text == "strasse fine"
    assert folded.original_span(4, 6) == (4, 5)
    assert folded.original_span(8, 12) == (7, 10)


def test_placeholders_become_walls() -> None:
    text = "a {{ company }}b"
    folded = normalize(text)
    assert folded.text == "a |b"
    assert folded.original_span(2, 3) == (2, 15)


def test_phrase_index_matches_whole_words_and_overlaps() -> None:
    index = PhraseIndex(["you must", "must pay", "pay"])
    found = list(index.finditer(normalize("You must pay, mustard")))
    assert [(item.phrase, item.start, item.end) for item in found] == [
        ("you must", 0, 8),
        ("must pay", 4, 12),
        ("pay", 9, 12),
    ]
    assert not index.search(normalize("mustard payment"))
    assert not PhraseIndex([]).search(normalize("anything"))
    assert list(PhraseIndex(["...", ""]).finditer(normalize("..."))) == []


def test_phrase_ending_in_not_matches_before_not() -> None:
    index = PhraseIndex(["can not", "you must"])
    assert [item.phrase for item in index.finditer(normalize("I cannot not go"))] == ["can not"]
    assert list(index.finditer(normalize("you must not"))) == []


@given(st.text())
def test_every_folded_span_maps_inside_the_original(text: str) -> None:
    folded = normalize(text)
    for start in range(len(folded.text)):
        begin, end = folded.original_span(start, start + 1)
        assert 0 <= begin < end <= len(text)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_folding_is_idempotent_on_words(text: str) -> None:
    once = canonical_phrase(text)
    assert canonical_phrase(once.replace("|", " ")) == " ".join(once.replace("|", " ").split())


def test_a_two_thousand_character_text_is_checked_quickly() -> None:
    matcher = PhraseMatcher(builtin_catalog(), "auto")
    sentence = "Thank you for waiting, the order ships today; bạn phải ký nhận khi giao hàng. "
    text = (sentence * 40)[:2000]
    matcher.find(text)
    started = time.process_time()
    for _ in range(50):
        matcher.find(text)
    per_call = (time.process_time() - started) / 50
    assert per_call < 0.01, f"{per_call * 1000:.2f} ms per call"  # about 0.3 ms; generous for slow CI


_CATALOG_WORDS = sorted(
    {word for phrase in PhraseMatcher(builtin_catalog(), "auto")._owners for word in phrase.split(" ")}
)
_PIECES = st.sampled_from(
    [
        *_CATALOG_WORDS,
        "don't",
        "dont",
        "can`t",
        "won't",
        "it's",
        "you're",
        "youre",
        "I'm",
        "im",
        "ive",
        "let's",
        "shan't",
        "couldn't",
        "n't",
        "'ll",
        "'d",
        "{{ company }}",
        "{{",
        "}}",
        "|",
        ",",
        "!",
        "'",
        "-",
        "x",
        "Ok",
        "NOT",
        "đ",
        "é",
    ]
)
_SEPARATORS = st.sampled_from(["", " ", "  ", ", ", "'", "-", "\n"])
_MATCHERS = [PhraseMatcher(builtin_catalog(), language) for language in ("en", "vi", "auto")]


@given(st.lists(st.tuples(_PIECES, _SEPARATORS), max_size=12))
def test_the_prefilter_never_hides_a_phrase(parts: list[tuple[str, str]]) -> None:
    """`occurs_in` and `find` skip folding texts that cannot hold a phrase; they must agree with folding."""
    text = "".join(piece + separator for piece, separator in parts)
    for casing in (text, text.upper(), text.title()):
        for matcher in _MATCHERS:
            index = matcher._index
            assert index.occurs_in(casing) == index.search(normalize(casing))
            if not index.may_occur(casing):
                assert matcher.find(casing) == []


@pytest.mark.parametrize("phrases", [("{{ company }}",), ("hi {{ x }} there",), ("a{{x}}b",), ("will not",)])
@pytest.mark.parametrize("text", ["hello {{ company }}", "hi {{ y }} there", "a{{q}}b", "I won't", "hi"])
def test_the_prefilter_keeps_phrases_of_placeholders_and_contractions(phrases: tuple[str], text: str) -> None:
    index = PhraseIndex(phrases)
    assert index.occurs_in(text) == index.search(normalize(text))
