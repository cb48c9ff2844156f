"""Pure two-factor rules: TOTP codes (RFC 6238 over RFC 4226), recovery codes, and the sealing of secrets.

Standard library only. Time comes in as Unix seconds, so every rule is deterministic under test.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
#: Codes of the step before and after the current one are accepted too (clock drift, a code typed late).
WINDOW = 1
SECRET_BYTES = 20  # 160 bits, as RFC 4226 recommends
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed from paper
_RECOVERY_LENGTH = 10
_SEAL_VERSION = "v1"


def new_secret() -> str:
    """A random 160-bit secret in unpadded base32, as authenticator apps take it."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def _key(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def step_at(unix_seconds: float) -> int:
    return int(unix_seconds // STEP_SECONDS)


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 4226: the dynamically truncated HMAC of the counter, as `digits` decimal digits."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def code_at(secret: str, unix_seconds: float) -> str:
    return hotp(_key(secret), step_at(unix_seconds))


def normalize_code(code: str) -> str:
    return "".join(code.split()).replace("-", "")


def matching_step(secret: str, code: str, unix_seconds: float, last_used_step: int | None) -> int | None:
    """The time step whose code `code` is (within the window), or None. A step at or before the last one
    used is never accepted again, so a code seen over someone's shoulder cannot be replayed."""
    code = normalize_code(code)
    if len(code) != DIGITS or not code.isdigit():
        return None
    key, now = _key(secret), step_at(unix_seconds)
    for step in range(now - WINDOW, now + WINDOW + 1):
        if last_used_step is not None and step <= last_used_step:
            continue
        if hmac.compare_digest(hotp(key, step), code):
            return step
    return None


def otpauth_uri(secret: str, account: str, issuer: str) -> str:
    """The `otpauth://totp/...` URI an authenticator app reads from a QR code (Key Uri Format)."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP_SECONDS}
    )
    return f"otpauth://totp/{label}?{query}"


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Single-use codes shown once, as `xxxxx-xxxxx`."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def recovery_digest(code: str) -> str:
    """What is stored of a recovery code: case, spaces and dashes do not matter when it is typed back."""
    return hashlib.sha256(normalize_code(code).lower().encode("utf-8")).hexdigest()


def _subkey(key: str, purpose: bytes) -> bytes:
    return hmac.new(key.encode("utf-8"), b"parley-two-factor-" + purpose, hashlib.sha256).digest()


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (
        hmac.new(key, nonce + struct.pack(">I", i), hashlib.sha256).digest() for i in range(length // 32 + 1)
    )
    return b"".join(blocks)[:length]


def seal(secret: str, key: str) -> str:
    """Encrypt-then-MAC `secret` under the server's secret key (HMAC-SHA256 as a stream cipher and as
    the tag), so a copy of the database alone does not give anyone's second factor."""
    nonce = secrets.token_bytes(16)
    plain = secret.encode("ascii")
    cipher = bytes(
        a ^ b for a, b in zip(plain, _keystream(_subkey(key, b"enc"), nonce, len(plain)), strict=True)
    )
    tag = hmac.new(_subkey(key, b"mac"), nonce + cipher, hashlib.sha256).digest()
    return _SEAL_VERSION + ":" + base64.urlsafe_b64encode(nonce + cipher + tag).decode("ascii")


class SealBroken(ValueError):
    """A sealed secret that was altered, or sealed under another secret key."""


def unseal(sealed: str, key: str) -> str:
    version, _, body = sealed.partition(":")
    raw = base64.urlsafe_b64decode(body.encode("ascii")) if version == _SEAL_VERSION else b""
    if len(raw) < 16 + 32:
        raise SealBroken("not a sealed secret")
    nonce, cipher, tag = raw[:16], raw[16:-32], raw[-32:]
    expected = hmac.new(_subkey(key, b"mac"), nonce + cipher, hashlib.sha256).digest()
    if not hmac.compare_digest(tag, expected):
        raise SealBroken("the sealed secret does not match the secret key")
    stream = _keystream(_subkey(key, b"enc"), nonce, len(cipher))
    return bytes(a ^ b for a, b in zip(cipher, stream, strict=True)).decode("ascii")
