"""Placeholders as the operator reads them."""

from __future__ import annotations

from parley.scripts.placeholders import spoken_date


def test_a_date_is_read_out_in_the_scripts_language() -> None:
    assert spoken_date("2026-12-24", "vi") == "24/12/2026"
    assert spoken_date("2026-12-24", "en") == "24 December 2026"
    assert spoken_date("2026-02-30", "en") == "2026-02-30"  # not a date: as it is
    assert spoken_date("tomorrow", "vi") == "tomorrow"
    assert spoken_date(42, "vi") == 42
