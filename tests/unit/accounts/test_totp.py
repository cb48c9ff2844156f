"""TOTP (RFC 6238 over RFC 4226), its window and replay rule, recovery codes and sealed secrets."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.accounts.totp import (
    SealBroken,
    code_at,
    hotp,
    matching_step,
    new_recovery_codes,
    new_secret,
    otpauth_uri,
    recovery_digest,
    seal,
    step_at,
    unseal,
)

RFC_KEY = b"12345678901234567890"
RFC_SECRET = base64.b32encode(RFC_KEY).decode("ascii")

# RFC 6238 appendix B, the SHA-1 column (8 digits).
RFC_6238_SHA1 = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]

# RFC 4226 appendix D: HOTP values of counters 0..9 (6 digits).
RFC_4226 = [
    "755224",
    "287082",
    "359152",
    "969429",
    "338314",
    "254676",
    "287922",
    "162583",
    "399871",
    "520489",
]


@pytest.mark.parametrize(("unix_seconds", "expected"), RFC_6238_SHA1)
def test_rfc_6238_vectors(unix_seconds: int, expected: str) -> None:
    assert hotp(RFC_KEY, step_at(unix_seconds), digits=8) == expected
    assert code_at(RFC_SECRET, unix_seconds) == expected[-6:]


def test_rfc_4226_vectors() -> None:
    assert [hotp(RFC_KEY, counter) for counter in range(10)] == RFC_4226


def test_secret_is_160_bits_of_base32() -> None:
    secret = new_secret()
    assert len(base64.b32decode(secret + "=" * (-len(secret) % 8))) == 20
    assert secret != new_secret()


def test_window_accepts_one_step_either_side_and_no_more() -> None:
    now = 1_700_000_000
    for offset, accepted in [(-60, False), (-30, True), (0, True), (30, True), (60, False)]:
        code = code_at(RFC_SECRET, now + offset)
        found = matching_step(RFC_SECRET, code, now, None)
        assert (found is not None) == accepted, offset
        if accepted:
            assert found == step_at(now + offset)


def test_a_used_code_cannot_be_replayed_nor_an_older_one() -> None:
    now = 1_700_000_000
    code = code_at(RFC_SECRET, now)
    used = matching_step(RFC_SECRET, code, now, None)
    assert used == step_at(now)
    assert matching_step(RFC_SECRET, code, now, used) is None
    assert matching_step(RFC_SECRET, code_at(RFC_SECRET, now - 30), now, used) is None
    assert matching_step(RFC_SECRET, code_at(RFC_SECRET, now + 30), now, used) == used + 1


def test_codes_are_read_with_spaces_and_refused_when_not_six_digits() -> None:
    now = 1_700_000_000
    code = code_at(RFC_SECRET, now)
    assert matching_step(RFC_SECRET, f"{code[:3]} {code[3:]}", now, None) is not None
    assert matching_step(RFC_SECRET, code[:5], now, None) is None
    assert matching_step(RFC_SECRET, "abcdef", now, None) is None


def test_otpauth_uri_names_issuer_account_and_parameters() -> None:
    uri = otpauth_uri("JBSWY3DPEHPK3PXP", "ana.agent", "Parley")
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc, parts.path) == ("otpauth", "totp", "/Parley:ana.agent")
    query = parse_qs(parts.query)
    assert query == {
        "secret": ["JBSWY3DPEHPK3PXP"],
        "issuer": ["Parley"],
        "algorithm": ["SHA1"],
        "digits": ["6"],
        "period": ["30"],
    }


def test_recovery_codes_are_distinct_and_read_loosely() -> None:
    codes = new_recovery_codes()
    assert len(codes) == 10
    assert len(set(codes)) == 10
    code = codes[0]
    assert recovery_digest(code) == recovery_digest(code.upper().replace("-", " "))
    assert recovery_digest(code) != recovery_digest(codes[1])


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", min_size=16, max_size=64))
def test_sealed_secrets_open_with_their_key_only(secret: str) -> None:
    sealed = seal(secret, "k" * 40)
    assert secret not in sealed
    assert unseal(sealed, "k" * 40) == secret
    with pytest.raises(SealBroken):
        unseal(sealed, "x" * 40)


def test_an_altered_seal_is_refused() -> None:
    sealed = seal(new_secret(), "k" * 40)
    raw = bytearray(base64.urlsafe_b64decode(sealed[3:]))
    raw[20] ^= 1
    with pytest.raises(SealBroken):
        unseal("v1:" + base64.urlsafe_b64encode(bytes(raw)).decode("ascii"), "k" * 40)
