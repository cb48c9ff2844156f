"""Finding catalog phrases in what an operator writes or says, fast enough to run on every keystroke.

    matcher = PhraseMatcher(load_catalog(), language="auto")   # build once per catalog: compiles the regexes
    for hit in matcher.find(draft):                            # then call per text; never raises
        highlight(hit.start, hit.end, hint=hit.suggestion)

A matcher is immutable after construction and safe to share between threads and requests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from parley.etiquette.catalog import LANGUAGES, Catalog, Language, PhraseEntry, Severity
from parley.etiquette.text import compile_phrases, normalize, normalize_phrase

LanguageChoice = Literal["en", "vi", "auto"]


@dataclass(frozen=True, slots=True)
class PhraseHit:
    """One catalog phrase found in a text; `matched == text[start:end]` of the text given to `find`."""

    entry_id: str
    start: int
    end: int
    matched: str
    language: Language
    severity: Severity
    why: str
    alternatives: tuple[str, ...]

    @property
    def suggestion(self) -> str:
        """The first alternative: what to say instead."""
        return self.alternatives[0]


@dataclass(frozen=True, slots=True)
class _LanguageIndex:
    language: Language
    pattern: re.Pattern[str] | None
    entries_by_phrase: dict[str, PhraseEntry]


def _build_index(catalog: Catalog, language: Language) -> _LanguageIndex:
    entries_by_phrase: dict[str, PhraseEntry] = {}
    for entry in catalog.entries:
        advice = entry.advice(language)
        if advice is None:
            continue
        for pattern in advice.patterns:
            # When two entries share a phrase, the earlier entry in the catalog owns it.
            entries_by_phrase.setdefault(normalize_phrase(pattern), entry)
    return _LanguageIndex(language, compile_phrases(entries_by_phrase), entries_by_phrase)


class PhraseMatcher:
    """Finds the phrases of `catalog` in one language, or in both with `language="auto"`."""

    def __init__(self, catalog: Catalog, language: LanguageChoice = "auto") -> None:
        if language not in (*LANGUAGES, "auto"):
            raise ValueError(f"language must be one of en, vi, auto, not {language!r}")
        languages: tuple[Language, ...] = LANGUAGES if language == "auto" else (language,)
        self.catalog = catalog
        self.language = language
        self._indexes = tuple(_build_index(catalog, lang) for lang in languages)

    def find(self, text: str) -> list[PhraseHit]:
        """Every phrase in `text`, ordered by position; offsets index into `text` itself."""
        normalized = normalize(text)
        hits: dict[tuple[int, int, str], PhraseHit] = {}
        for index in self._indexes:
            if index.pattern is None:
                continue
            for match in index.pattern.finditer(normalized.text):
                entry = index.entries_by_phrase[match.group()]
                advice = entry.advice(index.language)
                if advice is None:  # pragma: no cover - the index holds only entries with advice
                    continue
                start, end = normalized.original_span(match.start(), match.end())
                key = (start, end, entry.id)
                if key not in hits:
                    hits[key] = PhraseHit(
                        entry.id,
                        start,
                        end,
                        text[start:end],
                        index.language,
                        entry.severity,
                        advice.why,
                        advice.alternatives,
                    )
        return sorted(hits.values(), key=lambda hit: (hit.start, -hit.end, hit.entry_id))

    def first(self, text: str) -> PhraseHit | None:
        """The earliest phrase in `text`, if any."""
        hits = self.find(text)
        return hits[0] if hits else None
