"""One address means one recipient, and a header's text is one line, whatever a caller typed or forgot."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.platform import mail
from parley.platform.addresses import breaks_lines, one_address, one_line, several_addresses

ONE = ["an@example.com", "An.Nguyen+offers@Shop.Example", "o'brien@mail.example.vn", "x_y-z@a-b.c.example"]
NOT_ONE = [
    "x,victim@example.com",
    "an@example.com,victim@example.com",
    "an@example.com; victim@example.com",
    "An <an@example.com>",
    "<an@example.com>",
    '"an"@example.com',
    "an@example.com victim@example.com",
    "an @example.com",
    "an@example.com\r\nBcc: victim@example.com",
    "an\x0b@example.com",
    "an@exa\u2028mple.com",
    "an(comment)@example.com",
    "an@",
    "@example.com",
    "an@example",
    "an..b@example.com",
    ".an@example.com",
    "an@-example.com",
    "an@example.123",
    "a" * 65 + "@example.com",
    "an@" + "b" * 250 + ".com",
]


@pytest.mark.parametrize("raw", ONE)
def test_one_address_is_trimmed_and_lower_cased(raw: str) -> None:
    assert one_address(f"  {raw} ") == raw.lower()


@pytest.mark.parametrize("raw", NOT_ONE)
def test_anything_else_is_not_one_address(raw: str) -> None:
    assert one_address(raw) is None


@pytest.mark.parametrize("raw", ["x,victim@example.com", "a@x.example b@y.example", "a@x.example;"])
def test_a_list_is_named_as_several(raw: str) -> None:
    assert several_addresses(raw)


@pytest.mark.parametrize("raw", ["an@example.com", "An <an@example.com>", "an@"])
def test_one_or_a_bad_one_is_not_several(raw: str) -> None:
    assert not several_addresses(raw)


@given(st.text(max_size=80))
def test_what_passes_has_one_at_sign_and_nothing_that_separates(raw: str) -> None:
    address = one_address(raw)
    if address is not None:
        assert address.count("@") == 1
        assert not any(c in address for c in ',;<>"() \\:[]')
        assert not breaks_lines(address)


@pytest.mark.parametrize("mark", ["\r", "\n", "\v", "\f", "\x85", "\u2028", "\u2029", "\t", "\x00", "\x1b"])
def test_line_breaks_of_every_kind_are_found_and_made_spaces(mark: str) -> None:
    assert breaks_lines(f"Offer{mark}Bcc: x")
    assert one_line(f"Offer{mark}Bcc: x") == "Offer Bcc: x"


def test_letters_emoji_and_joiners_are_one_line() -> None:
    assert not breaks_lines("Ưu đãi cho anh An 👩‍👩‍👧")


NOW = datetime(2026, 12, 7, tzinfo=UTC)


@pytest.mark.parametrize(
    "recipient", ["x,victim@example.com", "An <an@example.com>", "a@x.example\nBcc: b@y.example"]
)
def test_the_mail_layer_refuses_a_to_of_more_than_one_recipient(recipient: str) -> None:
    with pytest.raises(mail.Unsendable) as refused:
        mail.build("offers@shop.example", recipient, "Hi", "text", now=NOW)
    assert refused.value.code == "mail-unsendable"
    assert refused.value.extra == {"header": "To"}


@pytest.mark.parametrize(
    "sender", ["a@shop.example, b@shop.example", "Shop <a@shop.example>; b@x.example", "nobody"]
)
def test_the_mail_layer_refuses_a_from_of_more_than_one_address(sender: str) -> None:
    with pytest.raises(mail.Unsendable) as refused:
        mail.build(sender, "an@example.com", "Hi", "text", now=NOW)
    assert refused.value.extra == {"header": "From"}


def test_the_mail_layer_makes_the_subject_one_line_and_keeps_a_display_name() -> None:
    message = mail.build(
        "Shoe Shop <Offers@shop.example>", "An@Example.com", "A\u2028B\x85C\vD", "text", now=NOW
    )
    assert message["To"] == "an@example.com"
    assert message["From"] == "Shoe Shop <Offers@shop.example>"
    assert message["Subject"] == "A B C D"
    assert "\u2028" not in message.as_string()


def test_the_default_sender_of_a_single_label_domain_is_one_address() -> None:
    message = mail.build("Parley <no-reply@localhost>", "an@example.com", "Hi", "text", now=NOW)
    assert message["From"] == "Parley <no-reply@localhost>"
