"""The phrase matcher: tolerant matching, exact offsets into the original text, and never failing."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.etiquette.catalog import builtin_catalog, load_catalog
from parley.etiquette.matcher import PhraseHit, PhraseMatcher

AUTO = PhraseMatcher(builtin_catalog(), "auto")
EN = PhraseMatcher(builtin_catalog(), "en")
VI = PhraseMatcher(builtin_catalog(), "vi")


def ids(hits: list[PhraseHit]) -> list[str]:
    return [hit.entry_id for hit in hits]


def test_you_must_hits_with_an_alternative() -> None:
    (hit,) = EN.find("You must pay now")
    assert hit.entry_id == "you-must"
    assert (hit.start, hit.end, hit.matched) == (0, 8, "You must")
    assert hit.language == "en"
    assert hit.alternatives
    assert hit.suggestion == hit.alternatives[0]
    assert hit.why


@pytest.mark.parametrize(
    "text",
    [
        "YOU HAVE TO pay",
        "you… must",
        "You... must!",
        "you   must\tpay",
        "you need to sign",
        "You've got to sign",
        "you-must-pay",
    ],
)
def test_case_punctuation_and_spacing_do_not_hide_a_phrase(text: str) -> None:
    assert ids(EN.find(text)) == ["you-must"]


@pytest.mark.parametrize(
    "text", ["mustard", "you mustard", "young must", "yous must", "trust me", "you-mu-st"]
)
def test_word_boundaries_are_respected(text: str) -> None:
    assert EN.find(text) == []


@pytest.mark.parametrize(
    "text", ["if you mustn't", "You must not smoke here", "you mustn’t", "you must, not"]
)
def test_a_prohibition_is_not_the_order_you_must(text: str) -> None:
    assert EN.find(text) == []


def test_a_prohibition_can_be_listed_explicitly() -> None:
    catalog = load_catalog(
        ["phrases:\n  - id: you-must-not\n    en: {patterns: [you must not], why: x., alternatives: [y]}\n"]
    )
    matcher = PhraseMatcher(catalog, "en")
    assert ids(matcher.find("You mustn't smoke")) == ["you-must-not"]
    assert ids(matcher.find("You must smoke")) == ["you-must"]


def test_a_phrase_inside_a_longer_one_of_the_same_entry_is_one_hit() -> None:
    (hit,) = EN.find("As I told you, no.")
    assert (hit.entry_id, hit.matched) == ("im-telling-you", "As I told you")
    (hit,) = EN.find("Sorry, sorry, sorry!")
    assert (hit.entry_id, hit.matched) == ("sorry-sorry", "Sorry, sorry")


def test_overlapping_hits_of_different_entries_are_both_kept() -> None:
    text = "I'm sorry, but no promises."
    assert [(hit.entry_id, hit.matched) for hit in EN.find(text)] == [
        ("sorry-but-no", "I'm sorry, but no"),
        ("cant-promise", "no promises"),
    ]


def test_a_contraction_hit_spans_the_whole_contracted_word() -> None:
    text = "Well… you’ve got to sign"
    (hit,) = EN.find(text)
    assert hit.matched == "you’ve got to"
    assert (hit.start, hit.end) == (6, 19)


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("I don't know", "dont-know"),
        ("I don’t know", "dont-know"),
        ("I do not know", "dont-know"),
        ("i dont know", "dont-know"),
        ("I can't help you", "cant-help"),
        ("I cannot help you", "cant-help"),
        ("I can not help you", "cant-help"),
        ("I can‘t help you", "cant-help"),
        ("I am telling you", "im-telling-you"),
        ("I’m telling you", "im-telling-you"),
        ("We will sort this out", "sort-it-out"),
        ("we'll SORT it out!", "sort-it-out"),
        ("Im sorry, but no", "sorry-but-no"),
        ("There's nothing I can do", "cant-help"),
    ],
)
def test_apostrophes_and_contractions(text: str, entry_id: str) -> None:
    assert ids(EN.find(text)) == [entry_id]


@pytest.mark.parametrize(
    "text",
    [
        "Bạn phải thanh toán",
        "ban phai thanh toan",
        "BẠN PHẢI thanh toán",
        "Quý khách phải ký",
        "anh/chị phải ký",
    ],
)
def test_vietnamese_with_and_without_diacritics(text: str) -> None:
    assert ids(VI.find(text)) == ["you-must"]


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("Tôi không biết ạ", "dont-know"),
        ("toi khong biet a", "dont-know"),
        ("TÔI KHÔNG BIẾT", "dont-know"),
        ("Anh có chắc không?", "are-you-sure"),
        ("anh co chac chan khong", "are-you-sure"),
        ("Không thuộc thẩm quyền của tôi", "not-my-competence"),
        ("khong tim thay tai khoan", "no-account-info"),
        ("Đừng nóng!", "calm-down"),
        ("dung nong", "calm-down"),
    ],
)
def test_vietnamese_phrases(text: str, entry_id: str) -> None:
    assert ids(VI.find(text)) == [entry_id]


def test_vietnamese_offsets_point_at_the_original_text() -> None:
    text = "Dạ vâng, bạn phải chờ; ban phai cho"
    hits = VI.find(text)
    assert [(hit.start, hit.end) for hit in hits] == [(9, 17), (23, 31)]
    assert [hit.matched for hit in hits] == ["bạn phải", "ban phai"]


def test_vietnamese_decomposed_text_matches_and_the_span_keeps_its_marks() -> None:
    text = unicodedata.normalize("NFD", "Vâng, tôi không biết ạ")
    (hit,) = VI.find(text)
    assert hit.entry_id == "dont-know"
    assert unicodedata.normalize("NFC", hit.matched) == "tôi không biết"
    assert hit.matched == text[hit.start : hit.end]


def test_d_with_stroke_folds_to_d() -> None:
    assert ids(VI.find("Đợi tí nhé")) == ["hold-without-asking"]
    assert ids(VI.find("doi ti nhe")) == ["hold-without-asking"]


def test_offsets_on_text_with_diacritics_and_odd_spacing() -> None:
    text = "Dạ,  vâng!!  Xin   lỗi ,  xin LỖI…   BẠN   phải   đợi"
    hits = VI.find(text)
    assert ids(hits) == ["sorry-sorry", "you-must"]
    assert [hit.matched for hit in hits] == ["Xin   lỗi ,  xin LỖI", "BẠN   phải"]
    for hit in hits:
        assert text[hit.start : hit.end] == hit.matched
    assert hits[1].start == text.index("BẠN")


def test_auto_finds_both_languages_in_order() -> None:
    text = "Sorry, but no. Bạn sai rồi!"
    hits = AUTO.find(text)
    assert [(hit.entry_id, hit.language) for hit in hits] == [("sorry-but-no", "en"), ("you-are-wrong", "vi")]


def test_single_language_matchers_ignore_the_other_language() -> None:
    assert EN.find("Bạn phải ký") == []
    assert VI.find("You must sign") == []


def test_longest_phrase_wins_at_a_position() -> None:
    (hit,) = EN.find("I'm sorry, but no.")
    assert hit.entry_id == "sorry-but-no"
    assert hit.matched == "I'm sorry, but no"


def test_several_hits_are_reported_in_order() -> None:
    text = "Are you sure? Calm down, you have to wait."
    assert ids(EN.find(text)) == ["are-you-sure", "calm-down", "you-must"]


def test_placeholders_are_walls() -> None:
    assert EN.find("you {{ agent.name }} must") == []
    assert EN.find("{{ you must }}") == []
    text = "Hi, {{ customer.name }}, you must sign"
    (hit,) = EN.find(text)
    assert text[hit.start : hit.end] == "you must"


def test_empty_and_blank_text() -> None:
    assert AUTO.find("") == []
    assert AUTO.find("   \n\t") == []
    assert AUTO.first("nothing rude here") is None
    first = AUTO.first("hold on, are you sure?")
    assert first is not None
    assert first.entry_id == "hold-without-asking"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        PhraseMatcher(builtin_catalog(), "fr")  # type: ignore[arg-type]


def test_matcher_with_only_vietnamese_entries_in_english_mode() -> None:
    catalog = load_catalog(
        [
            "phrases:\n"
            + "".join(f"  - id: {entry_id}\n    disabled: true\n" for entry_id in builtin_catalog().ids)
        ]
    )
    assert catalog.entries == ()
    assert PhraseMatcher(catalog, "auto").find("you must") == []


@given(st.text())
def test_find_never_raises_and_spans_are_exact(text: str) -> None:
    for hit in AUTO.find(text):
        assert 0 <= hit.start < hit.end <= len(text)
        assert hit.matched == text[hit.start : hit.end]


PHRASE_WORDS = st.sampled_from(
    [
        "you",
        "must",
        "bạn",
        "phải",
        "I",
        "don't",
        "know",
        "xin",
        "lỗi",
        "{{ x }}",
        "sorry",
        "mustard",
        "Đợi",
        "tí",
    ]
)
SEPARATORS = st.sampled_from([" ", "  ", "... ", "\n", "…", ", ", "!", "\u0301", "’"])


@given(st.lists(st.tuples(PHRASE_WORDS, SEPARATORS), max_size=12))
def test_phrase_like_text_gives_exact_spans(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + separator for word, separator in parts)
    hits = AUTO.find(text)
    for hit in hits:
        assert hit.matched == text[hit.start : hit.end]
        assert re.search(r"\w", hit.matched)
    starts = [hit.start for hit in hits]
    assert starts == sorted(starts)
