"""Email addresses and header text that cannot turn into more than they say. Pure: the standard library.

An address is exactly one RFC 5322 addr-spec in its dot-atom form (`name.tag+x@shop.example`): no display
name, angle brackets, commas, semicolons, quotes, comments, whitespace or control characters, so that a
`To` built from it names one recipient. A header's text (a subject) holds no line breaks of any kind:
control characters (CR, LF, VT, FF, NEL U+0085, ...) and the Unicode line and paragraph separators
(U+2028, U+2029), which mail and Python's `str.splitlines` treat as line ends.
"""

from __future__ import annotations

import re
import unicodedata

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
#: One addr-spec: a dot-atom local part, then a domain of two or more labels whose last starts with a letter.
ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[A-Za-z](?:[A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?")
#: One mailbox of any domain, a single label included (`no-reply@localhost`, the default sender): what a
#: header may carry. Recipients are held to ADDRESS; this only guarantees one address, not a reachable one.
MAILBOX = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})*")
#: The longest address SMTP carries (RFC 5321: a 254-character path) and the longest local part.
MAX_LENGTH = 254
MAX_LOCAL = 64


def one_address(raw: str) -> str | None:
    """`raw` trimmed and lower-cased when it is exactly one address; None otherwise."""
    text = raw.strip().lower()
    if len(text) > MAX_LENGTH or not ADDRESS.fullmatch(text):
        return None
    if len(text.rpartition("@")[0]) > MAX_LOCAL:
        return None
    return text


def one_mailbox(raw: str) -> bool:
    """Whether `raw` is exactly one mailbox (MAILBOX) of at most MAX_LENGTH characters."""
    return len(raw) <= MAX_LENGTH and MAILBOX.fullmatch(raw) is not None


def several_addresses(raw: str) -> bool:
    """Whether `raw` looks like a list of addresses (`a@x.example, b@y.example`), not one."""
    return raw.count("@") > 1 or ("@" in raw and ("," in raw or ";" in raw))


def breaks_lines(text: str) -> bool:
    """Whether `text` holds a control character or a Unicode line or paragraph separator."""
    return any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in text)


def one_line(text: str) -> str:
    """`text` with every line break and control character made a space: header-safe whatever it held."""
    return "".join(" " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in text)
