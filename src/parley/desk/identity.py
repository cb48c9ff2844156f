"""Normalized contact details, so the same customer is found however the number or address was typed.

Phones become E.164 (`+84901234567`) using the organization's default region for national numbers; emails
are trimmed and lower-cased. Either returns None when the text is not a plausible phone number or address.
"""

from __future__ import annotations

import phonenumbers

from parley.platform.addresses import one_address


def normalize_phone(raw: str, region: str = "VN") -> str | None:
    text = raw.strip()
    if not text or len(text) > 40 or "@" in text:
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(raw: str) -> str | None:
    """Exactly one address (no list, display name or control character), trimmed and lower-cased."""
    return one_address(raw)


def identity_of(raw: str, region: str = "VN") -> tuple[str, str] | None:
    """('phone', '+84…') or ('email', 'a@b.c') for a contact's "from", or None if it is neither."""
    email = normalize_email(raw)
    if email is not None:
        return "email", email
    phone = normalize_phone(raw, region)
    if phone is not None:
        return "phone", phone
    return None
