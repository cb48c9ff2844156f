"""Finding catalog phrases in what an operator writes or says, fast enough to run on every keystroke.

    matcher = PhraseMatcher(load_catalog(), language="auto")   # build once per catalog: compiles the regexes
    for hit in matcher.find(draft):                            # then call per text; never raises
        highlight(hit.start, hit.end, hint=hit.suggestion)

Matching ignores case, punctuation, runs of spaces, apostrophe styles and accents, spells out contractions,
and only matches whole words; see `text.py`. A matcher is immutable after construction and safe to share
between threads and requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from parley.etiquette.catalog import LANGUAGES, Catalog, Language, PhraseEntry, Severity
from parley.etiquette.text import PhraseIndex, canonical_phrase, normalize

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


def _owners(catalog: Catalog, languages: tuple[Language, ...]) -> dict[str, tuple[PhraseEntry, Language]]:
    """Which entry (and in which language) each canonical phrase belongs to.

    When two entries share a phrase, the earlier entry in the catalog owns it, so a text gets one hit there.
    """
    owners: dict[str, tuple[PhraseEntry, Language]] = {}
    for entry in catalog.entries:
        for language in languages:
            advice = entry.advice(language)
            for pattern in advice.patterns if advice else ():
                owners.setdefault(canonical_phrase(pattern), (entry, language))
    return owners


def _overlaps_kept(hit: PhraseHit, kept: list[PhraseHit]) -> bool:
    """A hit inside an earlier one ("i told you" in "as i told you"), or overlapping one of its own entry."""
    for other in reversed(kept):
        if other.end <= hit.start:
            continue
        if hit.end <= other.end or other.entry_id == hit.entry_id:
            return True
    return False


class PhraseMatcher:
    """Finds the phrases of `catalog` in one language, or in both with `language="auto"`."""

    def __init__(self, catalog: Catalog, language: LanguageChoice = "auto") -> None:
        if language not in (*LANGUAGES, "auto"):
            raise ValueError(f"language must be one of en, vi, auto, not {language!r}")
        self.catalog = catalog
        self.language: LanguageChoice = language
        self._owners = _owners(catalog, LANGUAGES if language == "auto" else (language,))
        self._index = PhraseIndex(self._owners)

    def find(self, text: str) -> list[PhraseHit]:
        """Every catalog phrase in `text`, by position; `start`/`end` index into `text` itself.

        Each word start reports its longest phrase. A hit lying inside an earlier hit, or overlapping an
        earlier hit of the same entry ("sorry, sorry, sorry"), is left out; other overlaps are kept.
        """
        if not self._index.may_occur(text):
            return []
        normalized = normalize(text)
        kept: list[PhraseHit] = []
        for found in self._index.finditer(normalized):
            entry, language = self._owners[found.phrase]
            advice = entry.advice(language)
            if advice is None:  # pragma: no cover - owners only hold entries with advice in that language
                continue
            start, end = normalized.original_span(found.start, found.end)
            hit = PhraseHit(
                entry.id,
                start,
                end,
                text[start:end],
                language,
                entry.severity,
                advice.why,
                advice.alternatives,
            )
            if not _overlaps_kept(hit, kept):
                kept.append(hit)
        return kept

    def first(self, text: str) -> PhraseHit | None:
        """The earliest phrase in `text`, if any."""
        hits = self.find(text)
        return hits[0] if hits else None
