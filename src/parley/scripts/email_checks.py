"""Checks of an email template that validation reports: the sender is an address, links are ones the email
keeps (http, https, mailto), attachments are plain file names. Pure: the standard library and siblings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Literal

from parley.platform.addresses import breaks_lines
from parley.scripts import markup
from parley.scripts.model import EmailTemplate
from parley.scripts.placeholders import PLACEHOLDER

_ADDRESS = re.compile(r"^[^@\s<>\"(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")


@dataclass(frozen=True, slots=True)
class TemplateProblem:
    code: Literal[
        "invalid-sender", "invalid-subject", "unsafe-link", "invalid-attachment"
    ]  # diagnostic codes
    message: str
    line: int | None
    params: Mapping[str, str] = field(default_factory=dict)  # what a user interface words the message from


def sender_problem(sender: str) -> str | None:
    """Why `sender` cannot be a From address (None when it can): `offers@shop.example` or
    `Shop <offers@shop.example>`, one address, no line breaks, no placeholders."""
    if any(c in sender for c in "\r\n") or PLACEHOLDER.search(sender):
        return "must be one fixed address"
    name, address = parseaddr(sender)
    if not address or not _ADDRESS.fullmatch(address):
        return "is not an email address"
    text = sender.strip()
    if name and not (text.endswith(">") and "<" in text):
        return "is not an email address"
    if not name and text not in (address, f"<{address}>"):
        return "is not an email address"
    return None


def attachment_problem(name: str) -> str | None:
    if not name or "/" in name or "\\" in name or name.startswith(".") or any(ord(c) < 32 for c in name):
        return "must be a file name from the attachments folder, without a folder"
    return None


def check_template(template: EmailTemplate) -> list[TemplateProblem]:
    where = f"email {template.id!r}: "
    lines = template.key_lines
    found: list[TemplateProblem] = []
    if template.sender is not None and (reason := sender_problem(template.sender)):
        found.append(
            TemplateProblem(
                "invalid-sender",
                f"{where}sender {template.sender!r} {reason} (e.g. Shop <offers@shop.example>)",
                lines.get("sender", template.line),
                {"email": template.id, "sender": template.sender},
            )
        )
    if breaks_lines(template.subject):
        found.append(
            TemplateProblem(
                "invalid-subject",
                f"{where}the subject must be one line: no line breaks, tabs, line separators (U+2028) or "
                "other control characters",
                lines.get("subject", template.line),
                {"email": template.id},
            )
        )
    # A placeholder may stand in a link's address (e.g. an order's tracking page): checked as if filled.
    body = PLACEHOLDER.sub("x", template.body)
    start = lines.get("body", template.line)
    offset = 0 if "\n" in template.body else -1  # a block scalar (`|`) starts on the next line
    for problem in markup.problems(body):
        found.append(
            TemplateProblem(
                "unsafe-link",
                f"{where}link address {problem.address!r} is not an http, https or mailto address; the email "
                "shows the text without a link",
                start + problem.line + offset if start is not None else None,
                {"email": template.id, "link": problem.address},
            )
        )
    for name in template.attachments:
        if reason := attachment_problem(name):
            found.append(
                TemplateProblem(
                    "invalid-attachment",
                    f"{where}attachment {name!r} {reason}",
                    lines.get("attachments", template.line),
                    {"email": template.id, "attachment": name},
                )
            )
    return found
