"""Folding text to a comparable form that still knows where each folded character came from.

Both sides of a comparison (catalog phrases and what an operator types) are folded the same way, so a phrase
matches however it is cased, punctuated, spaced, accented or contracted. Folded text holds lowercase letters
and digits, spaces (runs are kept, so most offsets stay put) and `|` where a `{{ placeholder }}` stood: a
wall no phrase matches across. The work is done with `str.translate` and a few regex passes rather than a
Python loop per character, because the desk folds the operator's draft on every keystroke.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

BARRIER = "|"

# `{{ ... }}` without braces inside: linear to scan even on hostile input ("{{{{{{...").
PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_APOSTROPHES = frozenset("'’‘`´ʼʹ′")
# Letters that Unicode decomposition leaves alone but readers treat as accented forms of a base letter.
_LETTERS = {"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"}
# Stand, in a first pass, for a character that folds to nothing (an accent typed as a separate mark) and for
# one that folds to several characters ("ß", "ﬁ"): the only ones whose offsets need a piece of their own.
_DROPPED = "\x00"
_EXPANDED = "\x01"
_IRREGULAR_RUN = re.compile("[\x00\x01]+")
_TABLE_LIMIT = 65_536

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
    "mustnt": "must not",
    "youre": "you are",
    "youve": "you have",
    "ive": "i have",
    "im": "i am",
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
_CONTRACTION = re.compile(
    r"(?<![^ |'])(?:[^ |']+'[^ |']+|" + "|".join(w for w in _WHOLE_WORDS if "'" not in w) + r")(?![^ |'])"
)

_BARE_CONTRACTIONS = frozenset(word for word in _WHOLE_WORDS if "'" not in word)

# Whole-word boundaries in folded text: a word is a run of anything but spaces and barriers.
_WORD_START = r"(?<![^ |])"
_WORD_END = r"(?![^ |])"
# "you must" is an order; "you must not" / "you mustn't" is a different sentence and must be listed itself.
_NOT_NEXT = r"(?! +not(?![^ |]))"


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """One character folded: casefolded, accents dropped, apostrophes unified, anything else a space."""
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


class _FoldTable(dict[int, str]):
    """A `str.translate` table filled on demand; characters folding to other than one character are marked."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        value = folded if len(folded) == 1 else _EXPANDED if folded else _DROPPED
        if len(self) < _TABLE_LIMIT:  # hostile input must not grow the table without bound
            self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


class _OffsetMap:
    """Where each character of a rewritten string came from, as pieces of the source.

    An exact piece copies source characters one for one; any other piece maps each of its characters to the
    whole source span it replaced (an expanded contraction, a placeholder, a decomposed accent).
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._starts: list[int] = []
        self._sources: list[tuple[int, int, bool]] = []
        self._length = 0

    def keep(self, source_start: int, text: str) -> None:
        self._add(text, source_start, source_start + len(text), exact=True)

    def replace(self, source_start: int, source_end: int, text: str) -> None:
        self._add(text, source_start, source_end, exact=False)

    def _add(self, text: str, source_start: int, source_end: int, *, exact: bool) -> None:
        if not text:
            return
        self.parts.append(text)
        self._starts.append(self._length)
        self._sources.append((source_start, source_end, exact))
        self._length += len(text)

    def source(self, index: int) -> tuple[int, int]:
        """The source span that produced character `index` of the rewritten string."""
        piece = bisect_right(self._starts, index) - 1
        start, end, exact = self._sources[piece]
        if exact:
            at = start + index - self._starts[piece]
            return at, at + 1
        return start, end


def _fold_segment(text: str, start: int, end: int, out: _OffsetMap) -> None:
    segment = text[start:end]
    folded = segment.translate(_FOLD_TABLE)
    if segment.isascii() or (_DROPPED not in folded and _EXPANDED not in folded):  # ASCII: one for one
        out.keep(start, folded)
        return
    done = 0
    for run in _IRREGULAR_RUN.finditer(folded):
        out.keep(start + done, folded[done : run.start()])
        if _EXPANDED in run.group():
            for index in range(start + run.start(), start + run.end()):
                out.replace(index, index + 1, fold_char(text[index]))
        done = run.end()
    out.keep(start + done, folded[done:])


def _fold(text: str) -> _OffsetMap:
    out = _OffsetMap()
    done = 0
    if "{{" in text:
        for placeholder in PLACEHOLDER.finditer(text):
            _fold_segment(text, done, placeholder.start(), out)
            out.replace(placeholder.start(), placeholder.end(), BARRIER)
            done = placeholder.end()
    _fold_segment(text, done, len(text), out)
    return out


def _expand(word: str) -> str | None:
    """The long form of a contraction, or None when `word` is not one."""
    if word in _WHOLE_WORDS:
        return _WHOLE_WORDS[word]
    stem, _, rest = word.partition("'")
    if rest == "s" and stem in _IS_STEMS:
        return f"{stem} is"
    for suffix, long_form in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)] + long_form
    return None


def _expand_contractions(folded: str) -> _OffsetMap | None:
    """`folded` with contractions spelled out, or None when it has none."""
    if "'" not in folded and _BARE_CONTRACTIONS.isdisjoint(folded.replace(BARRIER, " ").split(" ")):
        return None  # what _CONTRACTION would find needs an apostrophe or one of these words
    out: _OffsetMap | None = None
    done = 0
    for match in _CONTRACTION.finditer(folded):
        long_form = _expand(match.group())
        if long_form is None:
            continue
        out = out or _OffsetMap()
        out.keep(done, folded[done : match.start()])
        out.replace(match.start(), match.end(), long_form)
        done = match.end()
    if out is not None:
        out.keep(done, folded[done:])
    return out


@dataclass(frozen=True, slots=True, eq=False)
class NormalizedText:
    """`text` is the folded form of `original`; `original_span` maps a span of `text` back."""

    original: str
    text: str
    _folding: _OffsetMap
    _expansion: _OffsetMap | None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of `original` that folded to `text[start:end]` (end > start), with trailing accents."""
        first, last = start, end - 1
        if self._expansion is not None:
            first, last = self._expansion.source(first)[0], self._expansion.source(last)[1] - 1
        begin, finish = self._folding.source(first)[0], self._folding.source(last)[1]
        while finish < len(self.original) and unicodedata.combining(self.original[finish]):
            finish += 1
        return begin, finish


@lru_cache(maxsize=8192)
def normalize(text: str) -> NormalizedText:
    """Fold `text`: casefold, drop accents (đ→d), unify apostrophes, spell out contractions, wall off
    placeholders. Cached (bounded): a script's lint reads each step text for several checks, and the
    designer re-validates mostly unchanged texts as the author types."""
    folding = _fold(text)
    folded = "".join(folding.parts)
    expansion = _expand_contractions(folded)
    if expansion is not None:
        folded = "".join(expansion.parts)
    return NormalizedText(text, folded.replace("'", " "), folding, expansion)


# Words that spelling out a contraction writes without their letters being in the text ("won't" -> "will
# not", "it's" -> "it is"). Every other word of folded ASCII text is a run of the text's own letters and
# digits, lowercased ("could" of "couldn't", "do" of "dont"): what `PhraseIndex.occurs_in` relies on.
_SPELLED_OUT = frozenset(
    {"is"}
    | {long_form.strip() for _, long_form in _SUFFIXES}
    | {word for short, long_form in _WHOLE_WORDS.items() for word in long_form.split() if word not in short}
)


def canonical_phrase(phrase: str) -> str:
    """The folded form of a catalog phrase, single-spaced; empty when nothing in it can match."""
    return " ".join(normalize(phrase).text.split())


class _Trie:
    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.terminal = False


def _branches(node: _Trie) -> str:
    options = [re.escape(word) + _continuation(child, word) for word, child in sorted(node.children.items())]
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"


def _continuation(node: _Trie, word: str) -> str:
    # Longer phrases are tried before the phrase ending here, so the most specific one wins.
    options = [" +" + _branches(node)] if node.children else []
    if node.terminal:
        options.append(_WORD_END + ("" if word == "not" else _NOT_NEXT))
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"


@dataclass(frozen=True, slots=True)
class PhraseFound:
    """A phrase found in folded text: the span in the folded text and the phrase in canonical form."""

    start: int
    end: int
    phrase: str


def _any_of(words: Iterable[str]) -> str:
    """A regex finding any of `words` anywhere, as a character trie (a branch per next character, tried
    once per position); a word that has a shorter one as its prefix adds nothing."""
    root = _Trie()
    for word in words:
        node = root
        for char in word:
            node = node.children.setdefault(char, _Trie())
        node.terminal = True

    def pattern(node: _Trie) -> str:
        if node.terminal:
            return ""
        options = [re.escape(char) + pattern(child) for char, child in sorted(node.children.items())]
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    return pattern(root)


def _prefilter(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """A quick test that lowercased ASCII text may hold one of `phrases` (canonical): it must contain the
    longest word of one of them that is not a spelled-out contraction word (nor holds a placeholder's
    barrier). None when some phrase has no such word: then every text must be folded and searched."""
    tokens = set()
    for phrase in phrases:
        words = [word for word in phrase.split(" ") if word not in _SPELLED_OUT and BARRIER not in word]
        if not words:
            return None
        tokens.add(max(words, key=len))
    return re.compile(_any_of(tokens)) if tokens else None


class PhraseIndex:
    """Finds any of a set of phrases, as whole words, in normalized text, with one regex (compiled once).

    The phrases are compiled as a word trie, so a text is scanned once whatever the number of phrases.
    Phrases may overlap: every word start is tried, and at each the longest phrase is reported.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        root = _Trie()
        canonical = {canonical_phrase(phrase) for phrase in phrases} - {""}
        for phrase in canonical:
            node = root
            for word in phrase.split(" "):
                node = node.children.setdefault(word, _Trie())
            node.terminal = True
        # Compiled on first use: the regex of a whole catalog takes a while to compile, and a script whose
        # texts all fail the prefilter never needs it.
        self._source = f"{_WORD_START}(?=({_branches(root)}))" if root.children else None
        self._compiled: re.Pattern[str] | None = None
        self._prefilter = _prefilter(canonical) if root.children else None

    @property
    def _pattern(self) -> re.Pattern[str] | None:
        if self._compiled is None and self._source is not None:
            self._compiled = re.compile(self._source)  # a race compiles it twice, harmlessly
        return self._compiled

    def may_occur(self, text: str) -> bool:
        """False when no phrase can occur in the (not normalized) `text`, decided without folding it: most
        texts of a script hold no catalog phrase, and folding costs far more than this test. Only plain
        ASCII text is ruled out; placeholders are left out first, as folding walls them off."""
        if self._source is None:
            return False
        if self._prefilter is None or not text.isascii():
            return True
        if "{{" in text:
            text = PLACEHOLDER.sub(" ", text)
        return self._prefilter.search(text.lower()) is not None

    def occurs_in(self, text: str) -> bool:
        """Whether any phrase occurs in `text` (not normalized): `search(normalize(text))`, faster."""
        return self.may_occur(text) and self.search(normalize(text))

    def finditer(self, text: NormalizedText) -> Iterator[PhraseFound]:
        pattern = self._pattern
        if pattern is None:
            return
        for match in pattern.finditer(text.text):
            yield PhraseFound(match.start(1), match.end(1), " ".join(match.group(1).split()))

    def search(self, text: NormalizedText) -> bool:
        pattern = self._pattern
        return pattern is not None and pattern.search(text.text) is not None
