"""Every message the server sends a person has English and Vietnamese text in the front end's catalog.

The catalog (frontend/src/shared/i18n/errors.{en,vi}.json) words problems from their `code` and `params`:
`errors` for problem codes (every DomainError, the HTTP and other problems of platform/problems.py),
`validation` for a field's 422 problem, `diagnostics` for the designer's diagnostics and `reasons` for what a
`reason` parameter names. This test collects those codes from the code itself, so a new error or diagnostic
without text in both languages fails here, and so does a placeholder its code never sends.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import parley
from parley.platform.errors import DomainError
from parley.platform.problems import _HTTP_CODES, OTHER_CODES, VALIDATION_PARAMS
from parley.scripts.answers import ANSWER_PARAMS
from parley.scripts.diagnostics import CODES, PARAMS, REASONS

ROOT = Path(__file__).resolve().parents[3]
CATALOG = ROOT / "frontend" / "src" / "shared" / "i18n"
SOURCE = ROOT / "src" / "parley"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
CLIENT_CODES = ("network-error",)  # made by the front end's client when the server cannot be reached


def _catalog(language: str) -> dict[str, dict[str, object]]:
    catalog: dict[str, dict[str, object]] = json.loads((CATALOG / f"errors.{language}.json").read_text())
    return catalog


CATALOGS = {language: _catalog(language) for language in ("en", "vi")}


def _subclasses(cls: type[DomainError]) -> Iterator[type[DomainError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _domain_errors() -> list[type[DomainError]]:
    for module in pkgutil.walk_packages(parley.__path__, "parley."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    return [DomainError, *(c for c in _subclasses(DomainError) if not c.__name__.startswith("_"))]


ERRORS = _domain_errors()


def _calls() -> Iterator[ast.Call]:
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call):
                yield node


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _sent_params() -> dict[str, set[str]]:
    """The keyword arguments each DomainError class is raised with anywhere in src/parley, by class name."""
    names = {cls.__name__ for cls in ERRORS}
    sent: dict[str, set[str]] = {}
    for call in _calls():
        if _name(call) in names:
            sent.setdefault(_name(call), set()).update(k.arg for k in call.keywords if k.arg)
    return sent


def _custom_validation_codes() -> dict[str, set[str]]:
    """Codes of the schemas' own checks: PydanticCustomError("code", "message", {params})."""
    found: dict[str, set[str]] = {}
    for call in _calls():
        if _name(call) == "PydanticCustomError" and isinstance(call.args[0], ast.Constant):
            params: set[str] = set()
            if len(call.args) > 2 and isinstance(call.args[2], ast.Dict):
                params = {k.value for k in call.args[2].keys if isinstance(k, ast.Constant)}
            found[str(call.args[0].value)] = params
    return found


def _problem_codes() -> set[str]:
    return (
        {cls.code for cls in ERRORS}
        | {code for code, _ in _HTTP_CODES.values()}
        | set(OTHER_CODES)
        | set(CLIENT_CODES)
    )


def _reason_params() -> dict[str, set[str]]:
    """Every reason with the parameters it may use: those of diagnostics and those errors raise."""
    reasons = {reason: set(params) for reason, params in (REASONS | ANSWER_PARAMS).items()}
    sent = _sent_params()
    for cls in ERRORS:
        for reason in cls.reasons:
            reasons.setdefault(reason, set()).update(sent.get(cls.__name__, set()))
    return reasons


def _placeholders(text: object) -> set[str]:
    assert isinstance(text, str)
    return set(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", ["en", "vi"])
def test_every_code_has_text_in_both_languages(language: str) -> None:
    catalog = CATALOGS[language]
    wanted = {
        "errors": _problem_codes(),
        "validation": set(VALIDATION_PARAMS) | set(_custom_validation_codes()),
        "diagnostics": set(CODES),
        "reasons": set(_reason_params()),
        # a fallback for each status an error can have, and for no answer at all (0) and an unknown one
        "status": {str(c.status) for c in ERRORS} | {str(s) for s in _HTTP_CODES} | {"0", "500", "default"},
    }
    for section, codes in wanted.items():
        texts = catalog[section]
        missing = sorted(codes - set(texts))
        assert not missing, f"{language} {section} lacks {missing}"
        stale = sorted(set(texts) - codes)
        assert not stale, f"{language} {section} has text for codes nothing sends: {stale}"
        empty = [code for code, text in texts.items() if not isinstance(text, str) or not text.strip()]
        assert not empty, f"{language} {section}: empty {empty}"


def test_both_languages_have_the_same_codes_and_values() -> None:
    en, vi = CATALOGS["en"], CATALOGS["vi"]
    assert set(en) == set(vi)
    for section in en:
        assert set(en[section]) == set(vi[section]), section
    for name, values in en["values"].items():
        assert isinstance(values, dict)
        assert set(values) == set(vi["values"][name])  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_diagnostic_texts_use_only_the_params_their_code_sends(language: str) -> None:
    catalog = CATALOGS[language]
    for code in CODES:
        assert _placeholders(catalog["diagnostics"][code]) <= set(PARAMS[code]), (language, code)
    for reason, params in _reason_params().items():
        assert _placeholders(catalog["reasons"][reason]) <= params, (language, reason)


@pytest.mark.parametrize("language", ["en", "vi"])
def test_error_texts_use_only_params_their_errors_are_raised_with(language: str) -> None:
    catalog = CATALOGS[language]["errors"]
    sent = _sent_params()
    by_code: dict[str, set[str]] = {}
    for cls in ERRORS:
        by_code.setdefault(cls.code, set()).update(sent.get(cls.__name__, set()))
    by_code["too-many-requests"] = {"retry_after_seconds"}  # also sent by the login's rate limit
    for code, params in by_code.items():
        used = _placeholders(catalog[code])
        assert used <= params, (language, code, used - params)


@pytest.mark.parametrize("language", ["en", "vi"])
def test_validation_texts_use_only_their_params(language: str) -> None:
    catalog = CATALOGS[language]["validation"]
    params = {code: set(names) for code, names in VALIDATION_PARAMS.items()} | _custom_validation_codes()
    for code, names in params.items():
        assert _placeholders(catalog[code]) <= names, (language, code)


def test_vietnamese_is_not_english() -> None:
    """A Vietnamese text may quote a keyword of the format, but is never the English text again."""
    en, vi = CATALOGS["en"], CATALOGS["vi"]
    same = [
        (section, code)
        for section in ("errors", "validation", "diagnostics", "reasons", "status")
        for code, text in en[section].items()
        if text == vi[section][code] and _placeholders(text) != {text.strip("{}")}
    ]
    assert same == []
