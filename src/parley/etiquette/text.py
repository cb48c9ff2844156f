"""Folding text to a comparable form, with a map from every folded character back to the original.

Both sides of a comparison (catalog phrases and what an operator types) go through `normalize`, so a
phrase matches however it is cased, punctuated, spaced, accented or contracted. The folded text holds only
lowercase letters and digits in words separated by one space, plus `|` where a `{{ placeholder }}` stood:
a placeholder is a wall that no phrase can match across or into.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

BARRIER = "|"

# `{{ ... }}` without braces inside: linear to scan even on hostile input ("{{{{{{...").
_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")
_APOSTROPHES = frozenset("'’‘`´ʼʹ′")
# Letters that Unicode decomposition leaves alone but readers treat as accented forms of a base letter.
_LETTERS = {"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"}
_TOKEN = re.compile(r"[^ |]+")

# Contractions and their common apostrophe-less spellings in chat, folded to the long form.
_WHOLE_WORDS = {
    "can't": "can not",
    "cannot": "can not",
    "cant": "can not",
    "won't": "will not",
    "shan't": "shall not",
    "ain't": "is not",
    "let's": "let us",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "couldnt": "could not",
    "wouldnt": "would not",
    "shouldnt": "should not",
    "youre": "you are",
    "youve": "you have",
    "ive": "i have",
}
_IS_STEMS = frozenset({"it", "that", "there", "here", "what", "who", "where", "he", "she"})
_SUFFIXES = (
    ("n't", " not"),
    ("'re", " are"),
    ("'m", " am"),
    ("'ll", " will"),
    ("'ve", " have"),
    ("'d", " would"),
)


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """`text` is `original` folded; folded character `i` came from `original[starts[i]:ends[i]]`."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of `original` that folded to `text[start:end]` (end > start), accents included."""
        first, last = self.starts[start], self.ends[end - 1]
        while last < len(self.original) and unicodedata.combining(self.original[last]):
            last += 1
        return first, last


class _Builder:
    """Collects folded characters with their origin, keeping at most one space in a row and none first."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def push(self, char: str, start: int, end: int) -> None:
        if char == " " and (not self.chars or self.chars[-1] == " "):
            return
        self.chars.append(char)
        self.starts.append(start)
        self.ends.append(end)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded: list[str] = []
    for part in unicodedata.normalize("NFKD", char.casefold()):
        if part in _APOSTROPHES:
            folded.append("'")
        elif unicodedata.combining(part):
            continue
        elif part in _LETTERS:
            folded.append(_LETTERS[part])
        elif part.isalnum():
            folded.append(part.lower())
        else:
            folded.append(" ")
    return "".join(folded)


def _fold(text: str) -> _Builder:
    walls = {match.start(): match.end() for match in _PLACEHOLDER.finditer(text)}
    out = _Builder()
    index = 0
    while index < len(text):
        wall_end = walls.get(index)
        if wall_end is not None:
            out.push(" ", index, index)
            out.push(BARRIER, index, wall_end)
            out.push(" ", wall_end, wall_end)
            index = wall_end
            continue
        for char in _fold_char(text[index]):
            out.push(char, index, index + 1)
        index += 1
    return out


def _expand(word: str) -> str | None:
    """The long form of a contraction, or None when `word` is not one."""
    if word in _WHOLE_WORDS:
        return _WHOLE_WORDS[word]
    if "'" not in word:
        return None
    stem, _, rest = word.partition("'")
    if rest == "s" and stem in _IS_STEMS:
        return f"{stem} is"
    for suffix, long_form in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)].replace("'", " ") + long_form
    return None


def normalize(text: str) -> NormalizedText:
    """Fold `text`: casefold, strip accents (đ→d), unify apostrophes, expand contractions, squeeze spaces."""
    folded = _fold(text)
    source = "".join(folded.chars)
    out = _Builder()
    position = 0
    for match in _TOKEN.finditer(source):
        for gap in range(position, match.start()):
            out.push(source[gap], folded.starts[gap], folded.ends[gap])
        position = match.end()
        token = match.group()
        core = token.strip("'")
        if not core:
            out.push(" ", folded.starts[match.start()], folded.ends[match.start()])
            continue
        base = match.start() + len(token) - len(token.lstrip("'"))
        long_form = _expand(core)
        if long_form is None:
            for offset, char in enumerate(core):
                at = base + offset
                out.push(" " if char == "'" else char, folded.starts[at], folded.ends[at])
        else:
            start, end = folded.starts[base], folded.ends[base + len(core) - 1]
            for char in long_form:
                out.push(char, start, end)
    for gap in range(position, len(source)):
        out.push(source[gap], folded.starts[gap], folded.ends[gap])
    return NormalizedText(text, "".join(out.chars), tuple(out.starts), tuple(out.ends))


def normalize_phrase(phrase: str) -> str:
    """The folded form a catalog phrase is compared in; empty when nothing in it can match."""
    return normalize(phrase).text.strip(" ")


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One regex matching any of `phrases` as whole words in folded text; None when there are none.

    Longer phrases come first so that, at a given position, the most specific phrase wins.
    """
    folded = sorted({normalize_phrase(phrase) for phrase in phrases} - {""}, key=lambda p: (-len(p), p))
    if not folded:
        return None
    body = "|".join(re.escape(phrase) for phrase in folded)
    return re.compile(rf"(?<![^ |])(?:{body})(?![^ |])")


def contains_any(text: str, pattern: re.Pattern[str] | None) -> bool:
    """Whether folded `text` holds a phrase of a `compile_phrases` regex."""
    return pattern is not None and pattern.search(normalize(text).text) is not None
