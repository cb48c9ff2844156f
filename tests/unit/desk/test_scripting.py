"""The script panel's helpers: the name an agent goes by."""

from __future__ import annotations

from parley.desk.scripting import given_name


def test_given_name_is_the_last_word_of_a_vietnamese_name() -> None:
    assert given_name("Nguyễn Thị Lan") == "Lan"
    assert given_name("Alex Agent") == "Alex"
    assert given_name("") == ""
