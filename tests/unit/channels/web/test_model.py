"""The web site's rules, pure: origins, topics, buttons, pre-chat, texts, theme, and hostile input."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from parley.channels.web import errors
from parley.channels.web.model import (
    MAX_ORIGINS,
    MAX_TOPICS,
    AskContact,
    AskName,
    Position,
    new_key,
    normalize_origin,
    parse_site,
    site_from_settings,
    site_settings,
)
from parley.platform.errors import DomainError


def raw(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Shop",
        "enabled": True,
        "origins": ["https://shop.example"],
        "topics": [{"label": {"en": "Orders", "vi": "Đơn hàng"}, "queue": "orders"}],
        "buttons": {"chat": True, "callback": False, "call": False},
        "prechat": {"name": "optional", "contact": "email"},
        "texts": {
            lang: {"greeting": "Hello", "offline": "Closed", "consent": "Keep my data"}
            for lang in ("en", "vi")
        },
        "theme": {"colour": "#AABBCC", "position": "bottom-right"},
    }
    body.update(changes)
    return body


def refused(body: dict[str, Any], error: type[DomainError]) -> DomainError:
    with pytest.raises(error) as caught:
        parse_site(body)
    return caught.value


def test_a_valid_site_round_trips_through_its_settings() -> None:
    site = parse_site(raw())
    assert site.theme.colour == "#aabbcc"
    assert site.theme.position is Position.BOTTOM_RIGHT
    assert site.prechat.name is AskName.OPTIONAL
    assert site.prechat.contact is AskContact.EMAIL
    assert site.asks_topic is False
    assert site.queues == {"orders"}
    assert site_from_settings(site_settings(site)) == site
    again = site_settings(site)
    assert again["theme"]["colour"] == "#aabbcc"


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("https://shop.example", "https://shop.example"),
        ("HTTPS://SHOP.Example/", "https://shop.example"),
        ("  https://shop.example  ", "https://shop.example"),
        ("https://shop.example:443", "https://shop.example"),
        ("https://shop.example:8443", "https://shop.example:8443"),
        ("http://localhost", "http://localhost"),
        ("http://localhost:80", "http://localhost"),
        ("http://localhost:5173", "http://localhost:5173"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://[::1]:3000", "http://[::1]:3000"),
        ("https://[2001:DB8::1]", "https://[2001:db8::1]"),
        ("https://bücher.example", "https://xn--bcher-kva.example"),
        ("https://a-b.c-d.example", "https://a-b.c-d.example"),
    ],
)
def test_origins_are_normalized(text: str, origin: str) -> None:
    assert normalize_origin(text) == origin


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "shop.example",
        "//shop.example",
        "ftp://shop.example",
        "javascript:alert(1)",
        "data:text/html,hi",
        "https://",
        "https://shop.example/path",
        "https://shop.example/?q=1",
        "https://shop.example?",
        "https://shop.example#top",
        "https://user:pw@shop.example",
        "https://user@shop.example",
        "https://*.shop.example",
        "*",
        "https://shop.example:99999",
        "https://shop.example:0",
        "https://shop.example:abc",
        "https://shop .example",
        "https://shop\t.example",
        "https://shop\x00.example",
        "https://-shop.example",
        "https://shop_x.example",
        "https://[::1",
        "https://[nothing]",
        "https:\\\\shop.example",
        "https://" + "a" * 64 + ".example",
        "https://" + "a." * 120 + "example",
    ],
)
def test_non_origins_are_refused(text: str) -> None:
    with pytest.raises(errors.BadOrigin):
        normalize_origin(text)


@pytest.mark.parametrize("text", ["http://shop.example", "http://10.0.0.1", "http://localhost.evil.example"])
def test_http_is_for_localhost_only(text: str) -> None:
    with pytest.raises(errors.InsecureOrigin) as caught:
        normalize_origin(text)
    assert caught.value.code == "web-insecure-origin"


def test_origins_count_and_repeats() -> None:
    assert refused(raw(origins=[]), errors.WrongCount).extra == {
        "field": "origins",
        "min": 1,
        "max": MAX_ORIGINS,
    }
    many = [f"https://s{i}.example" for i in range(MAX_ORIGINS + 1)]
    refused(raw(origins=many), errors.WrongCount)
    assert len(parse_site(raw(origins=many[:MAX_ORIGINS])).origins) == MAX_ORIGINS
    repeat = refused(raw(origins=["https://a.example", "HTTPS://A.EXAMPLE:443/"]), errors.RepeatedOrigin)
    assert repeat.extra == {"origin": "https://a.example"}


def _topic(en: str, vi: str = "x", queue: str = "orders") -> dict[str, Any]:
    return {"label": {"en": en, "vi": vi}, "queue": queue}


def test_topics_count_labels_and_repeats() -> None:
    refused(raw(topics=[]), errors.WrongCount)
    refused(raw(topics=[_topic(f"t{i}", f"v{i}") for i in range(MAX_TOPICS + 1)]), errors.WrongCount)
    site = parse_site(raw(topics=[_topic("A", "a"), _topic("B", "b", "complaints")]))
    assert site.asks_topic is True
    assert site.queues == {"orders", "complaints"}
    assert refused(raw(topics=[_topic("")]), errors.BadText).extra["field"] == "topic"
    refused(raw(topics=[_topic("x" * 81)]), errors.BadText)
    assert parse_site(raw(topics=[_topic("x" * 80)])).topics[0].label["en"] == "x" * 80
    refused(raw(topics=[_topic("A", "a"), _topic("a ", "b")]), errors.RepeatedTopic)
    refused(raw(topics=[_topic("A", "same"), _topic("B", "Same")]), errors.RepeatedTopic)
    refused(raw(topics=[{"label": {"en": "A"}, "queue": "orders"}]), errors.BadText)
    refused(raw(topics=[_topic("A", queue=" ")]), errors.BadText)


def test_buttons_call_is_reserved_and_one_button_must_show() -> None:
    error = refused(raw(buttons={"chat": True, "callback": True, "call": True}), errors.CallButtonUnavailable)
    assert error.code == "web-call-button-unavailable"
    refused(raw(buttons={"chat": False, "callback": False, "call": False}), errors.NoButton)
    assert parse_site(raw(buttons={"chat": False, "callback": True, "call": False})).buttons.callback


def test_pre_chat_and_position_choices() -> None:
    for name in ("off", "optional", "required"):
        for contact in ("email", "phone", "either"):
            site = parse_site(raw(prechat={"name": name, "contact": contact}))
            assert (site.prechat.name.value, site.prechat.contact.value) == (name, contact)
    refused(raw(prechat={"name": "sometimes", "contact": "email"}), errors.BadText)
    refused(raw(prechat={"name": "off", "contact": "none"}), errors.BadText)
    refused(raw(theme={"colour": "#000000", "position": "top-left"}), errors.BadText)
    assert parse_site(raw(theme={"colour": "#000000", "position": "bottom-left"})).theme.position.value == (
        "bottom-left"
    )


@pytest.mark.parametrize("colour", ["red", "#abc", "#abcdefg", "abcdef", "#ggg000", "#12345", " #123456", ""])
def test_colours_are_rrggbb(colour: str) -> None:
    refused(raw(theme={"colour": colour, "position": "bottom-right"}), errors.BadColour)


@pytest.mark.parametrize(("field", "maximum"), [("greeting", 500), ("offline", 500), ("consent", 1000)])
def test_texts_are_bounded_per_language(field: str, maximum: int) -> None:
    for lang in ("en", "vi"):
        body = copy.deepcopy(raw())
        body["texts"][lang][field] = "x" * (maximum + 1)
        assert refused(body, errors.BadText).extra == {"field": field, "max": maximum, "language": lang}
        body["texts"][lang][field] = ""
        refused(body, errors.BadText)
        body["texts"][lang][field] = "x" * maximum
        assert getattr(parse_site(body).texts[lang], field) == "x" * maximum
    body = copy.deepcopy(raw())
    del body["texts"]["vi"]
    refused(body, errors.BadText)


def test_hostile_text_is_refused_or_kept_as_plain_text() -> None:
    refused(raw(name="Shop\x00"), errors.BadText)
    refused(raw(name="Shop\x1b[31m"), errors.BadText)
    refused(raw(name="Two\nlines"), errors.BadText)  # a name is one line
    refused(raw(name=" " * 10), errors.BadText)
    refused(raw(name="x" * 81), errors.BadText)
    body = copy.deepcopy(raw())
    body["texts"]["en"]["greeting"] = "Hi\u0007"
    refused(body, errors.BadText)
    body["texts"]["en"]["greeting"] = "<script>alert(1)</script>\nChào 👋"
    site = parse_site(body)
    assert site.texts["en"].greeting == "<script>alert(1)</script>\nChào 👋"  # text, escaped when shown
    assert parse_site(raw(name="  Shop  ")).name == "Shop"
    decomposed = parse_site(raw(name="Cafe\u0301")).name
    assert decomposed == "Caf\u00e9"  # NFC


def test_keys_are_unguessable_and_url_safe() -> None:
    keys = {new_key() for _ in range(200)}
    assert len(keys) == 200
    assert all(len(k) == 24 and k.replace("-", "").replace("_", "").isalnum() for k in keys)
