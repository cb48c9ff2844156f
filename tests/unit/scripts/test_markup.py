"""The email markup: what authors write becomes allowlisted HTML and a readable text part; nothing hostile
survives, whatever the text."""

from __future__ import annotations

import time
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.scripts import markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags(fragment: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(fragment)
    return parser.tags


def test_paragraphs_line_breaks_and_emphasis() -> None:
    text = "Hello **An**,\n\nThank you for *choosing* us.\nKind regards,\nMai"
    assert markup.to_html(text) == (
        "<p>Hello <strong>An</strong>,</p>\n"
        "<p>Thank you for <em>choosing</em> us.<br>\nKind regards,<br>\nMai</p>"
    )
    assert markup.to_text(text) == "Hello An,\n\nThank you for choosing us.\nKind regards,\nMai\n"


def test_bold_inside_italic_and_unclosed_markers_stay_text() -> None:
    assert markup.to_html("*a **b** c*") == "<p><em>a <strong>b</strong> c</em></p>"
    assert markup.to_html("2 * 3 = 6 and **open") == "<p>2 * 3 = 6 and **open</p>"
    assert markup.to_html(r"\*not italic\*") == "<p>*not italic*</p>"


def test_nested_bullet_and_numbered_lists() -> None:
    text = "What you get:\n- a fitting\n  - 20 minutes\n  - in store\n- 15% off\n\n3. third\n4. fourth"
    assert markup.to_html(text) == (
        "<p>What you get:</p>\n"
        "<ul>\n<li>a fitting<ul>\n<li>20 minutes</li>\n<li>in store</li>\n</ul></li>\n"
        "<li>15% off</li>\n</ul>\n"
        '<ol start="3">\n<li>third</li>\n<li>fourth</li>\n</ol>'
    )
    assert markup.to_text(text) == (
        "What you get:\n\n- a fitting\n  - 20 minutes\n  - in store\n- 15% off\n\n3. third\n4. fourth\n"
    )


def test_a_numbered_list_inside_a_bullet_and_a_continuation_line() -> None:
    text = "- steps:\n  1. measure\n  2. try\n- done\n  on Saturday"
    assert markup.to_html(text) == (
        "<ul>\n<li>steps:<ol>\n<li>measure</li>\n<li>try</li>\n</ol></li>\n"
        "<li>done<br>\non Saturday</li>\n</ul>"
    )


def test_deep_nesting_is_bounded() -> None:
    text = "\n".join("  " * depth + f"- level {depth}" for depth in range(20))
    html = markup.to_html(text)
    assert html.count("<ul>") == markup.MAX_DEPTH
    assert "level 19" in html


def test_links_keep_only_http_https_and_mailto() -> None:
    html = markup.to_html(
        "See [our stores](https://shop.example/stores?a=1&b=2) or [write](mailto:help@shop.example)"
    )
    assert html == (
        '<p>See <a href="https://shop.example/stores?a=1&amp;b=2">our stores</a> or '
        '<a href="mailto:help@shop.example">write</a></p>'
    )
    assert markup.to_text(
        "See [our stores](https://shop.example/s) or [write](mailto:help@shop.example)"
    ) == ("See our stores (https://shop.example/s) or write (help@shop.example)\n")


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "https://",
        'https://x.example/" onmouseover="alert(1)',
        "file:///etc/passwd",
        "mailto:",
    ],
)
def test_hostile_link_addresses_are_not_links(address: str) -> None:
    text = f"[click]({address})"
    html = markup.to_html(text)
    assert "<a" not in html
    assert "href" not in html
    assert [p.code for p in markup.problems(text)] == ["unsafe-link"]


def test_html_is_escaped_never_passed_through() -> None:
    text = '<script>alert(1)</script> <img src=x onerror="alert(1)"> **<b>bold</b>** & "quotes"'
    html = markup.to_html(text)
    assert "<script" not in html
    assert "<img" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp; &quot;quotes&quot;" in html
    assert markup.to_text(text).startswith("<script>alert(1)</script>")  # the text part is plain text


def test_link_text_is_escaped_and_holds_no_nested_link() -> None:
    html = markup.to_html("[<i>x</i> [inner](https://a.example)](https://b.example)")
    assert html.count("<a ") == 1
    assert "&lt;i&gt;" in html


def test_bare_addresses_become_links_without_trailing_punctuation() -> None:
    assert markup.to_html("Visit https://shop.example/stores.") == (
        '<p>Visit <a href="https://shop.example/stores">https://shop.example/stores</a>.</p>'
    )
    assert markup.to_text("Visit https://shop.example/stores.") == "Visit https://shop.example/stores.\n"


def test_email_document_wraps_the_fragment() -> None:
    document = markup.email_document("<p>Hi</p>", lang="vi")
    assert document.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert "<p>Hi</p>" in document
    assert "<script" not in document


@pytest.mark.parametrize(
    "value",
    [
        "Anna *the* Great",
        "[x](javascript:alert(1))",
        "- not a list",
        "1. not a list",
        "{{ agent.name }}",
        "a\\b",
    ],
)
def test_escaped_values_stay_literal(value: str) -> None:
    html = markup.to_html(f"Dear {markup.escape(value)}")
    assert "<em>" not in html
    assert "<a" not in html
    assert "<li>" not in html
    assert markup.to_text(f"Dear {markup.escape(value)}") == f"Dear {value}\n"
    assert markup.to_text(markup.escape(value)) == value + "\n"


@pytest.mark.parametrize(
    "text",
    [
        "[" * 50_000,
        "*a " * 16_000,
        "**" * 25_000,
        "[a](" + "(" * 49_990,
        "*[**" * 12_500,
        "\n".join("  " * (i % 40) + "- x" for i in range(10_000)),
    ],
    ids=["brackets", "open-italics", "bold-markers", "parentheses", "mixed", "deep-lists"],
)
def test_rendering_stays_linear_on_hostile_text(text: str) -> None:
    """Anyone signed in may ask for a preview of 50,000 characters: no text may cost seconds (an unclosed
    `[` or `*` used to be searched for to the end of the line from each of them)."""
    # CPU time of this process, not the wall clock: other processes on a loaded CI machine do not count.
    started = time.process_time()
    rendered = markup.render_email(text)
    assert time.process_time() - started < 3
    assert rendered.html.startswith("<!DOCTYPE html>")


def test_render_email_gives_both_parts_and_the_problems() -> None:
    rendered = markup.render_email("**Hi** [x](javascript:1)", lang="en")
    assert "<strong>Hi</strong>" in rendered.html
    assert rendered.text == "Hi [x](javascript:1)\n"
    assert [p.address for p in rendered.problems] == ["javascript:1"]


def test_empty_text_is_empty() -> None:
    assert markup.to_html("") == ""
    assert markup.to_text("\n\n") == ""


_MARKUP_CHARS = st.sampled_from(
    [*"ab *-+1.[]()<>\"'&\\:/\n ", "**", "javascript:", "https://", "mailto:", "  "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKUP_CHARS, max_size=60).map("".join))
def test_any_text_gives_only_allowlisted_tags_and_safe_links(text: str) -> None:
    html = markup.to_html(text)
    for tag, attributes in tags(html):
        assert tag in ALLOWED_TAGS, (text, html)
        if tag == "a":
            [(name, href)] = attributes
            assert name == "href"
            assert href is not None
            assert markup.safe_href(href) == href
            assert href.split(":", 1)[0].lower() in ("http", "https", "mailto")
        elif tag == "ol":
            assert all(name == "start" for name, _ in attributes)
        else:
            assert attributes == []
    markup.to_text(text)  # never fails


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_value_escaped_reads_back_as_itself(value: str) -> None:
    value = value.replace("\r", "")
    lines = [line.strip() for line in value.split("\n")]
    if any(not line for line in lines) or value != "\n".join(lines):
        return  # blank lines and outer spaces are layout, not words
    assert markup.to_text(markup.escape(value)) == value + "\n"
