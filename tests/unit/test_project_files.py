"""The files a newcomer reads first: the package metadata (no deprecated forms that warn at install) and the
README (its links lead somewhere, its demo logins work)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from parley.demo import DEMO_LOGINS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_license_is_an_spdx_expression_with_its_text_shipped() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    # A TOML table here makes setuptools warn "`project.license` as a TOML table is deprecated" on install.
    assert project["license"] == "AGPL-3.0-or-later"
    for name in project["license-files"]:
        assert (
            (ROOT / name).read_text(encoding="utf-8").lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE")
        )
    requirement = next(r for r in pyproject["build-system"]["requires"] if r.startswith("setuptools"))
    assert int(re.search(r">=(\d+)", requirement).group(1)) >= 77  # type: ignore[union-attr]


def test_every_relative_link_of_the_readme_leads_to_a_file() -> None:
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    relative = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert len(relative) >= 10
    assert [link for link in relative if not (ROOT / link).exists()] == []


def test_the_readme_lists_every_demo_login_with_its_password() -> None:
    rows = dict(re.findall(r"^\|[^|]+\| `([\w-]+)` \| `([\w-]+)` \|$", README, re.MULTILINE))
    assert rows == {login.username: login.password for login in DEMO_LOGINS}


def test_the_readme_names_the_two_commands() -> None:
    assert "```sh\nmake run\n```" in README
    assert "```sh\nmake test\n```" in README
