"""The widget's pure choices: the language it speaks and the origins it lets in."""

from __future__ import annotations

import pytest

from parley.channels.web.errors import WidgetOriginRefused
from parley.channels.web.model import parse_site
from parley.channels.web.widget import allowed_origin, choose_language
from tests.unit.channels.web.test_model import raw


@pytest.mark.parametrize(
    ("asked", "accept", "language"),
    [
        ("vi", "en", "vi"),
        (None, None, "en"),
        (None, "", "en"),
        (None, "vi", "vi"),
        (None, "vi-VN,vi;q=0.9,en;q=0.8", "vi"),
        (None, "fr, en;q=0.5, vi;q=0.7", "vi"),
        (None, "fr, de", "en"),
        (None, "vi;q=0, en;q=0.1", "en"),
        (None, "vi;q=abc, en", "en"),
        (None, "*", "en"),
        (None, ";;,,;q=", "en"),
    ],
)
def test_the_language_is_the_asked_one_else_the_first_accepted_one(
    asked: str | None, accept: str | None, language: str
) -> None:
    assert choose_language(asked, accept) == language


def test_only_the_sites_origins_are_allowed_normalized() -> None:
    site = parse_site(raw(origins=["https://shop.example", "http://localhost:5173"]))
    assert allowed_origin(site, "https://SHOP.example:443") == "https://shop.example"
    assert allowed_origin(site, "http://localhost:5173") == "http://localhost:5173"
    for origin in [None, "", "null", "https://evil.example", "http://shop.example", "https://shop.example/x"]:
        with pytest.raises(WidgetOriginRefused):
            allowed_origin(site, origin)
