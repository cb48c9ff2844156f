"""The phrase catalog: typed model, validation, and merging organization catalogs over the built-in one.

The format is described at the top of `catalog.yaml`. Loading never returns a half-valid catalog: the first
problem raises `CatalogError`, naming the source, the entry and the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Literal, cast, get_args

import yaml

from parley.etiquette.text import BARRIER, canonical_phrase
from parley.platform.errors import DomainError

Language = Literal["en", "vi"]
Severity = Literal["warning", "info"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
CHECK_KINDS = ("greeting_company", "greeting_agent", "can_talk", "closing_question")
BUILTIN_PATH = Path(__file__).with_name("catalog.yaml")

_ENTRY_KEYS = frozenset({"id", "severity", "extra", "disabled", *LANGUAGES})
_ADVICE_KEYS = frozenset({"patterns", "why", "alternatives"})
_TOP_KEYS = frozenset({"version", "phrases", "checks"})
# libyaml's safe loader builds the same data about ten times faster; the catalog is read on first validation.
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogError(DomainError):
    """A catalog file is malformed; `entry` and `key` say where."""

    code: ClassVar[str] = "etiquette-catalog-invalid"
    status: ClassVar[int] = 422
    title: ClassVar[str] = "Invalid etiquette catalog"

    def __init__(
        self, source: str, message: str, *, entry: str | None = None, key: str | None = None
    ) -> None:
        where = source
        if entry is not None:
            where += f": entry {entry!r}"
        if key is not None:
            where += f", key {key!r}"
        super().__init__(f"{where}: {message}", source=source, entry=entry, key=key)
        self.source = source
        self.entry = entry
        self.key = key


@dataclass(frozen=True, slots=True)
class Advice:
    """What to avoid in one language, why, and what to say instead."""

    patterns: tuple[str, ...]
    why: str
    alternatives: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PhraseEntry:
    """One phrase to avoid, with its advice per language; `extra` marks entries beyond the article's 15."""

    id: str
    severity: Severity
    en: Advice | None
    vi: Advice | None
    extra: bool = False

    def advice(self, language: Language) -> Advice | None:
        return self.en if language == "en" else self.vi


@dataclass(frozen=True, slots=True)
class PhraseList:
    """Recognizer phrases of one script check, per language."""

    en: tuple[str, ...] = ()
    vi: tuple[str, ...] = ()

    def for_language(self, language: str) -> tuple[str, ...]:
        """The phrases of `language`; of every language when it is neither `en` nor `vi`."""
        if language == "en":
            return self.en
        if language == "vi":
            return self.vi
        return self.en + self.vi

    def extended(self, other: PhraseList) -> PhraseList:
        return PhraseList(_unique(self.en + other.en), _unique(self.vi + other.vi))


@dataclass(frozen=True, slots=True)
class ScriptCheckPhrases:
    """Recognizers of the script checks: how a greeting names the company and the agent, how an outbound
    call asks whether the person can talk, how a script asks whether every question was answered."""

    greeting_company: PhraseList = field(default_factory=PhraseList)
    greeting_agent: PhraseList = field(default_factory=PhraseList)
    can_talk: PhraseList = field(default_factory=PhraseList)
    closing_question: PhraseList = field(default_factory=PhraseList)

    def extended(self, other: ScriptCheckPhrases) -> ScriptCheckPhrases:
        return ScriptCheckPhrases(
            self.greeting_company.extended(other.greeting_company),
            self.greeting_agent.extended(other.greeting_agent),
            self.can_talk.extended(other.can_talk),
            self.closing_question.extended(other.closing_question),
        )


@dataclass(frozen=True, slots=True)
class Catalog:
    """The merged catalog: phrase entries in order (built-in first, then organizations') and check phrases."""

    entries: tuple[PhraseEntry, ...]
    checks: ScriptCheckPhrases = field(default_factory=ScriptCheckPhrases)

    def get(self, entry_id: str) -> PhraseEntry | None:
        return next((entry for entry in self.entries if entry.id == entry_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(entry.id for entry in self.entries)


@dataclass(frozen=True, slots=True)
class CatalogDocument:
    """One parsed catalog file, before merging: entries to add or replace, ids to disable, check phrases."""

    entries: tuple[PhraseEntry, ...]
    disabled: tuple[str, ...]
    checks: ScriptCheckPhrases


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _string_list(value: object, source: str, entry: str | None, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(item, str) and item.strip() for item in value)
    ):
        raise CatalogError(source, "must be a non-empty list of non-empty strings", entry=entry, key=key)
    return tuple(item.strip() for item in value)


def _phrase_list(value: object, source: str, entry: str, key: str) -> tuple[str, ...]:
    """Phrases to match: strings with at least one word and no `{{ placeholder }}`."""
    phrases = _string_list(value, source, entry, key)
    for phrase in phrases:
        folded = canonical_phrase(phrase)
        if not folded or BARRIER in folded:
            problem = "has no words" if not folded else "holds a {{ placeholder }}, which never matches"
            raise CatalogError(source, f"phrase {phrase!r} {problem}", entry=entry, key=key)
    return phrases


def _parse_advice(value: object, source: str, entry: str, language: str) -> Advice:
    if not isinstance(value, dict):
        raise CatalogError(
            source, "must be a mapping of patterns, why, alternatives", entry=entry, key=language
        )
    for key in value:
        if key not in _ADVICE_KEYS:
            raise CatalogError(source, "is not a known key", entry=entry, key=f"{language}.{key}")
    patterns = _phrase_list(value.get("patterns"), source, entry, f"{language}.patterns")
    why = value.get("why")
    if not isinstance(why, str) or not why.strip():
        raise CatalogError(source, "must be a non-empty string", entry=entry, key=f"{language}.why")
    alternatives = _string_list(value.get("alternatives"), source, entry, f"{language}.alternatives")
    return Advice(patterns, why.strip(), alternatives)


def _parse_entry(value: object, index: int, source: str) -> PhraseEntry | str:
    """A phrase entry, or the id it disables."""
    label = f"phrases[{index}]"
    if not isinstance(value, dict):
        raise CatalogError(source, "must be a mapping", entry=label)
    entry_id = value.get("id")
    if not isinstance(entry_id, str) or not entry_id.strip():
        raise CatalogError(source, "must be a non-empty string", entry=label, key="id")
    entry_id = entry_id.strip()
    for key in value:
        if key not in _ENTRY_KEYS:
            raise CatalogError(source, "is not a known key", entry=entry_id, key=str(key))
    for flag in ("disabled", "extra"):
        if not isinstance(value.get(flag, False), bool):
            raise CatalogError(source, "must be true or false", entry=entry_id, key=flag)
    if value.get("disabled", False):
        return entry_id
    severity = value.get("severity", "warning")
    if severity not in SEVERITIES:
        raise CatalogError(source, f"must be one of {', '.join(SEVERITIES)}", entry=entry_id, key="severity")
    advice = {lang: _parse_advice(value[lang], source, entry_id, lang) for lang in LANGUAGES if lang in value}
    if not advice:
        raise CatalogError(source, "an entry needs advice in at least one language", entry=entry_id, key="en")
    return PhraseEntry(
        entry_id,
        cast(Severity, severity),
        advice.get("en"),
        advice.get("vi"),
        bool(value.get("extra", False)),
    )


def _parse_checks(value: object, source: str) -> ScriptCheckPhrases:
    if value is None:
        return ScriptCheckPhrases()
    if not isinstance(value, dict):
        raise CatalogError(source, "must be a mapping", entry="checks")
    lists: dict[str, PhraseList] = {}
    for kind, per_language in value.items():
        if kind not in CHECK_KINDS:
            raise CatalogError(
                source, f"must be one of {', '.join(CHECK_KINDS)}", entry="checks", key=str(kind)
            )
        if not isinstance(per_language, dict):
            raise CatalogError(source, "must be a mapping of language to phrases", entry="checks", key=kind)
        for lang in per_language:
            if lang not in LANGUAGES:
                raise CatalogError(source, "is not a known language", entry="checks", key=f"{kind}.{lang}")
        phrases = {
            lang: _phrase_list(per_language[lang], source, "checks", f"{kind}.{lang}")
            for lang in LANGUAGES
            if lang in per_language
        }
        lists[kind] = PhraseList(phrases.get("en", ()), phrases.get("vi", ()))
    return ScriptCheckPhrases(**lists)


def parse_document(data: object, source: str) -> CatalogDocument:
    """Validate one loaded YAML document of the catalog format."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CatalogError(source, "a catalog must be a mapping with `phrases` and `checks`")
    for key in data:
        if key not in _TOP_KEYS:
            raise CatalogError(source, "is not a known top-level key", key=str(key))
    if data.get("version", 1) != 1:
        raise CatalogError(source, "only version 1 is understood", key="version")
    raw_entries = data.get("phrases") or []
    if not isinstance(raw_entries, list):
        raise CatalogError(source, "must be a list of entries", key="phrases")
    entries: list[PhraseEntry] = []
    disabled: list[str] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_entries):
        parsed = _parse_entry(raw, index, source)
        entry_id = parsed if isinstance(parsed, str) else parsed.id
        if entry_id in seen:
            raise CatalogError(source, "appears twice in one file", entry=entry_id, key="id")
        seen.add(entry_id)
        if isinstance(parsed, str):
            disabled.append(parsed)
        else:
            entries.append(parsed)
    return CatalogDocument(tuple(entries), tuple(disabled), _parse_checks(data.get("checks"), source))


def _names_file(source: str) -> bool:
    if "\n" in source:
        return False
    try:
        return Path(source).is_file()
    except (OSError, ValueError):  # too long for a file name, or a NUL inside: it is text
        return False


def _read(source: Path | str) -> tuple[Any, str]:
    """YAML data and a name for messages. A `str` naming an existing file is read; any other is YAML text."""
    if isinstance(source, Path) or _names_file(source):
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise CatalogError(str(path), f"cannot be read: {error.strerror}") from error
        name = str(path)
    else:
        text, name = source, "<catalog text>"
    try:
        return yaml.load(text, Loader=_FAST_LOADER), name  # noqa: S506 - a safe loader, libyaml's when built
    except yaml.YAMLError:
        pass  # the pure-Python loader words its errors with the offending line shown: report those
    try:
        return yaml.safe_load(text), name
    except yaml.YAMLError as error:
        raise CatalogError(name, f"is not valid YAML: {error}") from error


def merge(base: Catalog, document: CatalogDocument) -> Catalog:
    """`document` over `base`: same id replaces in place, `disabled` removes, new ids append, checks add."""
    replacements = {entry.id: entry for entry in document.entries}
    gone = set(document.disabled)
    kept = [replacements.pop(entry.id, entry) for entry in base.entries if entry.id not in gone]
    added = [entry for entry in document.entries if entry.id in replacements]
    return Catalog(tuple(kept + added), base.checks.extended(document.checks))


@cache
def builtin_catalog() -> Catalog:
    """The catalog shipped with Parley; parsed once per process (it is immutable)."""
    data, name = _read(BUILTIN_PATH)
    document = parse_document(data, name)
    return merge(Catalog(()), document)


def load_catalog(extra: Sequence[Path | str] = ()) -> Catalog:
    """The built-in catalog with each organization catalog in `extra` merged over it, in order.

    Each item is a file path or YAML text in the built-in format. Disabling an id that no earlier
    catalog defines is not an error, so an organization file keeps loading when a built-in entry is retired.
    """
    catalog = builtin_catalog()
    for source in extra:
        data, name = _read(source)
        catalog = merge(catalog, parse_document(data, name))
    return catalog
