"""`parley scripts validate` and `parley scripts play` on files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import app
from tests.unit.scripts.sample import SAMPLE

runner = CliRunner()


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample-order.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_validate_clean_file(sample_file: Path) -> None:
    result = runner.invoke(app, ["scripts", "validate", "--strict", str(sample_file)])
    assert result.exit_code == 0, result.output


def test_validate_reports_file_line_and_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(SAMPLE.replace("next: can_talk", "next: nowhere"), encoding="utf-8")
    result = runner.invoke(app, ["scripts", "validate", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:25: error: step 'greet': leads to unknown step 'nowhere'" in result.output


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    rude = tmp_path / "rude.yaml"
    rude.write_text(
        SAMPLE.replace("I will send you our offer by email.", "You must pay now."), encoding="utf-8"
    )
    assert runner.invoke(app, ["scripts", "validate", str(rude)]).exit_code == 0
    strict = runner.invoke(app, ["scripts", "validate", "--strict", str(rude)])
    assert strict.exit_code == 1
    assert "warning" in strict.output


def test_validate_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scripts", "validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "cannot read" in result.output


def test_play_to_an_outcome(sample_file: Path) -> None:
    answers = "Yes\n2026-12-24\n5\n"
    result = runner.invoke(
        app,
        [
            "scripts",
            "play",
            str(sample_file),
            "--var",
            "customer.name=Anna",
            "--var",
            "customer.orders_count=3",
            "--var",
            "company=Shoe Shop",
        ],
        input=answers,
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[-2] == "outcome: confirmed"
    assert json.loads(lines[-1].removeprefix("fields: ")) == {"delivery_date": "2026-12-24", "rating": 5}
    assert "Good afternoon, this is Alex from Shoe Shop." in result.output
    assert "An offer for Anna" in result.output


def test_play_by_numbers_and_other(sample_file: Path) -> None:
    result = runner.invoke(app, ["scripts", "play", str(sample_file)], input="3: driving\n")
    lines = result.output.strip().splitlines()
    assert lines[-2:] == ["outcome: callback", 'fields: {"reason": "driving"}']


def test_play_refuses_a_bad_answer_naming_the_step(sample_file: Path) -> None:
    result = runner.invoke(app, ["scripts", "play", str(sample_file)], input="Yes\nsoon\n")
    assert result.exit_code == 1
    assert "step 'ask_date'" in result.output
    assert "not a date" in result.output


def test_play_complains_when_input_ends_early(sample_file: Path) -> None:
    result = runner.invoke(app, ["scripts", "play", str(sample_file)], input="Yes\n")
    assert result.exit_code == 1
    assert "input ended at step 'ask_date'" in result.output


def test_an_organization_catalog_adds_a_phrase(sample_file: Path, tmp_path: Path) -> None:
    catalog = tmp_path / "acme.yaml"
    catalog.write_text(
        "version: 1\nphrases:\n  - id: no-deliver\n    en:\n      patterns: [we deliver]\n"
        "      why: Promise a date instead.\n      alternatives: [Your order arrives on Friday.]\n",
        encoding="utf-8",
    )
    plain = runner.invoke(app, ["scripts", "validate", "--strict", str(sample_file)])
    assert plain.exit_code == 0
    result = runner.invoke(
        app, ["scripts", "validate", "--strict", "--catalog", str(catalog), str(sample_file)]
    )
    assert result.exit_code == 1
    assert "Your order arrives on Friday." in result.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("phrases: 3\n", encoding="utf-8")
    refused = runner.invoke(app, ["scripts", "validate", "--catalog", str(broken), str(sample_file)])
    assert refused.exit_code == 2


def test_validate_checks_customer_fields_named_with_fields(sample_file: Path) -> None:
    """#13 point 11: offline, `customer.*` is checked against `--fields` when given (the sample reads
    customer.orders_count), and a note says it is not checked otherwise."""
    unnamed = runner.invoke(app, ["scripts", "validate", "--fields", "address", str(sample_file)])
    assert unnamed.exit_code == 1
    assert "customer has no 'orders_count'" in unnamed.output
    named = runner.invoke(app, ["scripts", "validate", "--fields", "address, orders_count", str(sample_file)])
    assert named.exit_code == 0, named.output
    assert "note:" not in named.output
    repeated = ["--fields", "address", "--fields", "orders_count"]
    assert runner.invoke(app, ["scripts", "validate", *repeated, str(sample_file)]).exit_code == 0
    offline = runner.invoke(app, ["scripts", "validate", str(sample_file)])
    assert offline.exit_code == 0
    assert "note: customer.* placeholders are not checked" in offline.output
